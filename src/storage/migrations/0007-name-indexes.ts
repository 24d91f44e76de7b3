import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/** Imports and the editor look tags and authors up by name: an index each, not a scan per lookup. */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.createIndex('tags_name_idx').on('tags').column('name').execute();
  await db.schema.createIndex('authors_name_idx').on('authors').column('name').execute();
}
