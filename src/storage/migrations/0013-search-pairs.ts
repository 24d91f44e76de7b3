import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * PostgreSQL finds a phrase by checking word positions in each candidate's tsvector: a rare
 * phrase of common words ('зустріч у Парижі') read thousands of tsvectors (0.7–1 s at 100,000
 * articles). Each entry now also lists its adjacent word pairs, hashed into 2^18 buckets so the
 * index stays small whatever the vocabulary (an index of the pairs themselves took 470 MB), and
 * a phrase first narrows the candidates to entries holding each of its pairs' buckets through a
 * GIN index; the positions are then checked as before, so a bucket shared by two pairs costs a
 * little reading, never a wrong answer. The pairs are computed by the database from the tsvector
 * itself (a stored generated column), so they always follow its positions exactly, across fields
 * too. SQLite's FTS5 reads positions from its own index and needs none of this.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`create or replace function search_pair(a text, b text) returns int4 language sql immutable parallel safe
    as $$ select hashtext(a || ' ' || b) & 262143 $$`.execute(db);
  // Written out rather than calling search_pair: a restore (pg_restore) computes the column with
  // an empty search_path, where only pg_catalog's functions are found.
  await sql`create or replace function search_pairs(v tsvector) returns int4[] language sql immutable parallel safe
    as $$ select coalesce(array_agg(distinct hashtext(x.lexeme || ' ' || y.lexeme) & 262143), '{}')
      from (select lexeme, unnest(positions) as p from unnest(v) as t(lexeme, positions, weights)) x
      join (select lexeme, unnest(positions) as p from unnest(v) as t(lexeme, positions, weights)) y on y.p = x.p + 1 $$`.execute(db);
  await sql`alter table search_documents add column pairs int4[] generated always as (search_pairs(tsv)) stored`.execute(db);
  await sql`create index search_documents_pairs_idx on search_documents using gin (pairs)`.execute(db);
}
