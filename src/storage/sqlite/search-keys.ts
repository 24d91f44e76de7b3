import { sql, type RawBuilder } from 'kysely';

/**
 * SQLite's search entries are keyed by publication time: an FTS5 rowid is
 * `minute << 31 | article id`, the minute counted from 1800-01-01 UTC. FTS5 reads its matches
 * in rowid order and can stop early, so "the newest matches" is the first rows of a match and a
 * date range is a rowid range: no query reads every match of a common word to find the newest
 * (search.ts). Article ids stay below 2^31; the key passes 2^53, so it is only ever computed and
 * taken apart in SQL, never carried in a JavaScript number. search_keys remembers each article's
 * minute, so that its entry can be found again once its publication time has changed.
 */
export const ID_BITS = 31;
export const ID_MASK = 2 ** ID_BITS - 1;
const EPOCH_MS = Date.UTC(1800, 0, 1);

/** The key's minute for a publication time (0 for anything before 1800). */
export function keyMinute(publishedAt: string | Date): number {
  const ms = (publishedAt instanceof Date ? publishedAt : new Date(publishedAt)).getTime();
  return Math.max(0, Math.floor((ms - EPOCH_MS) / 60_000));
}

/** The FTS5 rowid of an article published at `minute`. */
export const entryKey = (minute: number | RawBuilder<unknown>, id: number | RawBuilder<unknown>): RawBuilder<number> => sql<number>`((${minute} << ${sql.lit(ID_BITS)}) | ${id})`;

/** The first key of a minute: a rowid bound. */
export const minuteKey = (minute: number): RawBuilder<number> => sql<number>`(${minute} << ${sql.lit(ID_BITS)})`;

/** The article id of a search_fts row. */
export const articleIdOf = (rowid: RawBuilder<unknown> = sql`rowid`) => sql<number>`(${rowid} & ${sql.lit(ID_MASK)})`;

/** The publication minute of a search_fts row. */
export const minuteOf = (rowid: RawBuilder<unknown> = sql`rowid`) => sql<number>`(${rowid} >> ${sql.lit(ID_BITS)})`;

/** A row's publication minute as an ISO time (the recency boost needs no finer time). */
export function minuteTime(minute: number): string {
  return new Date(EPOCH_MS + minute * 60_000).toISOString();
}

/** Article ids must fit the key's lower bits. */
export function checkKeyableId(id: number): void {
  if (!Number.isSafeInteger(id) || id < 1 || id > ID_MASK) throw new RangeError(`article id ${id} is outside 1…${ID_MASK}: SQLite's search keys hold 31-bit ids`);
}
