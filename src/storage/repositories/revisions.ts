import type { Kysely } from 'kysely';
import type { RevisionKind } from '../../contract/editor-strings.js';
import type { PersonRef } from '../../contract/model.js';
import { genderOf } from '../../core/gender.js';
import type { Schema } from '../schema.js';
import { fromDate, toDate } from '../values.js';

export type { RevisionKind } from '../../contract/editor-strings.js';

export interface RevisionSummary {
  id: number;
  version: number;
  kind: string;
  createdAt: Date;
  user: PersonRef | null;
  /** The note of a correction or an update (kinds 'correction', 'update'); null for other kinds. */
  note: string | null;
}

/** Consecutive autosaves of one person within this keep one revision (the latest). */
const AUTOSAVE_MERGE_MS = 10 * 60_000;

/**
 * Stores a revision of an article: `snapshot` is the article as the editor sees it at
 * `version`. Consecutive autosaves of one person within ten minutes keep one revision (the
 * latest), so that a long edit leaves a readable history.
 */
export async function storeRevision(db: Kysely<Schema>, r: { articleId: number; version: number; userId: number | null; kind: RevisionKind; snapshot: unknown; note?: string }, now: Date): Promise<void> {
  const snapshot = JSON.stringify(r.snapshot);
  if (r.kind === 'autosave') {
    const last = await db.selectFrom('article_revisions').select(['id', 'kind', 'user_id', 'created_at']).where('article_id', '=', r.articleId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last && last.kind === 'autosave' && last.user_id === r.userId && now.getTime() - toDate(last.created_at).getTime() < AUTOSAVE_MERGE_MS) {
      await db.updateTable('article_revisions').set({ version: r.version, snapshot, created_at: fromDate(now) }).where('id', '=', last.id).execute();
      return;
    }
  }
  await db.insertInto('article_revisions').values({ article_id: r.articleId, version: r.version, user_id: r.userId, kind: r.kind, snapshot, note: r.note ?? null, created_at: fromDate(now) }).execute();
}

/** An article's revisions, newest first (the latest 500). */
export async function listRevisions(db: Kysely<Schema>, articleId: number): Promise<RevisionSummary[]> {
  const rows = await db
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.version', 'r.kind', 'r.note', 'r.created_at', 'u.id as user_id', 'u.name as user_name', 'u.gender as user_gender'])
    .where('r.article_id', '=', articleId)
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();
  return rows.map(toSummary);
}

/** One revision of an article with its snapshot, as stored (the caller knows its shape). */
export async function getRevision(db: Kysely<Schema>, articleId: number, revisionId: number): Promise<(RevisionSummary & { snapshot: unknown }) | null> {
  const r = await db
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.version', 'r.kind', 'r.note', 'r.created_at', 'r.snapshot', 'u.id as user_id', 'u.name as user_name', 'u.gender as user_gender'])
    .where('r.article_id', '=', articleId)
    .where('r.id', '=', revisionId)
    .executeTakeFirst();
  return r ? { ...toSummary(r), snapshot: JSON.parse(r.snapshot) as unknown } : null;
}

type SummaryRow = { id: number; version: number; kind: string; note: string | null; created_at: string | Date; user_id: number | null; user_name: string | null; user_gender: string | null };
const toSummary = (r: SummaryRow): RevisionSummary => ({
  id: r.id,
  version: r.version,
  kind: r.kind,
  createdAt: toDate(r.created_at),
  user: r.user_id ? { id: r.user_id, name: r.user_name ?? '', gender: genderOf(r.user_gender) } : null,
  note: r.note,
});
