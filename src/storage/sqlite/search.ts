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

/**
 * SQLite ranks what PostgreSQL ranks (postgres/search.ts): the newest matches that pass the
 * filters, and the newest whose title or tags match, so that an older story about exactly this
 * stays in reach and both databases answer a reader alike. BM25 over every match of a common
 * query (12,000 at 100,000 articles) would cost 20 ms; over these, 2.
 */
async function sqliteCandidates(db: Kysely<Schema>, spec: SearchSpec, joins: RawBuilder<unknown>, where: RawBuilder<unknown>, limit: number): Promise<Candidates> {
  const w = WEIGHTS;
  const half = Math.ceil(limit / 2);
  const head = sql`a.id in (select rowid from search_fts where search_fts match ${`{title tags} : (${fts5Match(spec)})`})`;
  // The newest pass reads one more: whether it finds it tells whether there are more matches.
  const pass = (extra: RawBuilder<unknown>, n: number) =>
    sql<{ id: number; published_at: string }>`select a.id, a.published_at from articles a ${joins} where ${where}${extra}
      ${newestFirst(spec, 'a')}, a.id desc limit ${n}`.execute(db);
  const [newest, heads] = await Promise.all([pass(sql``, half + 1), pass(sql` and ${head}`, half)]);
  const rows = new Map<number, string>();
  for (const r of [...newest.rows, ...heads.rows]) rows.set(Number(r.id), r.published_at);
  if (rows.size === 0) return { rows: [], all: true };
  // '+rowid': a filter on the matches, not a constraint for FTS5, which would run the match once per id.
  const ranked = await sql<{ id: number; r: number }>`select rowid as id, -bm25(search_fts, ${w.title}, ${w.tags}, ${w.lead}, ${w.body}) as r
    from search_fts where search_fts match ${fts5Match(spec)} and +rowid in (select value from json_each(${JSON.stringify([...rows.keys()])}))`.execute(db);
  const relevance = new Map(ranked.rows.map((r) => [Number(r.id), Number(r.r)]));
  // Head matches are matches too: a newest pass that ran short found every one.
  return { rows: [...rows].map(([id, at]) => ({ id, published_at: at, r: relevance.get(id) ?? 0 })), all: newest.rows.length <= half };
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
  rank: (db, spec, f, limit) => sqliteCandidates(db, spec, f.joins, f.where, limit),
};
