import { sql, type Kysely } from 'kysely';
import { nameTerms } from '../../core/search/names.js';
import type { Database, DialectName } from '../database.js';
import { indexArticles } from '../search/index-article.js';

/**
 * Full-text search over analyzed terms (core/search/analyzer.ts), never raw text: SQLite keeps
 * them in an FTS5 table (contentless: the articles table holds the text), PostgreSQL in a
 * weighted tsvector with the 'simple' configuration and a GIN index. Sections, tags and authors
 * get their names' terms for filters and suggestions. Rows already stored are indexed here
 * (on SQLite by 0015, which keys the entries differently); from now on every article write keeps
 * its entry in step.
 */
export async function up(db: Kysely<any>, dialect: DialectName, database: Database): Promise<void> {
  for (const table of ['tags', 'authors', 'sections']) {
    await db.schema.alterTable(table).addColumn('search_terms', 'text', (c) => c.notNull().defaultTo('')).execute();
  }
  if (dialect === 'sqlite') {
    // remove_diacritics 0: й and ї are letters of their own, not и and і with marks.
    await sql`create virtual table search_fts using fts5(title, tags, lead, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
  } else {
    await db.schema
      .createTable('search_documents')
      .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
      .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
  }

  for (const table of ['tags', 'authors', 'sections'] as const) {
    const rows = await db.selectFrom(table).select(['id', 'name']).execute();
    for (const r of rows) await db.updateTable(table).set({ search_terms: nameTerms(r.name) }).where('id', '=', r.id).execute();
  }
  if (dialect === 'sqlite') return;
  const ids = (await db.selectFrom('articles').select('id').orderBy('id').execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) await indexArticles({ db, engine: database.engine }, ids.slice(i, i + 500));
}
