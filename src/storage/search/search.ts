import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Schema } from '../schema.js';
import { fromDate } from '../values.js';
import { dialectOf } from './index-article.js';

/** A query compiled for storage: terms already analyzed, filters already resolved to ids. */
export interface SearchSpec {
  /** All must match; each clause is positions (a word, or a phrase's words), each listing alternative terms. */
  must: string[][][];
  not: string[];
  sectionId: number | null;
  tagId: number | null;
  authorId: number | null;
  from: Date | null;
  to: Date | null;
  sort: 'relevance' | 'date';
  limit: number;
  offset: number;
  /** Ranking's notion of now, for the recency boost. */
  now: Date;
}

export interface SearchHits {
  ids: number[];
  total: number;
}

// Title above tags above lead above body, the same on both databases.
const WEIGHTS = { title: 10, tags: 6, lead: 3, body: 1 };
/** A story a month old keeps 3/4 of its freshness boost, a year old about 1/7. */
const RECENCY_DAYS = 30;

const quote = (t: string) => `"${t.replace(/"/g, '')}"`;

/**
 * FTS5: ("a" OR "a2") AND ("b c" OR "b2 c") NOT "d". Terms come from the analyzer: letters and
 * digits only. FTS5 phrases have no alternatives, so a phrase becomes the OR of its readings.
 */
function fts5Match(spec: SearchSpec): string {
  const readings = (c: string[][]): string[][] =>
    c.reduce<string[][]>((acc, alts) => acc.flatMap((r) => alts.map((a) => [...r, a])), [[]]).slice(0, 16);
  const clause = (c: string[][]) => `(${readings(c).map((r) => quote(r.join(' '))).join(' OR ')})`;
  const must = spec.must.map(clause).join(' AND ');
  return spec.not.length ? `${must} NOT (${spec.not.map(quote).join(' OR ')})` : must;
}

/** tsquery: ('a' | 'a2') & ('b' <-> 'c') & !'d', with the same readings as fts5Match. */
function tsQuery(spec: SearchSpec): string {
  const lit = (t: string) => `'${t.replace(/'/g, '')}'`;
  const parts = spec.must.map((c) => `(${c.map((alts) => `(${alts.map(lit).join(' | ')})`).join(' <-> ')})`);
  for (const t of spec.not) parts.push(`!${lit(t)}`);
  return parts.join(' & ');
}

/**
 * Finds published articles. Relevance is BM25 (SQLite FTS5) or ts_rank_cd (PostgreSQL) over the
 * weighted fields, times a freshness boost that halves at a month; or newest first. Filters
 * use the precomputed listings, so a section filter includes its subsections.
 */
export async function searchArticles(db: Kysely<Schema>, spec: SearchSpec): Promise<SearchHits> {
  const pg = dialectOf(db) === 'postgres';
  const hasText = spec.must.length > 0;
  const conditions: RawBuilder<unknown>[] = [sql`a.status = 'published'`];
  const join = (kind: string, id: number | null, alias: string) =>
    id === null ? sql`` : sql`join article_listings ${sql.raw(alias)} on ${sql.raw(alias)}.article_id = a.id and ${sql.raw(alias)}.list_kind = ${kind} and ${sql.raw(alias)}.list_id = ${id}`;
  if (spec.from) conditions.push(sql`a.published_at >= ${fromDate(spec.from)}`);
  if (spec.to) conditions.push(sql`a.published_at < ${fromDate(spec.to)}`);
  const joins = sql`${join('section', spec.sectionId, 'ls')} ${join('tag', spec.tagId, 'lt')} ${join('author', spec.authorId, 'la')}`;
  const now = fromDate(spec.now);

  let from: RawBuilder<unknown>;
  let score: RawBuilder<unknown>;
  if (!hasText) {
    from = sql`articles a`;
    score = sql`0`;
  } else if (pg) {
    from = sql`search_documents d join articles a on a.id = d.article_id`;
    conditions.push(sql`d.tsv @@ to_tsquery('simple', ${tsQuery(spec)})`);
    const w = WEIGHTS;
    score = sql`ts_rank_cd(${`{${w.body / w.title}, ${w.lead / w.title}, ${w.tags / w.title}, 1}`}::float4[], d.tsv, to_tsquery('simple', ${tsQuery(spec)}))
      * (1 + 1 / (1 + greatest(0, extract(epoch from (${now}::timestamptz - a.published_at)) / 86400) / ${RECENCY_DAYS}))`;
  } else {
    from = sql`search_fts f join articles a on a.id = f.rowid`;
    conditions.push(sql`search_fts match ${fts5Match(spec)}`);
    // bm25() is negative, lower is better: negate it so that higher is better on both databases.
    score = sql`-bm25(search_fts, ${WEIGHTS.title}, ${WEIGHTS.tags}, ${WEIGHTS.lead}, ${WEIGHTS.body})
      * (1 + 1.0 / (1 + max(0, julianday(${now}) - julianday(a.published_at)) / ${RECENCY_DAYS}))`;
  }
  const where = sql.join(conditions, sql` and `);
  const order = spec.sort === 'date' || !hasText ? sql`a.published_at desc, a.id desc` : sql`score desc, a.published_at desc, a.id desc`;
  const [rows, count] = await Promise.all([
    sql<{ id: number }>`select a.id, ${score} as score from ${from} ${joins} where ${where} order by ${order} limit ${spec.limit} offset ${spec.offset}`.execute(db),
    sql<{ n: number | string }>`select count(*) as n from ${from} ${joins} where ${where}`.execute(db),
  ]);
  return { ids: rows.rows.map((r) => Number(r.id)), total: Number(count.rows[0]?.n ?? 0) };
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
