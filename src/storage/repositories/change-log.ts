import type { Kysely } from 'kysely';
import type { Schema } from '../schema.js';
import { fromDate } from '../values.js';

/** Records changed cache keys in the same transaction as the change (see content_changes). */
export async function recordChange(db: Kysely<Schema>, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await db.insertInto('content_changes').values({ keys: keys.join(' '), created_at: fromDate(now) }).execute();
}

/** Forgets recorded changes older than a day: every instance has read them long before. */
export async function pruneChangeLog(db: Kysely<Schema>, now: Date): Promise<void> {
  await db.deleteFrom('content_changes').where('created_at', '<', fromDate(new Date(now.getTime() - 86_400_000))).execute();
}
