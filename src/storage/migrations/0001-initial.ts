import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/** Sections, authors, tags, media and articles with their ordered authors and tags. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);

  await t
    .id(db.schema.createTable('sections'))
    .addColumn('parent_id', 'integer', (c) => c.references('sections.id').onDelete('restrict'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sections_parent_idx').on('sections').column('parent_id').execute();

  await t
    .id(db.schema.createTable('media'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await t
    .id(db.schema.createTable('authors'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text')
    .addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await t
    .id(db.schema.createTable('tags'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('topic'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await t
    .id(db.schema.createTable('articles'))
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('lead', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('section_id', 'integer', (c) => c.references('sections.id').onDelete('restrict'))
    .addColumn('source', 'text')
    .addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('photo_caption', 'text')
    .addColumn('photo_credit', 'text')
    .addColumn('photo_alt', 'text')
    .addColumn('recap', 'text')
    .addColumn('published_at', t.timestamp)
    .addColumn('published_time_known', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('articles_status_check', sql`status in ('draft', 'scheduled', 'published', 'unpublished')`)
    .execute();
  // The feed and every listing read published articles newest first.
  await db.schema.createIndex('articles_status_published_idx').on('articles').columns(['status', 'published_at', 'id']).execute();
  await db.schema.createIndex('articles_section_idx').on('articles').columns(['section_id', 'published_at']).execute();

  for (const [table, other, ref] of [
    ['article_authors', 'author_id', 'authors.id'],
    ['article_tags', 'tag_id', 'tags.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn(other, 'integer', (c) => c.notNull().references(ref).onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['article_id', other])
      .execute();
    await db.schema.createIndex(`${table}_${other}_idx`).on(table).columns([other, 'article_id']).execute();
  }
}
