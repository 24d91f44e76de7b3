import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/**
 * Main-story and breaking flags; media variant widths; the content change log; and article_listings, the lists that
 * section, tag and author pages read, computed on write so that each page is one index range.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('articles').addColumn('is_main', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('articles').addColumn('is_breaking', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('media').addColumn('variant_widths', 'text', (c) => c.notNull().defaultTo('')).execute();

  await db.schema
    .createTable('article_listings')
    // 'section' (every ancestor of the article's section), 'tag' or 'author'.
    .addColumn('list_kind', 'text', (c) => c.notNull())
    .addColumn('list_id', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('published_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('article_listings_pk', ['list_kind', 'list_id', 'article_id'])
    .execute();
  await db.schema
    .createIndex('article_listings_order_idx')
    .on('article_listings')
    .columns(['list_kind', 'list_id', 'published_at', 'article_id'])
    .execute();
  await db.schema.createIndex('article_listings_article_idx').on('article_listings').column('article_id').execute();
  await db.schema.createIndex('articles_main_idx').on('articles').columns(['is_main', 'status', 'published_at']).execute();

  // Every write appends the cache keys it changed; each server instance reads new rows every
  // second and drops those pages, so a CLI import or another instance's write reaches every cache.
  await t
    .id(db.schema.createTable('content_changes'))
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  // Backfill for databases that already hold published articles.
  await sql`insert into article_listings (list_kind, list_id, article_id, published_at)
    select 'section', anc.id, a.id, a.published_at from articles a
    join sections s on s.id = a.section_id
    join sections anc on (anc.path = s.path or s.path like anc.path || '/%')
    where a.status = 'published' and a.published_at is not null`.execute(db);
  await sql`insert into article_listings (list_kind, list_id, article_id, published_at)
    select 'tag', at.tag_id, a.id, a.published_at from articles a join article_tags at on at.article_id = a.id
    where a.status = 'published' and a.published_at is not null`.execute(db);
  await sql`insert into article_listings (list_kind, list_id, article_id, published_at)
    select 'author', aa.author_id, a.id, a.published_at from articles a join article_authors aa on aa.article_id = a.id
    where a.status = 'published' and a.published_at is not null`.execute(db);
}
