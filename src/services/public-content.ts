import { errors } from '../core/errors.js';
import type { Article, ArticleSummary } from '../core/model.js';
import type { Database } from '../storage/database.js';
import { getArticle, listPublished } from '../storage/repositories/articles.js';

/**
 * What readers may see. A draft or scheduled article does not exist for them (404); one taken
 * down after publication is gone (410), so search engines drop it.
 */
export async function readPublishedArticle(database: Database, id: number): Promise<Article> {
  const article = await getArticle(database.db, id);
  if (!article || article.status === 'draft' || article.status === 'scheduled') throw errors.notFound('Article');
  if (article.status === 'unpublished') throw errors.gone('Article');
  return article;
}

export interface FeedPage {
  items: ArticleSummary[];
  /** Continue after this item; null on the last page. */
  next: { publishedAt: Date; id: number } | null;
}

/** A page of the latest news; reads one row more than it shows to know whether more follow. */
export async function latestArticles(database: Database, limit: number, after?: { publishedAt: Date; id: number }): Promise<FeedPage> {
  const rows = await listPublished(database.db, { limit: limit + 1, ...(after ? { before: after } : {}) });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last?.publishedAt ? { publishedAt: last.publishedAt, id: last.id } : null };
}
