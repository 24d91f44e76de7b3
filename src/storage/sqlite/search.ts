import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SearchDialect } from '../engine.js';
import type { Schema } from '../schema.js';
import { WEIGHTS, type Candidates, type SearchSpec } from '../search/spec.js';
import { articleIdOf, keyMinute, minuteKey, minuteOf, minuteTime } from './search-keys.js';

const quote = (t: string) => `"${t.replace(/"/g, '')}"`;

/** FTS5 phrases have no alternatives, so a phrase becomes the OR of its readings. */
function fts5Must(spec: SearchSpec): string {
  const readings = (c: string[][]): string[][] =>
    c.reduce<string[][]>((acc, alts) => acc.flatMap((r) => alts.map((a) => [...r, a])), [[]]).slice(0, 16);
  const clause = (c: string[][]) => `(${readings(c).map((r) => quote(r.join(' '))).join(' OR ')})`;
  return spec.must.map(clause).join(' AND ');
}

/** FTS5: ("a" OR "a2") AND ("b c" OR "b2 c") NOT "d". Terms come from the analyzer: letters and digits only. */
function fts5Match(spec: SearchSpec): string {
  const must = fts5Must(spec);
  return spec.not.length ? `${must} NOT (${spec.not.map(quote).join(' OR ')})` : must;
}

/** The same, its words in the title or tags (what it must not hold, nowhere). */
function fts5HeadMatch(spec: SearchSpec): string {
  const must = `{title tags} : (${fts5Must(spec)})`;
  return spec.not.length ? `${must} NOT (${spec.not.map(quote).join(' OR ')})` : must;
}

const ID = articleIdOf();
const MINUTE = minuteOf();

/** Listings up to this size are read whole for a filter; larger ones are looked up per match. */
const SMALL_LISTING = 2000;

/**
 * The filters as conditions on search_fts rows: a date range is a range of keys (publication
 * minute first, search-keys.ts), which FTS5 reads as a range; a section, tag or author is
 * membership in its listing: a small listing is read once into a set, a large one is looked up
 * for each match (reading 30,000 ids for a broad section costs more than a few hundred lookups).
 */
async function ftsFilters(db: Kysely<Schema>, spec: SearchSpec): Promise<RawBuilder<unknown>> {
  const parts: RawBuilder<unknown>[] = [];
  if (spec.from) parts.push(sql` and rowid >= ${minuteKey(keyMinute(spec.from))}`);
  if (spec.to) parts.push(sql` and rowid < ${minuteKey(keyMinute(spec.to))}`);
  const listed = async (kind: string, id: number | null) => {
    if (id === null) return;
    const listing = sql`article_listings where list_kind = ${kind} and list_id = ${id}`;
    const size = await sql<{ n: number }>`select count(*) as n from (select 1 from ${listing} limit ${SMALL_LISTING + 1}) l`.execute(db);
    parts.push(
      Number(size.rows[0]?.n ?? 0) <= SMALL_LISTING
        ? sql` and ${ID} in (select article_id from ${listing})`
        : sql` and exists (select 1 from ${listing} and article_id = ${articleIdOf(sql`search_fts.rowid`)})`,
    );
  };
  await listed('section', spec.sectionId);
  await listed('tag', spec.tagId);
  await listed('author', spec.authorId);
  return sql.join(parts, sql``);
}

type Row = { id: number; minute: number; r?: number };

/**
 * SQLite ranks what PostgreSQL ranks (postgres/search.ts): the newest matches that pass the
 * filters, and the newest whose title or tags match, so that an older story about exactly this
 * stays in reach and both databases answer a reader alike. Keys in publication order let FTS5
 * read the newest matches first and stop, so BM25 is computed for the candidates only, not for
 * every match of a common query.
 */
async function sqliteCandidates(db: Kysely<Schema>, spec: SearchSpec, limit: number): Promise<Candidates> {
  const w = WEIGHTS;
  const bm25 = sql`-bm25(search_fts, ${w.title}, ${w.tags}, ${w.lead}, ${w.body})`;
  const half = Math.ceil(limit / 2);
  const filters = await ftsFilters(db, spec);
  // The newest pass reads one more: whether it finds it tells whether there are more matches.
  const newest = await sql<Row>`select ${ID} as id, ${MINUTE} as minute, ${bm25} as r from search_fts
    where search_fts match ${fts5Match(spec)}${filters} order by rowid desc limit ${half + 1}`.execute(db);
  const heads = await sql<Row>`select ${ID} as id, ${MINUTE} as minute from search_fts
    where search_fts match ${fts5HeadMatch(spec)}${filters} order by rowid desc limit ${half}`.execute(db);
  const rows = new Map<number, Row>(newest.rows.map((r) => [Number(r.id), r]));
  const older = heads.rows.filter((r) => !rows.has(Number(r.id)));
  if (older.length) {
    // Their keys' range, read by FTS5 as such; the ids an expression of the rowid, a filter on the
    // matches, not a constraint that would run the match once per id.
    const minutes = older.map((r) => Number(r.minute));
    const range = sql`rowid >= ${minuteKey(Math.min(...minutes))} and rowid < ${minuteKey(Math.max(...minutes) + 1)}`;
    const ranked = await sql<{ id: number; r: number }>`select ${ID} as id, ${bm25} as r from search_fts
      where search_fts match ${fts5Match(spec)} and ${range} and ${ID} in (select value from json_each(${JSON.stringify(older.map((r) => Number(r.id)))}))`.execute(db);
    const relevance = new Map(ranked.rows.map((r) => [Number(r.id), Number(r.r)]));
    for (const r of older) rows.set(Number(r.id), { ...r, r: relevance.get(Number(r.id)) ?? 0 });
  }
  return {
    rows: [...rows.values()].map((r) => ({ id: Number(r.id), published_at: minuteTime(Number(r.minute)), r: Number(r.r ?? 0) })),
    // Head matches are matches too: a newest pass that ran short found every one.
    all: newest.rows.length <= half,
  };
}

/** SQLite's full text: a contentless FTS5 table (search_fts) keyed by publication time and article id. */
export const sqliteSearch: SearchDialect = {
  matching: (spec) => sql`a.id in (select ${ID} from search_fts where search_fts match ${fts5Match(spec)})`,
  async countMatches(db, spec, cap) {
    const q = sql<{ n: number | string }>`select count(*) as n from (select 1 from search_fts where search_fts match ${fts5Match(spec)}${await ftsFilters(db, spec)} limit ${cap}) c`;
    return Number((await q.execute(db)).rows[0]?.n ?? 0);
  },
  estimate: async () => null,
  rank: (db, spec, _filters, limit) => sqliteCandidates(db, spec, limit),
};
