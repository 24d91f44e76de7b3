import { sql, type Expression, type SqlBool } from 'kysely';
import type { Engine } from '../engine.js';
import { checkKeyableId, entryKey, keyMinute } from './search-keys.js';
import { sqliteSearch } from './search.js';

const CHUNK = 100;

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
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK).map((e) => ({ ...e, minute: keyMinute(e.publishedAt) }));
      for (const e of chunk) checkKeyableId(e.id);
      const values = chunk.map(({ id, minute, doc }) => sql`(${entryKey(minute, id)}, ${doc.title}, ${doc.tags}, ${doc.lead}, ${doc.body})`);
      await sql`insert into search_fts (rowid, title, tags, lead, body) values ${sql.join(values)}`.execute(db);
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
