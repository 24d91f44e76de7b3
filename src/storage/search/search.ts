import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Store } from '../engine.js';
import type { Schema } from '../schema.js';
import { fromDate } from '../values.js';
import { CANDIDATES, COUNT_CAP, listingJoins, type SearchHits, type SearchSpec } from './spec.js';

export type { SearchHits, SearchSpec } from './spec.js';

/** A story a month old keeps 3/4 of its freshness boost, a year old about 1/7. */
const RECENCY_DAYS = 30;

/**
 * Finds published articles. Relevance: the newest matches that pass the filters and the newest
 * title or tag matches, ranked by BM25 (SQLite FTS5) or ts_rank_cd (PostgreSQL) over the
 * weighted fields, then multiplied by a freshness boost that
 * halves at a month, computed here the same way for both databases. `sort: 'date'` and
 * filter-only searches read newest first. Filters use the precomputed listings, so a section
 * filter includes its subsections.
 */
export async function searchArticles({ db, engine }: Store, spec: SearchSpec): Promise<SearchHits> {
  const hasText = spec.must.length > 0;
  const conditions: RawBuilder<unknown>[] = [sql`a.status = 'published'`];
  if (spec.from) conditions.push(sql`a.published_at >= ${fromDate(spec.from)}`);
  if (spec.to) conditions.push(sql`a.published_at < ${fromDate(spec.to)}`);
  const joins = listingJoins(spec, 'a.id');
  const where = sql.join([...conditions, hasText ? engine.search.matching(spec) : sql`1 = 1`], sql` and `);
  const count = async (): Promise<Pick<SearchHits, 'total' | 'totalKind'>> => {
    const estimated = hasText ? await engine.search.estimate(db, spec) : null;
    if (estimated) return estimated;
    // The index holds published articles only: it knows how many match, the filters its own way.
    const n =
      hasText
        ? await engine.search.countMatches(db, spec, COUNT_CAP)
        : Number((await sql<{ n: number | string }>`select count(*) as n from (select 1 from articles a ${joins} where ${where} limit ${COUNT_CAP}) c`.execute(db)).rows[0]?.n ?? 0);
    return { total: n, totalKind: n >= COUNT_CAP ? 'atLeast' : 'exact' };
  };

  if (!hasText || spec.sort === 'date') {
    const [rows, counted] = await Promise.all([
      sql<{ id: number }>`select a.id from articles a ${joins} where ${where} order by a.published_at desc, a.id desc limit ${spec.limit + 1} offset ${spec.offset}`.execute(db),
      count(),
    ]);
    const ids = rows.rows.map((r) => Number(r.id));
    const more = ids.length > spec.limit;
    // A last page knows the exact number; an estimate never says fewer than were shown.
    if (!more && (ids.length > 0 || spec.offset === 0)) return { ids, total: spec.offset + ids.length, totalKind: 'exact', more };
    return { ids: ids.slice(0, spec.limit), total: Math.max(counted.total, spec.offset + ids.length), totalKind: counted.totalKind, more };
  }

  const { rows: candidates, all } = await engine.search.rank(db, spec, { joins, where }, spec.candidates ?? CANDIDATES);
  if (candidates.length === 0) return { ids: [], total: 0, totalKind: 'exact', more: false };
  const now = spec.now.getTime();
  const scored = candidates.map((c) => {
    const at = new Date(c.published_at).getTime();
    const ageDays = Math.max(0, (now - at) / 86_400_000);
    return { id: Number(c.id), at, score: Number(c.r) * (1 + 1 / (1 + ageDays / RECENCY_DAYS)) };
  });
  scored.sort((x, y) => y.score - x.score || y.at - x.at || y.id - x.id);
  const counted = all ? { total: candidates.length, totalKind: 'exact' as const } : await count();
  return {
    ids: scored.slice(spec.offset, spec.offset + spec.limit).map((x) => x.id),
    total: Math.max(counted.total, candidates.length),
    totalKind: counted.totalKind,
    more: scored.length > spec.offset + spec.limit,
  };
}

/** Rebuilds the whole index; `onProgress` after each batch. */
export async function* articleIdBatches(db: Kysely<Schema>, size = 500): AsyncGenerator<number[]> {
  let last = 0;
  for (;;) {
    const rows = await db.selectFrom('articles').select('id').where('id', '>', last).orderBy('id').limit(size).execute();
    if (rows.length === 0) return;
    last = rows.at(-1)!.id;
    yield rows.map((r) => r.id);
  }
}
