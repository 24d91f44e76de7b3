import type { Kysely } from 'kysely';
import type { PersonRef } from '../../contract/model.js';
import { genderOf } from '../../core/gender.js';
import type { Schema } from '../schema.js';
import { fromDate, toDate } from '../values.js';

export interface ArticleNote {
  id: number;
  body: string;
  createdAt: Date;
  /** Who wrote it; null once the account is gone. */
  user: PersonRef | null;
}

/** The article's notes, oldest first (a thread reads down). */
export async function listNotes(db: Kysely<Schema>, articleId: number): Promise<ArticleNote[]> {
  const rows = await db
    .selectFrom('article_notes as n')
    .leftJoin('users as u', 'u.id', 'n.user_id')
    .select(['n.id', 'n.body', 'n.created_at', 'u.id as user_id', 'u.name as user_name', 'u.gender as user_gender'])
    .where('n.article_id', '=', articleId)
    .orderBy('n.id')
    .execute();
  return rows.map((r) => ({ id: r.id, body: r.body, createdAt: toDate(r.created_at), user: r.user_id !== null ? { id: r.user_id, name: r.user_name ?? '', gender: genderOf(r.user_gender) } : null }));
}

export async function insertNote(db: Kysely<Schema>, n: { articleId: number; userId: number; body: string }, now: Date): Promise<number> {
  const row = await db.insertInto('article_notes').values({ article_id: n.articleId, user_id: n.userId, body: n.body, created_at: fromDate(now) }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
