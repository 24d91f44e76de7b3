import type { Kysely } from 'kysely';
import type { Schema } from '../schema.js';
import { fromDate } from '../values.js';

/**
 * Records changed cache keys in the same transaction as the change (see content_changes).
 * Returns the ids recorded (none when there was nothing to record), for the writer's own change
 * feed: it announces the keys at once and must not announce them again when it reads the log.
 */
export async function recordChange(db: Kysely<Schema>, keys: string[], now: Date): Promise<number[]> {
  if (keys.length === 0) return [];
  const row = await db.insertInto('content_changes').values({ keys: keys.join(' '), created_at: fromDate(now) }).returning('id').executeTakeFirstOrThrow();
  return [Number(row.id)];
}

/** Forgets recorded changes older than a day: every instance has read them long before. */
export async function pruneChangeLog(db: Kysely<Schema>, now: Date): Promise<void> {
  await db.deleteFrom('content_changes').where('created_at', '<', fromDate(new Date(now.getTime() - 86_400_000))).execute();
}

/** The newest change's id (0 for an empty log). */
export async function latestChangeId(db: Kysely<Schema>): Promise<number> {
  const row = await db.selectFrom('content_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Ids of changes after `afterId`, oldest first, at most `limit`. */
export async function changeIdsAfter(db: Kysely<Schema>, afterId: number, limit?: number): Promise<number[]> {
  let q = db.selectFrom('content_changes').select('id').where('id', '>', afterId).orderBy('id');
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()).map((r) => r.id);
}

/** These changes with their keys. */
export async function changesByIds(db: Kysely<Schema>, ids: number[]): Promise<Array<{ id: number; keys: string[] }>> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('content_changes').select(['id', 'keys']).where('id', 'in', ids).execute();
  return rows.map((r) => ({ id: r.id, keys: r.keys.split(' ') }));
}
