import { sql, type Expression, type SqlBool } from 'kysely';
import type { Engine } from '../engine.js';
import { sqliteSearch } from './search.js';

const CHUNK = 100;

/**
 * SQLite's ways: one writer at a time (no row locks needed), FTS5 for search, GLOB classes for
 * case-insensitive Cyrillic matching, and a transaction that is already one snapshot.
 */
export const sqliteEngine: Engine = {
  name: 'sqlite',
  // One writer at a time: the transaction already holds the database against other writers.
  lockForUpdate: async () => {},
  async writeSearchEntries(db, ids, entries) {
    for (let i = 0; i < ids.length; i += CHUNK) await sql`delete from search_fts where rowid in (${sql.join(ids.slice(i, i + CHUNK))})`.execute(db);
    for (let i = 0; i < entries.length; i += CHUNK) {
      const values = entries.slice(i, i + CHUNK).map(({ id, doc }) => sql`(${id}, ${doc.title}, ${doc.tags}, ${doc.lead}, ${doc.body})`);
      await sql`insert into search_fts (rowid, title, tags, lead, body) values ${sql.join(values)}`.execute(db);
    }
  },
  async clearSearchIndex(db) {
    await sql`insert into search_fts (search_fts) values ('delete-all')`.execute(db);
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
