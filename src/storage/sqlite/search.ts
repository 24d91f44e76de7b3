import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SearchDialect } from '../engine.js';
import type { Schema } from '../schema.js';
import { CANDIDATES, WEIGHTS, newestFirst, type Candidates, type SearchSpec } from '../search/spec.js';

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

/** SQLite's full text: a contentless FTS5 table (search_fts) whose rowid is the article's id. */
export const sqliteSearch: SearchDialect = {
  candidates: CANDIDATES,
  matching: (spec) => sql`a.id in (select rowid from search_fts where search_fts match ${fts5Match(spec)})`,
  async countMatches(db, spec, cap) {
    const q = sql<{ n: number | string }>`select count(*) as n from (select 1 from search_fts where search_fts match ${fts5Match(spec)} limit ${cap}) c`;
    return Number((await q.execute(db)).rows[0]?.n ?? 0);
  },
  estimate: async () => null,
  rank: (db, spec, f, limit) => (f.unfiltered ? sqliteBestMatches(db, spec, limit) : sqliteNewestMatches(db, spec, f.joins, f.where, limit)),
};
