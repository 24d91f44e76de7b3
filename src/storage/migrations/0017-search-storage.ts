import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * PostgreSQL: how search_documents is stored, measured on 100,000 articles (bench/README.md).
 * Relevance reads each candidate's tsvector (~5 KB, kept out of line): decompressing it with lz4
 * instead of the default pglz takes a quarter of the time (2,000 tsvectors: 31 → 8 ms). A row
 * held ~1.2 KB in the table itself (the title-and-tags tsvector and the phrase pairs inline), so
 * a bitmap scan over a few thousand matches read a page per match; with the pairs out of line
 * too (toast_tuple_target) the table is ~3.5× smaller. Servers built without lz4 keep pglz.
 * Stored entries are rewritten once so they take the new form.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table search_documents set (toast_tuple_target = 512)`.execute(db);
  // A server built without lz4 (or older than PostgreSQL 14) refuses the clause: pglz stays.
  await sql`do $$ begin
      alter table search_documents alter column tsv set compression lz4;
    exception when others then
      raise notice 'lz4 is not available on this server: search entries stay compressed with pglz';
    end $$`.execute(db);
  // A new value is compressed with the column's method; concatenating an empty tsvector makes one.
  await sql`update search_documents set tsv = tsv || ''::tsvector`.execute(db);
}
