import type { Kysely } from 'kysely';
import { genderOf } from '../../core/gender.js';
import type { Correction, CorrectionKind } from '../../core/model.js';
import type { PersonRef } from '../../contract/model.js';
import { prepared } from '../prepared.js';
import type { Schema } from '../schema.js';
import { fromDate, toDate } from '../values.js';
import { inChunks } from './slugs.js';

/** A correction as the newsroom sees it: with its id and who marked it (null once the account is gone). */
export interface StoredCorrection extends Correction {
  id: number;
  user: PersonRef | null;
}

const correctionRows = prepared((db, ids: number[]) =>
  db
    .selectFrom('article_corrections as c')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.article_id', 'c.kind', 'c.note', 'c.created_at', 'u.id as user_id', 'u.name as user_name', 'u.gender as user_gender'])
    .where('c.article_id', 'in', ids),
);

/** The corrections of these articles, each list newest first: one query for a page of articles. */
export async function correctionsOf(db: Kysely<Schema>, articleIds: number[]): Promise<Map<number, StoredCorrection[]>> {
  const rows = await inChunks(articleIds, (chunk) => correctionRows(db, chunk));
  const out = new Map<number, StoredCorrection[]>();
  for (const r of rows) {
    const list = out.get(r.article_id) ?? [];
    list.push({
      id: r.id,
      kind: r.kind as CorrectionKind,
      note: r.note,
      at: toDate(r.created_at),
      user: r.user_id !== null ? { id: r.user_id, name: r.user_name ?? '', gender: genderOf(r.user_gender) } : null,
    });
    out.set(r.article_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
  return out;
}

/** The corrections of one article, newest first. */
export const listCorrections = async (db: Kysely<Schema>, articleId: number) => (await correctionsOf(db, [articleId])).get(articleId) ?? [];

/** What readers see of a correction: no id, no account. */
export const publicCorrection = ({ kind, note, at }: Correction): Correction => ({ kind, note, at });

export async function insertCorrection(db: Kysely<Schema>, c: { articleId: number; kind: CorrectionKind; note: string; userId: number | null; at: Date }): Promise<number> {
  const row = await db
    .insertInto('article_corrections')
    .values({ article_id: c.articleId, kind: c.kind, note: c.note, user_id: c.userId, created_at: fromDate(c.at) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Removes one correction of the article; false when the article has no such correction. */
export async function deleteCorrection(db: Kysely<Schema>, articleId: number, correctionId: number): Promise<boolean> {
  const r = await db.deleteFrom('article_corrections').where('article_id', '=', articleId).where('id', '=', correctionId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Replaces an article's corrections (a JSON import), keeping their times. */
export async function replaceCorrections(db: Kysely<Schema>, articleId: number, list: Correction[]): Promise<void> {
  await db.deleteFrom('article_corrections').where('article_id', '=', articleId).execute();
  if (list.length === 0) return;
  await db
    .insertInto('article_corrections')
    .values(list.map((c) => ({ article_id: articleId, kind: c.kind, note: c.note, user_id: null, created_at: fromDate(c.at) })))
    .execute();
}
