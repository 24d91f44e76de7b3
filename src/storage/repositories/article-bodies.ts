import type { Block } from '../../core/model.js';
import type { Store } from '../engine.js';
import { afterArticleWrite, statesOf, type WriteOutcome } from './article-writes.js';
import { fromDate } from '../values.js';

/** The bodies of these articles, by id. */
export async function bodiesOf(store: Store, ids: number[]): Promise<Map<number, Block[]>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db.selectFrom('articles').select(['id', 'body']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, JSON.parse(r.body) as Block[]]));
}

/** Replaces these articles' bodies (nothing else of them), through the write path. Call in a transaction. */
export async function rewriteBodies(store: Store, bodies: Map<number, Block[]>, now: Date): Promise<WriteOutcome> {
  const ids = [...bodies.keys()];
  const before = await statesOf(store.db, ids);
  for (const [id, body] of bodies) await store.db.updateTable('articles').set({ body: JSON.stringify(body), changed_at: fromDate(now) }).where('id', '=', id).execute();
  return afterArticleWrite(store, ids, { before, now });
}
