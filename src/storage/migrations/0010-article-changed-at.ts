import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/**
 * When an article's row was last written, whatever wrote it: HTTP's Last-Modified. updated_at is
 * the story's last editorial change (dateModified, feeds, sitemaps), which an import keeps at the
 * source's date even when it rewrites the text; a client holding only If-Modified-Since must
 * still see that rewrite. Existing rows start from updated_at.
 *
 * Imports used to set updated_at to the time they ran, so every imported story showed as
 * changed at its import. One no editor has saved since (no revision) gets its publication
 * back as its last editorial change; an edited one keeps its editor's date.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema.alterTable('articles').addColumn('changed_at', columnTypes(dialect).timestamp).execute();
  await sql`update articles set changed_at = updated_at`.execute(db);
  await sql`
    update articles set updated_at = published_at
    where external_id is not null and published_at is not null and updated_at > published_at
      and not exists (select 1 from article_revisions r where r.article_id = articles.id)`.execute(db);
}
