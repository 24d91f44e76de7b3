import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/**
 * Working copies: an editor's unpublished changes to a published or scheduled article, one per
 * article and account, kept apart from the live row until the editor presses 'Оновити'. In the
 * database (not the browser) so that they survive a closed tab and any instance can serve them.
 *
 * `article_id` has no foreign key on purpose: a copy outlives its article (deleted meanwhile)
 * so that its owner still gets the text back. The account's copies go with the account.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('article_working_copies')
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The article's version the changes were made on: 'Оновити' saves over it, so a newer
    // stored version is a VERSION_CONFLICT rather than a silent overwrite.
    .addColumn('base_version', 'integer', (c) => c.notNull())
    // JSON of the editor's fields (services/newsroom/articles.ts articleFields).
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('article_working_copies_pk', ['article_id', 'user_id'])
    .execute();
  await db.schema.createIndex('article_working_copies_user_idx').on('article_working_copies').columns(['user_id', 'updated_at']).execute();
}
