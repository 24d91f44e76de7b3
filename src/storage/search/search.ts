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

/** Relevance ranks at most this many best matches; deeper pages of a vague query are not worth it. */
export const CANDIDATES = 500;
/** Counting stops here ('понад 10 000'): an exact count of a vague query costs more than it tells. */
export const COUNT_CAP = 10_000;

/**
 * Finds published articles. Relevance: the best matches by BM25 (SQLite FTS5) or ts_rank_cd
 * (PostgreSQL) over the weighted fields, filtered and then multiplied by a freshness boost that
 * halves at a month, computed here the same way for both databases. `sort: 'date'` and
 * filter-only searches read newest first. Filters use the precomputed listings, so a section
 * filter includes its subsections.
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
  const matches = !hasText
    ? sql`1 = 1`
    : pg
      ? sql`a.id in (select article_id from search_documents where tsv @@ to_tsquery('simple', ${tsQuery(spec)}))`
      : sql`a.id in (select rowid from search_fts where search_fts match ${fts5Match(spec)})`;
  const where = sql.join([...conditions, matches], sql` and `);
  const unfiltered = spec.sectionId === null && spec.tagId === null && spec.authorId === null && !spec.from && !spec.to;
  const count = async () => {
    // The index holds published articles only: without filters it alone knows how many match.
    const q = !(hasText && unfiltered)
      ? sql<{ n: number | string }>`select count(*) as n from (select 1 from articles a ${joins} where ${where} limit ${COUNT_CAP}) c`
      : pg
        ? sql<{ n: number | string }>`select count(*) as n from (select 1 from search_documents where tsv @@ to_tsquery('simple', ${tsQuery(spec)}) limit ${COUNT_CAP}) c`
        : sql<{ n: number | string }>`select count(*) as n from (select 1 from search_fts where search_fts match ${fts5Match(spec)} limit ${COUNT_CAP}) c`;
    return Number((await q.execute(db)).rows[0]?.n ?? 0);
  };

  if (!hasText || spec.sort === 'date') {
    const [rows, total] = await Promise.all([
      sql<{ id: number }>`select a.id from articles a ${joins} where ${where} order by a.published_at desc, a.id desc limit ${spec.limit} offset ${spec.offset}`.execute(db),
      count(),
    ]);
    return { ids: rows.rows.map((r) => Number(r.id)), total };
  }

  // The best matches by text alone, from the index alone; then the articles they are.
  const w = WEIGHTS;
  const ranked = pg
    ? await sql<{ id: number; r: number }>`select article_id as id, ts_rank_cd(${`{${w.body / w.title}, ${w.lead / w.title}, ${w.tags / w.title}, 1}`}::float4[], tsv, q) as r
        from search_documents, to_tsquery('simple', ${tsQuery(spec)}) q where tsv @@ q order by r desc limit ${CANDIDATES}`.execute(db)
    : await sql<{ id: number; r: number }>`select rowid as id, -bm25(search_fts, ${w.title}, ${w.tags}, ${w.lead}, ${w.body}) as r
        from search_fts where search_fts match ${fts5Match(spec)} order by r desc limit ${CANDIDATES}`.execute(db);
  const relevance = new Map(ranked.rows.map((r) => [Number(r.id), Number(r.r)]));
  if (relevance.size === 0) return { ids: [], total: 0 };
  const ids = [...relevance.keys()];
  const inIds = pg ? sql`a.id = any(${ids}::int[])` : sql`a.id in (select value from json_each(${JSON.stringify(ids)}))`;
  const [kept, total] = await Promise.all([
    sql<{ id: number; published_at: string | Date }>`select a.id, a.published_at from articles a ${joins} where ${sql.join([...conditions, inIds], sql` and `)}`.execute(db),
    relevance.size < CANDIDATES ? Promise.resolve(-1) : count(),
  ]);
  const now = spec.now.getTime();
  const scored = kept.rows.map((r) => {
    const ageDays = Math.max(0, (now - new Date(r.published_at).getTime()) / 86_400_000);
    return { id: Number(r.id), at: new Date(r.published_at).getTime(), score: relevance.get(Number(r.id))! * (1 + 1 / (1 + ageDays / RECENCY_DAYS)) };
  });
  scored.sort((x, y) => y.score - x.score || y.at - x.at || y.id - x.id);
  return { ids: scored.slice(spec.offset, spec.offset + spec.limit).map((x) => x.id), total: total < 0 ? scored.length : total };
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
