import { sql, type Kysely } from 'kysely';
import { changeKeys, listKey } from '../../core/change-keys.js';
import type { ListKind, Schema } from '../schema.js';
import { fromDate } from '../values.js';

/**
 * Rewrites an article's rows in article_listings from its current state: one row per section
 * on its path, per tag and per author while it is published, none otherwise. Returns the cache
 * keys of every list it was or now is in. Call inside the transaction that changed the article.
 */
export async function refreshListings(db: Kysely<Schema>, articleId: number): Promise<string[]> {
  const before = await db.selectFrom('article_listings').select(['list_kind', 'list_id']).where('article_id', '=', articleId).execute();
  await db.deleteFrom('article_listings').where('article_id', '=', articleId).execute();

  const article = await db
    .selectFrom('articles')
    .select(['status', 'published_at', 'section_id', 'is_breaking'])
    .where('id', '=', articleId)
    .executeTakeFirst();
  const rows: Array<{ list_kind: ListKind; list_id: number }> = [];
  if (article && article.status === 'published' && article.published_at !== null) {
    const [sections, tags, authors] = await Promise.all([
      article.section_id === null
        ? []
        : db
            .selectFrom('sections as s')
            .innerJoin('sections as anc', (j) => j.on((eb) => eb.or([eb('anc.path', '=', eb.ref('s.path')), eb('s.path', 'like', sql<string>`anc.path || '/%'`)])))
            .select('anc.id')
            .where('s.id', '=', article.section_id)
            .execute(),
      db.selectFrom('article_tags').select('tag_id as id').where('article_id', '=', articleId).execute(),
      db.selectFrom('article_authors').select('author_id as id').where('article_id', '=', articleId).execute(),
    ]);
    rows.push(...sections.map((r) => ({ list_kind: 'section' as const, list_id: r.id })));
    rows.push(...tags.map((r) => ({ list_kind: 'tag' as const, list_id: r.id })));
    rows.push(...authors.map((r) => ({ list_kind: 'author' as const, list_id: r.id })));
    const publishedAt = typeof article.published_at === 'string' ? article.published_at : fromDate(article.published_at);
    if (rows.length) {
      await db
        .insertInto('article_listings')
        .values(rows.map((r) => ({ ...r, article_id: articleId, published_at: publishedAt })))
        .execute();
    }
  }
  const keys = new Set([changeKeys.article(articleId), changeKeys.home]);
  for (const r of [...before, ...rows]) keys.add(listKey(r.list_kind, r.list_id));
  return [...keys];
}

/** Records changed cache keys in the same transaction as the change (see content_changes). */
export async function recordChange(db: Kysely<Schema>, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await db.insertInto('content_changes').values({ keys: keys.join(' '), created_at: fromDate(now) }).execute();
}
