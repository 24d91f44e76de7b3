import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * PostgreSQL ranks a bounded set of candidates instead of every match (ts_rank_cd over the
 * 30,000 matches of a common two-word query took a second): the newest matches, read through
 * an index on the publication time kept beside each entry, and the newest whose title or tags
 * match, through a small GIN index on those fields alone ('head': the weights A and B of tsv,
 * derived by the database). SQLite's FTS5 ranks every match fast enough and needs neither.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`alter table search_documents add column published_at timestamptz`.execute(db);
  await sql`alter table search_documents add column head tsvector generated always as (ts_filter(tsv, '{a,b}')) stored`.execute(db);
  await sql`update search_documents d set published_at = a.published_at from articles a where a.id = d.article_id`.execute(db);
  await sql`alter table search_documents alter column published_at set not null`.execute(db);
  await sql`create index search_documents_published_idx on search_documents (published_at desc, article_id)`.execute(db);
  await sql`create index search_documents_head_idx on search_documents using gin (head)`.execute(db);
}
