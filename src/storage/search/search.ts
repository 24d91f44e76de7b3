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
  /** How many matches relevance ranks at most (CANDIDATES); tests make it small. */
  candidates?: number;
}

export interface SearchHits {
  ids: number[];
  total: number;
  /**
   * 'exact'; 'atLeast' when counting stopped at COUNT_CAP; 'about' for PostgreSQL's estimate of
   * a query matching more than it ranks (an exact count would read every match's tsvector).
   */
  totalKind: 'exact' | 'atLeast' | 'about';
  /** Whether a page follows this one. */
  more: boolean;
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
 * Relevance ranks at most this many matches; deeper pages of a vague query are not worth it.
 */
export const CANDIDATES = 500;
/**
 * PostgreSQL reads each candidate's whole tsvector (TOASTed, compressed) to rank it: 20 µs
 * apiece. It ranks the 100 newest matches and the 100 newest title or tag matches.
 */
export const PG_CANDIDATES = 200;
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
  if (spec.from) conditions.push(sql`a.published_at >= ${fromDate(spec.from)}`);
  if (spec.to) conditions.push(sql`a.published_at < ${fromDate(spec.to)}`);
  const joins = listingJoins(spec, 'a.id');
  const matches = !hasText
    ? sql`1 = 1`
    : pg
      ? sql`a.id in (select article_id from search_documents where tsv @@ to_tsquery('simple', ${tsQuery(spec)}))`
      : sql`a.id in (select rowid from search_fts where search_fts match ${fts5Match(spec)})`;
  const where = sql.join([...conditions, matches], sql` and `);
  const unfiltered = spec.sectionId === null && spec.tagId === null && spec.authorId === null && !spec.from && !spec.to;
  const count = async (): Promise<Pick<SearchHits, 'total' | 'totalKind'>> => {
    if (pg && hasText) return pgEstimate(db, spec);
    // The index holds published articles only: without filters it alone knows how many match.
    const q = !(hasText && unfiltered)
      ? sql<{ n: number | string }>`select count(*) as n from (select 1 from articles a ${joins} where ${where} limit ${COUNT_CAP}) c`
      : pg
        ? sql<{ n: number | string }>`select count(*) as n from (select 1 from search_documents where tsv @@ to_tsquery('simple', ${tsQuery(spec)}) limit ${COUNT_CAP}) c`
        : sql<{ n: number | string }>`select count(*) as n from (select 1 from search_fts where search_fts match ${fts5Match(spec)} limit ${COUNT_CAP}) c`;
    const n = Number((await q.execute(db)).rows[0]?.n ?? 0);
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

  const limit = spec.candidates ?? (pg ? PG_CANDIDATES : CANDIDATES);
  const { rows: candidates, all } = pg
    ? await pgCandidates(db, spec, limit)
    : unfiltered
      ? await sqliteBestMatches(db, spec, limit)
      : await sqliteNewestMatches(db, spec, joins, where, limit);
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

/**
 * PostgreSQL's own estimate of how many published articles match, rounded to two significant
 * digits: its statistics of the tsvector's words make it close, and it costs no reading.
 */
async function pgEstimate(db: Kysely<Schema>, spec: SearchSpec): Promise<Pick<SearchHits, 'total' | 'totalKind'>> {
  const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`explain (format json) ${matchingDocuments(spec, sql`1`)}`.execute(db);
  const rows = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, rows))) - 1);
  return { total: Math.round(rows / magnitude) * magnitude, totalKind: 'about' };
}

/** `select <what> from search_documents d … where` the query matches and the filters pass. */
function matchingDocuments(spec: SearchSpec, what: RawBuilder<unknown>, column: 'tsv' | 'head' = 'tsv'): RawBuilder<unknown> {
  const joins = listingJoins(spec, 'd.article_id');
  const dates = sql`${spec.from ? sql` and d.published_at >= ${fromDate(spec.from)}` : sql``}${spec.to ? sql` and d.published_at < ${fromDate(spec.to)}` : sql``}`;
  return sql`select ${what} from search_documents d ${joins} where d.${sql.raw(column)} @@ ${pgQuery(spec)}${dates}`;
}

/** The filters as joins to the precomputed listings (ls, lt, la), on `articleId`'s column. */
function listingJoins(spec: SearchSpec, articleId: 'a.id' | 'd.article_id'): RawBuilder<unknown> {
  const join = (kind: string, id: number | null, alias: string) =>
    id === null ? sql`` : sql`join article_listings ${sql.raw(alias)} on ${sql.raw(alias)}.article_id = ${sql.raw(articleId)} and ${sql.raw(alias)}.list_kind = ${kind} and ${sql.raw(alias)}.list_id = ${id}`;
  return sql`${join('section', spec.sectionId, 'ls')} ${join('tag', spec.tagId, 'lt')} ${join('author', spec.authorId, 'la')}`;
}

/** Newest first: through a filter's listing when there is one (its index is in that order). */
function newestFirst(spec: SearchSpec, table: 'a' | 'd'): RawBuilder<unknown> {
  const alias = spec.sectionId !== null ? 'ls' : spec.tagId !== null ? 'lt' : spec.authorId !== null ? 'la' : table;
  return sql`order by ${sql.raw(alias)}.published_at desc`;
}

// Written out in each statement rather than put in a CTE, so that the planner sees the words and
// estimates how many rows match: it walks the time index for common words and the GIN for rare ones.
const pgQuery = (spec: SearchSpec) => sql`to_tsquery('simple', ${tsQuery(spec)})`;

type Candidate = { id: number; published_at: string | Date; r: number };
/** `all`: the candidates are every match (fewer than were asked for). */
type Candidates = { rows: Candidate[]; all: boolean };

/** SQLite without filters: the best matches by BM25 over every match, from the index alone. */
async function sqliteBestMatches(db: Kysely<Schema>, spec: SearchSpec, limit: number): Promise<Candidates> {
  const w = WEIGHTS;
  const ranked = await sql<{ id: number; r: number }>`select rowid as id, -bm25(search_fts, ${w.title}, ${w.tags}, ${w.lead}, ${w.body}) as r
    from search_fts where search_fts match ${fts5Match(spec)} order by r desc limit ${limit}`.execute(db);
  if (ranked.rows.length === 0) return { rows: [], all: true };
  const at = await sql<{ id: number; published_at: string }>`select id, published_at from articles
    where id in (select value from json_each(${JSON.stringify(ranked.rows.map((r) => r.id))}))`.execute(db);
  const times = new Map(at.rows.map((r) => [Number(r.id), r.published_at]));
  return {
    rows: ranked.rows.filter((r) => times.has(Number(r.id))).map((r) => ({ id: Number(r.id), r: Number(r.r), published_at: times.get(Number(r.id))! })),
    all: ranked.rows.length < limit,
  };
}

/**
 * SQLite with filters: the newest matches that pass them, ranked by BM25. Ranking first and
 * filtering after would lose a narrow tag's articles behind the best matches of other tags.
 */
async function sqliteNewestMatches(db: Kysely<Schema>, spec: SearchSpec, joins: RawBuilder<unknown>, where: RawBuilder<unknown>, limit: number): Promise<Candidates> {
  const w = WEIGHTS;
  const newest = await sql<{ id: number; published_at: string }>`select a.id, a.published_at from articles a ${joins} where ${where}
    ${newestFirst(spec, 'a')}, a.id desc limit ${limit}`.execute(db);
  if (newest.rows.length === 0) return { rows: [], all: true };
  // '+rowid': a filter on the matches, not a constraint for FTS5, which would run the match once per id.
  const ranked = await sql<{ id: number; r: number }>`select rowid as id, -bm25(search_fts, ${w.title}, ${w.tags}, ${w.lead}, ${w.body}) as r
    from search_fts where search_fts match ${fts5Match(spec)} and +rowid in (select value from json_each(${JSON.stringify(newest.rows.map((r) => r.id))}))`.execute(db);
  const relevance = new Map(ranked.rows.map((r) => [Number(r.id), Number(r.r)]));
  return { rows: newest.rows.map((r) => ({ id: Number(r.id), published_at: r.published_at, r: relevance.get(Number(r.id)) ?? 0 })), all: newest.rows.length < limit };
}

/**
 * PostgreSQL: ts_rank_cd over every match of a common query costs a second, so it ranks the
 * newest matches that pass the filters, and the newest whose title or tags match (an older
 * story about exactly this stays in reach), both read newest first through indexes.
 */
async function pgCandidates(db: Kysely<Schema>, spec: SearchSpec, limit: number): Promise<Candidates> {
  const w = WEIGHTS;
  const q = pgQuery(spec);
  const half = Math.ceil(limit / 2);
  // The newest pass reads one more: whether it finds it tells whether there are more matches.
  const pass = (column: 'head' | 'tsv', n: number) =>
    sql`(${matchingDocuments(spec, sql`d.article_id, ${sql.raw(column === 'tsv' ? 'true' : 'false')} as newest`, column)} ${newestFirst(spec, 'd')} limit ${n})`;
  const rows = await sql<Candidate & { newest: boolean }>`with c as (${pass('tsv', half + 1)} union all ${pass('head', half)})
    select d.article_id as id, d.published_at, ts_rank_cd(${`{${w.body / w.title}, ${w.lead / w.title}, ${w.tags / w.title}, 1}`}::float4[], d.tsv, ${q}) as r,
      d.article_id in (select article_id from c where newest) as newest
    from search_documents d where d.article_id in (select article_id from c) and d.tsv @@ ${q}`.execute(db);
  // Head matches are matches too: a newest pass that ran short found every one.
  return { rows: rows.rows, all: rows.rows.filter((r) => r.newest).length <= half };
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
