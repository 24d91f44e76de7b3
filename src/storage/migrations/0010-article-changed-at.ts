import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/**
 * When an article's row was last written, whatever wrote it: HTTP's Last-Modified. updated_at is
 * the story's last editorial change (dateModified, feeds, sitemaps), which an import keeps at the
 * source's date even when it rewrites the text; a client holding only If-Modified-Since must
 * still see that rewrite. Existing rows start from updated_at.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('articles').addColumn('changed_at', columnTypes(dialect).timestamp).execute();
  await sql`update articles set changed_at = updated_at`.execute(db);
}
