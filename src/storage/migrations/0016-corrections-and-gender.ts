import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/**
 * Corrections and updates of a published article, as newsrooms must show them: each an editor's
 * mark ('correction' or 'update') with an optional note, when and by whom. The revision history
 * keeps the mark's note beside the version it was made on. An account's grammatical gender
 * ('feminine', 'masculine'; null when unknown) lets the newsroom's verbs agree with its name.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await t
    .id(db.schema.createTable('article_corrections'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_corrections_article_idx').on('article_corrections').columns(['article_id', 'created_at']).execute();
  await db.schema.alterTable('article_revisions').addColumn('note', 'text').execute();
  await db.schema.alterTable('users').addColumn('gender', 'text').execute();
}
