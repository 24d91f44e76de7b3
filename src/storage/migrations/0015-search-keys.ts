import { sql, type Kysely } from 'kysely';
import type { Database, DialectName } from '../database.js';
import { indexArticles } from '../search/index-article.js';

/**
 * SQLite's search entries are keyed by publication time (storage/sqlite/search-keys.ts) instead
 * of the article id, so that FTS5 reads the newest matches first and stops: relevance ranks the
 * newest matches and the newest title or tag matches, as on PostgreSQL, without computing BM25
 * for every match of a common word. search_keys remembers each entry's minute. The FTS5 table is
 * contentless (its text lives in the articles), so it is rebuilt from the stored articles here:
 * about a minute for 100,000 articles.
 */
export async function up(db: Kysely<any>, dialect: DialectName, database: Database): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`drop table search_fts`.execute(db);
  // remove_diacritics 0: й and ї are letters of their own, not и and і with marks.
  await sql`create virtual table search_fts using fts5(title, tags, lead, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
  await sql`create table search_keys (article_id integer primary key, minute integer not null)`.execute(db);
  let last = 0;
  for (;;) {
    const ids = (await db.selectFrom('articles').select('id').where('status', '=', 'published').where('id', '>', last).orderBy('id').limit(500).execute()).map((r) => Number(r.id));
    if (ids.length === 0) break;
    await indexArticles({ db, engine: database.engine }, ids);
    last = ids.at(-1)!;
  }
}
