import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SearchDialect } from '../engine.js';
import type { Schema } from '../schema.js';
import { WEIGHTS, listingJoins, newestFirst, type Candidate, type Candidates, type SearchSpec } from '../search/spec.js';
import { fromDate } from '../values.js';

/** tsquery: ('a' | 'a2') & ('b' <-> 'c') & !'d', with the same readings as fts5Match. */
function tsQuery(spec: SearchSpec): string {
  const lit = (t: string) => `'${t.replace(/'/g, '')}'`;
  const parts = spec.must.map((c) => `(${c.map((alts) => `(${alts.map(lit).join(' | ')})`).join(' <-> ')})`);
  for (const t of spec.not) parts.push(`!${lit(t)}`);
  return parts.join(' & ');
}

/**
 * PostgreSQL's own estimate of how many published articles match, rounded to two significant
 * digits: its statistics of the tsvector's words make it close, and it costs no reading.
 * A phrase is estimated by its pair buckets alone: PostgreSQL would count its words as if they
 * fell together by chance, and its pairs as if they had nothing to do with its words, so a
 * phrase of words that usually stand together ('виходити з домівок' in a third of the articles)
 * came out at a fraction of its matches (and was then read as rare: the slow way).
 */
async function pgEstimate(db: Kysely<Schema>, spec: SearchSpec): Promise<{ total: number; totalKind: 'about' }> {
  const rows = await planRows(db, spec.must.some((clause) => clause.length > 1) ? byPairs(spec) : matchingDocuments(spec, sql`1`));
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, rows))) - 1);
  return { total: Math.round(rows / magnitude) * magnitude, totalKind: 'about' };
}

/** The query with each phrase asked by its pair buckets only, its single words and exclusions as they are. */
function byPairs(spec: SearchSpec): RawBuilder<unknown> {
  const words = { ...spec, must: spec.must.filter((clause) => clause.length === 1) };
  const text = words.must.length > 0 || words.not.length > 0 ? sql` and d.tsv @@ ${pgQuery(words)}` : sql``;
  return sql`select 1 from search_documents d ${listingJoins(spec, 'd.article_id')} where true${text}${pairFilter(spec, sql`d.pairs`)}${dateFilter(spec)}`;
}

async function planRows(db: Kysely<Schema>, query: RawBuilder<unknown>): Promise<number> {
  const plan = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`explain (format json) ${query}`.execute(db);
  return plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
}

/** Below this many expected matches, the newest are found through the GIN index and sorted. */
const RARE_MATCHES = 5000;

const estimates = new WeakMap<SearchSpec, Promise<{ total: number; totalKind: 'about' }>>();
/** The estimate, once per search: the candidates' plan and the count both ask. */
function estimateOnce(db: Kysely<Schema>, spec: SearchSpec): Promise<{ total: number; totalKind: 'about' }> {
  let e = estimates.get(spec);
  if (!e) estimates.set(spec, (e = pgEstimate(db, spec)));
  return e;
}

/** `select <what> from search_documents d … where` the query matches and the filters pass. */
function matchingDocuments(spec: SearchSpec, what: RawBuilder<unknown>, column: 'tsv' | 'head' = 'tsv'): RawBuilder<unknown> {
  return sql`select ${what} from search_documents d ${listingJoins(spec, 'd.article_id')} where d.${sql.raw(column)} @@ ${pgQuery(spec)}${pairFilter(spec, sql`d.pairs`)}${dateFilter(spec)}`;
}

const dateFilter = (spec: SearchSpec): RawBuilder<unknown> =>
  sql`${spec.from ? sql` and d.published_at >= ${fromDate(spec.from)}` : sql``}${spec.to ? sql` and d.published_at < ${fromDate(spec.to)}` : sql``}`;

/**
 * Each phrase's adjacent words as buckets of word pairs (migration 0013): an entry holding the
 * phrase holds, for each two neighbouring words, the bucket of one of their readings' pairs.
 */
function pairFilter(spec: SearchSpec, column: RawBuilder<unknown>): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [];
  for (const clause of spec.must) {
    for (let i = 0; i + 1 < clause.length; i++) {
      const pairs = clause[i]!.flatMap((a) => clause[i + 1]!.map((b) => sql`search_pair(${a}, ${b})`));
      conditions.push(sql` and ${column} && array[${sql.join(pairs)}]`);
    }
  }
  return sql.join(conditions, sql``);
}

// Written out in each statement rather than put in a CTE, so that the planner sees the words and
// estimates how many rows match: it walks the time index for common words and the GIN for rare ones.
const pgQuery = (spec: SearchSpec) => sql`to_tsquery('simple', ${tsQuery(spec)})`;

/**
 * PostgreSQL: ts_rank_cd over every match of a common query costs a second, so it ranks the
 * newest matches that pass the filters, and the newest whose title or tags match (an older
 * story about exactly this stays in reach), both read newest first through indexes.
 */
async function pgCandidates(db: Kysely<Schema>, spec: SearchSpec, limit: number): Promise<Candidates> {
  const w = WEIGHTS;
  const q = pgQuery(spec);
  const half = Math.ceil(limit / 2);
  // Walking the time index checks each entry's whole tsvector until enough match: cheap for a
  // common word, half a second for a rare one (25,000 entries read to find 100 of 400). The
  // planner does not count that reading, so a query whose words it expects in few entries reads
  // those through the GIN index, filters them and sorts them instead (an ORDER BY expression no
  // index serves). Whether the words are rare is asked without the filters: a broad filter on
  // common words would otherwise look rare and be read from every entry.
  // Without filters this is the count's own estimate: asked once per search.
  const filtered = spec.sectionId !== null || spec.tagId !== null || spec.authorId !== null || spec.from !== null || spec.to !== null;
  const textOnly = filtered ? { ...spec, sectionId: null, tagId: null, authorId: null, from: null, to: null } : spec;
  const rare = (await estimateOnce(db, textOnly)).total < RARE_MATCHES;
  const order = rare ? sql`order by d.published_at + interval '0 seconds' desc` : newestFirst(spec, 'd');
  // The newest pass reads one more: whether it finds it tells whether there are more matches.
  const pass = (column: 'head' | 'tsv', n: number) =>
    sql`(${matchingDocuments(spec, sql`d.article_id, ${sql.raw(column === 'tsv' ? 'true' : 'false')} as newest`, column)} ${order} limit ${n})`;
  const rows = await sql<Candidate & { newest: boolean }>`with c as (${pass('tsv', half + 1)} union all ${pass('head', half)})
    select d.article_id as id, d.published_at, ts_rank_cd(${`{${w.body / w.title}, ${w.lead / w.title}, ${w.tags / w.title}, 1}`}::float4[], d.tsv, ${q}) as r,
      d.article_id in (select article_id from c where newest) as newest
    from search_documents d where d.article_id in (select article_id from c) and d.tsv @@ ${q}`.execute(db);
  // Head matches are matches too: a newest pass that ran short found every one.
  return { rows: rows.rows, all: rows.rows.filter((r) => r.newest).length <= half };
}

/** PostgreSQL's full text: a weighted tsvector per published article (search_documents), GIN-indexed. */
export const postgresSearch: SearchDialect = {
  matching: (spec) => sql`a.id in (select article_id from search_documents where tsv @@ ${pgQuery(spec)}${pairFilter(spec, sql`pairs`)})`,
  async countMatches(db, spec, cap) {
    const q = sql<{ n: number | string }>`select count(*) as n from (${matchingDocuments(spec, sql`1`)} limit ${cap}) c`;
    return Number((await q.execute(db)).rows[0]?.n ?? 0);
  },
  // Counting every match reads each one's tsvector: the planner's estimate is close and free.
  estimate: estimateOnce,
  rank: (db, spec, _filters, limit) => pgCandidates(db, spec, limit),
};
