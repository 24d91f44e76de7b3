import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * SQLite: article_listings becomes a table without rowids, kept in the order its pages read it
 * (list, publication time, article), with one index by article for the write path's deletes and
 * the search filters' lookups. It was a rowid table with three indexes: each listing row written
 * went into four B-trees, and a bulk import spent more time there than on the articles themselves
 * (bench/README.md, "Bulk import": ~9 % faster, 121 → 86 MB at 100,000 articles). The pair
 * (article, list) stays unique. PostgreSQL keeps its heap and indexes: a heap has no such cost.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`create table article_listings_by_order (
      list_kind text not null,
      list_id integer not null,
      article_id integer not null references articles (id) on delete cascade,
      published_at text not null,
      primary key (list_kind, list_id, published_at, article_id)
    ) without rowid`.execute(db);
  await sql`insert into article_listings_by_order (list_kind, list_id, article_id, published_at)
    select list_kind, list_id, article_id, published_at from article_listings
    order by list_kind, list_id, published_at, article_id`.execute(db);
  await sql`drop table article_listings`.execute(db);
  await sql`alter table article_listings_by_order rename to article_listings`.execute(db);
  await sql`create unique index article_listings_article_idx on article_listings (article_id, list_kind, list_id)`.execute(db);
}
