import type { Kysely } from 'kysely';
import type { Schema } from '../schema.js';
import { fromDate } from '../values.js';

/** Someone who has had an article open within this is still there. */
const PRESENT_MS = 30_000;

/** "I have it open": records it and returns who else has had it open in the last 30 seconds. */
export async function touchPresence(db: Kysely<Schema>, articleId: number, userId: number, now: Date): Promise<Array<{ id: number; name: string }>> {
  await db
    .insertInto('article_presence')
    .values({ article_id: articleId, user_id: userId, seen_at: fromDate(now) })
    .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ seen_at: fromDate(now) }))
    .execute();
  return othersEditing(db, articleId, userId, now);
}

/** Who other than `userId` has had the article open in the last 30 seconds, by name. */
export async function othersEditing(db: Kysely<Schema>, articleId: number, userId: number, now: Date): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('article_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.name'])
    .where('p.article_id', '=', articleId)
    .where('p.user_id', '!=', userId)
    .where('p.seen_at', '>', fromDate(new Date(now.getTime() - PRESENT_MS)))
    .orderBy('u.name')
    .execute();
}
