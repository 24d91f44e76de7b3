import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/** Notes on an article: the newsroom's thread about it, never shown to readers. */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await t
    .id(db.schema.createTable('article_notes'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_notes_article_idx').on('article_notes').columns(['article_id', 'id']).execute();
}
