import type { Kysely } from 'kysely';
import { articlePath } from '../../core/model.js';
import type { Schema } from '../schema.js';
import { inChunks } from './slugs.js';

/**
 * The current public paths of those of these articles readers can open (published), by id: what
 * a link to one prints. One query for all the links of a page or a feed; an article missing from
 * the answer is linked as plain text.
 */
export async function publishedPaths(db: Kysely<Schema>, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await inChunks(unique, (chunk) =>
    db
      .selectFrom('articles as a')
      .leftJoin('sections as s', 's.id', 'a.section_id')
      .select(['a.id', 'a.slug', 's.path'])
      .where('a.id', 'in', chunk)
      .where('a.status', '=', 'published')
      .execute(),
  );
  return new Map(rows.map((r) => [r.id, articlePath({ id: r.id, slug: r.slug, sections: r.path === null ? [] : [{ path: r.path }] })]));
}
