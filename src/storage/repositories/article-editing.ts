import { sql, type Kysely } from 'kysely';
import type { ArticleStatus } from '../../core/model.js';
import type { Store } from '../engine.js';
import type { Schema } from '../schema.js';
import { fromDate, toDate, toFlag } from '../values.js';
import { afterArticleWrite, type ArticleState, type WriteOutcome } from './article-writes.js';
import { INDEXED_COLUMNS } from '../search/index-article.js';

/** What an editor's save keeps of the stored row: status, times, the import's ids. */
export async function keptColumns(db: Kysely<Schema>, articleId: number): Promise<{ status: ArticleStatus; publishedAt: Date | null; publishedTimeKnown: boolean; externalId: string | null; sourceHash: string | null }> {
  const r = await db.selectFrom('articles').select(['status', 'published_at', 'published_time_known', 'external_id', 'source_hash']).where('id', '=', articleId).executeTakeFirstOrThrow();
  return {
    status: r.status as ArticleStatus,
    publishedAt: r.published_at ? toDate(r.published_at) : null,
    publishedTimeKnown: toFlag(r.published_time_known),
    externalId: r.external_id,
    sourceHash: r.source_hash,
  };
}

export type ReferencedTable = 'sections' | 'authors' | 'tags' | 'media' | 'articles';

/**
 * Which of these ids exist, table by table: one statement for all the tables an article's
 * fields name (a UNION ALL of primary-key lookups), not one per table.
 */
export async function existingReferences(db: Kysely<Schema>, wanted: Array<[ReferencedTable, number[]]>): Promise<Map<ReferencedTable, Set<number>>> {
  const asked = new Map<ReferencedTable, Set<number>>();
  for (const [table, ids] of wanted) asked.set(table, new Set([...(asked.get(table) ?? []), ...ids]));
  const out = new Map([...asked.keys()].map((table) => [table, new Set<number>()]));
  const lookups = [...asked].filter(([, ids]) => ids.size > 0).map(([table, ids]) => db.selectFrom(table).select([sql.lit(table).as('t'), 'id']).where('id', 'in', [...ids]));
  if (lookups.length === 0) return out;
  const rows = await lookups.slice(1).reduce((query, next) => query.unionAll(next), lookups[0]!).execute();
  for (const r of rows) out.get(r.t as ReferencedTable)!.add(r.id);
  return out;
}

/** Those of `ids` that still exist in `table`. */
export async function existingIds(db: Kysely<Schema>, table: 'tags' | 'authors', ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  return new Set((await db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id));
}

/** Tags' names and kinds by id. */
export async function tagLabels(db: Kysely<Schema>, ids: number[]): Promise<Array<{ id: number; name: string; kind: string }>> {
  return ids.length ? db.selectFrom('tags').select(['id', 'name', 'kind']).where('id', 'in', ids).execute() : [];
}

/**
 * A workflow step: the article's status, publication time and version change, nothing else of
 * it (its text, byline and tags stay as stored), and the write path follows. `before` is the
 * state read, locked, in this transaction.
 */
export async function setArticleStatus(store: Store, articleId: number, to: { status: ArticleStatus; publishedAt: Date | null; version: number }, before: ArticleState, now: Date): Promise<WriteOutcome> {
  const rows = await store.db
    .updateTable('articles')
    .set({
      status: to.status,
      published_at: to.publishedAt ? fromDate(to.publishedAt) : null,
      published_time_known: 1,
      version: to.version,
      updated_at: fromDate(now),
      changed_at: fromDate(now),
    })
    .where('id', '=', articleId)
    // The row as written, for the search entry: not read again.
    .returning(INDEXED_COLUMNS)
    .execute();
  return afterArticleWrite(store, [articleId], { before: new Map([[articleId, before]]), now, rows });
}

/** Scheduled articles whose time has come, the earliest first. */
export async function dueScheduledIds(db: Kysely<Schema>, now: Date, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('id').where('status', '=', 'scheduled').where('published_at', '<=', fromDate(now)).orderBy('published_at').limit(limit).execute();
  return rows.map((r) => r.id);
}

/**
 * Puts a scheduled article live, if it is still scheduled: a conditional update, so that of
 * several instances racing only one succeeds. Whether this one did.
 */
export async function publishIfScheduled(db: Kysely<Schema>, articleId: number, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('articles')
    .set((eb) => ({ status: 'published', updated_at: fromDate(now), changed_at: fromDate(now), version: eb('version', '+', 1) }))
    .where('id', '=', articleId)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** The article's status, or null when there is no such article. */
export async function articleStatus(db: Kysely<Schema>, articleId: number): Promise<ArticleStatus | null> {
  const row = await db.selectFrom('articles').select('status').where('id', '=', articleId).executeTakeFirst();
  return row ? (row.status as ArticleStatus) : null;
}

export async function articleExists(db: Kysely<Schema>, articleId: number): Promise<boolean> {
  return (await db.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst()) !== undefined;
}

/** How many rows the table holds (articles in every status, accounts enabled or not). */
export async function countRows(db: Kysely<Schema>, table: 'articles' | 'users'): Promise<number> {
  const { n } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

/** Whether the database holds any article, and any account (a new site's first start). */
export async function holdsAny(db: Kysely<Schema>, table: 'articles' | 'users'): Promise<boolean> {
  return (await db.selectFrom(table).select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * A change readers see that is no save of the fields (a correction marked or removed): the row's
 * changed_at (Last-Modified) and, when it is an editorial change, updated_at (dateModified).
 */
export async function touchArticle(db: Kysely<Schema>, articleId: number, now: Date, o: { editorial: boolean }): Promise<void> {
  await db.updateTable('articles').set({ changed_at: fromDate(now), ...(o.editorial ? { updated_at: fromDate(now) } : {}) }).where('id', '=', articleId).execute();
}
