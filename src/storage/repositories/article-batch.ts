import type { Store } from '../engine.js';
import { fromDate } from '../values.js';
import type { IndexedColumns } from '../search/index-article.js';
import { afterArticleWrite, type WriteOutcome } from './article-writes.js';
import { articleColumns, type ArticleInput } from './articles.js';

/** A new article for `insertArticles`: its input and the time it is written. */
export interface NewArticle {
  input: ArticleInput;
  now: Date;
  /** Its text's search terms and its tags' stored names, when the caller has them (see IndexedColumns). */
  known?: IndexedColumns['known'];
}

/** Parameters per statement, under SQLite's 32,766 (and PostgreSQL's 65,535). */
const MAX_PARAMS = 30_000;

/**
 * Inserts many new articles with multi-row statements (articles, article_authors,
 * article_tags), a few statements for the lot instead of several per article, then ends in the
 * write path (afterArticleWrite), which indexes them from the rows in hand. Returns the ids in
 * input order, the cache keys changed and the events. Slugs must already be free
 * (`freeArticleSlugs`); call in a transaction.
 */
export async function insertArticles(store: Store, articles: NewArticle[]): Promise<WriteOutcome & { ids: number[] }> {
  if (articles.length === 0) return { ids: [], changed: [], changeIds: [], events: [] };
  const { db } = store;
  const rows = articles.map((a) => ({ ...articleColumns(a.input, a.now), created_at: fromDate(a.now) }));
  const idBySlug = new Map<string, number>();
  // Rows come back in no promised order: they are matched by slug, which is unique.
  for (const chunk of chunks(rows)) {
    for (const r of await db.insertInto('articles').values(chunk).returning(['id', 'slug']).execute()) idBySlug.set(r.slug, r.id);
  }
  const ids = articles.map((a) => idBySlug.get(a.input.slug)!);
  const authors = articles.flatMap(({ input }, i) => input.authorIds.map((author_id, position) => ({ article_id: ids[i]!, author_id, position })));
  const tags = articles.flatMap(({ input }, i) => input.tagIds.map((tag_id, position) => ({ article_id: ids[i]!, tag_id, position })));
  for (const chunk of chunks(authors)) await db.insertInto('article_authors').values(chunk).execute();
  for (const chunk of chunks(tags)) await db.insertInto('article_tags').values(chunk).execute();
  const now = articles.reduce((latest, a) => (a.now > latest ? a.now : latest), articles[0]!.now);
  const outcome = await afterArticleWrite(store, ids, { before: new Map(), now, rows: rows.map((row, i) => ({ ...row, id: ids[i]!, known: articles[i]!.known })) });
  return { ids, ...outcome };
}

function* chunks<T extends object>(rows: T[]): Generator<T[]> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per) yield rows.slice(i, i + per);
}
