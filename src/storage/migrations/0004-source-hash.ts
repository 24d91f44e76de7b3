import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/** The hash of an imported file (and its photo): importing it unchanged again writes nothing. */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('articles').addColumn('source_hash', 'text').execute();
}
