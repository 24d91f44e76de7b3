import { sql, type Expression, type SqlBool } from 'kysely';
import type { Engine } from '../engine.js';
import { checkKeyableId, entryKey, keyMinute } from './search-keys.js';
import { sqliteSearch } from './search.js';

const CHUNK = 100;
/** Search entries per statement: six parameters each, under SQLite's 32,766. */
const FTS_CHUNK = 1_000;

/**
 * SQLite's ways: one writer at a time (no row locks needed), FTS5 for search, GLOB classes for
 * case-insensitive Cyrillic matching, and a transaction that is already one snapshot.
 */
export const sqliteEngine: Engine = {
  name: 'sqlite',
  // One writer at a time: the transaction already holds the database against other writers.
  rowLocks: false,
  // Entries are keyed by publication time (search-keys.ts): the old key is found through search_keys.
  async writeSearchEntries(db, ids, entries) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = sql.join(ids.slice(i, i + CHUNK));
      await sql`delete from search_fts where rowid in (select ${entryKey(sql`minute`, sql`article_id`)} from search_keys where article_id in (${chunk}))`.execute(db);
      await sql`delete from search_keys where article_id in (${chunk})`.execute(db);
    }
    // FTS5 writes the entries of each statement out as a segment of its own (and more segments
    // when rowids do not ascend: 1,000 rows in one statement make 1 segment in key order, 13 in
    // random order), and later merges segments, again and again: the entries go in key order
    // and in as few statements as parameters allow. At 1,000 articles a batch this took the
    // import's FTS5 work from ~140 to ~85 ms a batch (bench/README.md, "Bulk import").
    const keyed = entries.map((e) => ({ ...e, minute: keyMinute(e.publishedAt) })).sort((a, b) => a.minute - b.minute || a.id - b.id);
    for (const e of keyed) checkKeyableId(e.id);
    for (let i = 0; i < keyed.length; i += FTS_CHUNK) {
      const values = keyed.slice(i, i + FTS_CHUNK).map(({ id, minute, doc }) => sql`(${entryKey(minute, id)}, ${doc.title}, ${doc.tags}, ${doc.lead}, ${doc.body})`);
      await sql`insert into search_fts (rowid, title, tags, lead, body) values ${sql.join(values)}`.execute(db);
    }
    for (let i = 0; i < keyed.length; i += CHUNK) {
      const chunk = keyed.slice(i, i + CHUNK);
      await sql`insert into search_keys (article_id, minute) values ${sql.join(chunk.map(({ id, minute }) => sql`(${id}, ${minute})`))}`.execute(db);
    }
  },
  async clearSearchIndex(db) {
    await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(db);
    await sql`delete from search_keys`.execute(db);
  },
  search: sqliteSearch,
  /**
   * SQLite's LIKE folds ASCII only ('Київ' would not find 'КИЇВ'), so each letter becomes a
   * GLOB class of its cases: 'Київ' -> '*[кК][иИ][їЇ][вВ]*'.
   */
  containsAnyCase(q) {
    const pattern = `*${[...q].map(globClass).join('')}*`;
    return (column: Expression<string>) => sql<SqlBool>`${column} glob ${pattern}`;
  },
  // A read transaction in WAL mode sees the state at its first read throughout.
  snapshot: (db) => db.transaction(),
  // An integer primary key continues after the largest id anyway.
  continueIds: async () => {},
};

function globClass(c: string): string {
  const cases = [...new Set([c, c.toLowerCase(), c.toUpperCase()])].filter((v) => [...v].length === 1);
  if (cases.length > 1) return `[${cases.join('')}]`;
  // GLOB's own characters match themselves inside a class.
  return c === '*' || c === '?' || c === '[' ? `[${c}]` : c;
}
