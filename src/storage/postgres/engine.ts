import { sql, type Expression, type SqlBool } from 'kysely';
import type { SearchDocument } from '../../core/search/document.js';
import type { Engine } from '../engine.js';
import { postgresSearch } from './search.js';

const CHUNK = 100;

/**
 * PostgreSQL's ways: row locks for concurrent writers, a weighted tsvector per article for
 * search, ILIKE (folding by the database's locale), repeatable read for a consistent export,
 * and sequences to move on after rows written with their own ids.
 */
export const postgresEngine: Engine = {
  name: 'postgres',
  rowLocks: true,
  async writeSearchEntries(db, ids, entries) {
    const kept = new Set(entries.map((e) => e.id));
    const gone = ids.filter((id) => !kept.has(id));
    if (gone.length) await db.deleteFrom('search_documents').where('article_id', 'in', gone).execute();
    for (let i = 0; i < entries.length; i += CHUNK) {
      const values = entries.slice(i, i + CHUNK).map(({ id, publishedAt, doc }) => sql`(${id}, ${tsvector(doc)}, ${publishedAt})`);
      await sql`insert into search_documents (article_id, tsv, published_at) values ${sql.join(values)}
        on conflict (article_id) do update set tsv = excluded.tsv, published_at = excluded.published_at`.execute(db);
    }
  },
  async clearSearchIndex(db) {
    await db.deleteFrom('search_documents').execute();
  },
  search: postgresSearch,
  containsAnyCase(q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (column: Expression<string>) => sql<SqlBool>`${column} ilike ${pattern}`;
  },
  snapshot: (db) => db.transaction().setIsolationLevel('repeatable read'),
  async continueIds(db, tables) {
    for (const t of tables) {
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(db);
    }
  },
};

const tsvector = (doc: SearchDocument) =>
  sql`setweight(to_tsvector('simple', ${doc.title}), 'A') || setweight(to_tsvector('simple', ${doc.tags}), 'B') ||
      setweight(to_tsvector('simple', ${doc.lead}), 'C') || setweight(to_tsvector('simple', ${doc.body}), 'D')`;
