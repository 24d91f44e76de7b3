import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * SQLite: article_listings becomes a table without rowids whose key is the pair it is unique by
 * (list, article), with the order its pages read (list, publication time, article) and the
 * article (for the write path's deletes) as indexes. It was a rowid table with three indexes:
 * each listing row written went into four B-trees, and a bulk import spent more time there than
 * on the articles themselves (bench/README.md, "Bulk import"). The key stays the pair and not
 * the page order, so the search filters' lookup of an article in a list stays within the list's
 * own rows (keyed by the order instead, a filter of a big section read 33 → 45 ms).
 * PostgreSQL keeps its heap and indexes: a heap has no such cost.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`create table article_listings_by_pair (
      list_kind text not null,
      list_id integer not null,
      article_id integer not null references articles (id) on delete cascade,
      published_at text not null,
      primary key (list_kind, list_id, article_id)
    ) without rowid`.execute(db);
  await sql`insert into article_listings_by_pair (list_kind, list_id, article_id, published_at)
    select list_kind, list_id, article_id, published_at from article_listings
    order by list_kind, list_id, article_id`.execute(db);
  await sql`drop table article_listings`.execute(db);
  await sql`alter table article_listings_by_pair rename to article_listings`.execute(db);
  await sql`create index article_listings_order_idx on article_listings (list_kind, list_id, published_at, article_id)`.execute(db);
  await sql`create index article_listings_article_idx on article_listings (article_id)`.execute(db);
}
