import type { Kysely } from 'kysely';
import { changeKeys, listKey } from '../../core/change-keys.js';
import type { SectionRef } from '../../core/model.js';
import type { ListKind, Schema } from '../schema.js';
import { indexArticleRows } from '../search/index-article.js';
import { fromDate } from '../values.js';
import { articleColumns, type ArticleInput } from './articles.js';

/** A new article for `insertArticles`: its input, the time it is written, and its section chain from the root. */
export interface NewArticle {
  input: ArticleInput;
  now: Date;
  chain: SectionRef[];
}

/** Parameters per statement, under SQLite's 32,766 (and PostgreSQL's 65,535). */
const MAX_PARAMS = 30_000;

/**
 * Inserts many new articles with multi-row statements: the same rows `saveArticle` followed by
 * `refreshListings` writes for each (articles, article_authors, article_tags, article_listings,
 * the search entry), a few statements for the lot instead of a dozen per article. Returns the
 * ids in input order and every cache key changed. Slugs must already be free (`freeArticleSlugs`);
 * call in a transaction.
 */
export async function insertArticles(db: Kysely<Schema>, articles: NewArticle[]): Promise<{ ids: number[]; changed: string[] }> {
  if (articles.length === 0) return { ids: [], changed: [] };
  const rows = articles.map((a) => ({ ...articleColumns(a.input, a.now), created_at: fromDate(a.now) }));
  const idBySlug = new Map<string, number>();
  // Rows come back in no promised order: they are matched by slug, which is unique.
  for (const chunk of chunks(rows)) {
    for (const r of await db.insertInto('articles').values(chunk).returning(['id', 'slug']).execute()) idBySlug.set(r.slug, r.id);
  }
  const ids = articles.map((a) => idBySlug.get(a.input.slug)!);

  const authors: Array<{ article_id: number; author_id: number; position: number }> = [];
  const tags: Array<{ article_id: number; tag_id: number; position: number }> = [];
  const listings: Array<{ list_kind: ListKind; list_id: number; article_id: number; published_at: string }> = [];
  const changed = new Set<string>([changeKeys.home]);
  articles.forEach(({ input, chain }, i) => {
    const article_id = ids[i]!;
    changed.add(changeKeys.article(article_id));
    if (input.isBreaking) changed.add(changeKeys.site);
    input.authorIds.forEach((author_id, position) => authors.push({ article_id, author_id, position }));
    input.tagIds.forEach((tag_id, position) => tags.push({ article_id, tag_id, position }));
    // As refreshListings: while published, a row per section on the path, per tag and per author.
    if (input.status !== 'published' || !input.publishedAt) return;
    const published_at = fromDate(input.publishedAt);
    const add = (list_kind: ListKind, list_id: number) => {
      listings.push({ list_kind, list_id, article_id, published_at });
      changed.add(listKey(list_kind, list_id));
    };
    for (const s of chain) add('section', s.id);
    for (const t of input.tagIds) add('tag', t);
    for (const a of input.authorIds) add('author', a);
  });
  for (const chunk of chunks(authors)) await db.insertInto('article_authors').values(chunk).execute();
  for (const chunk of chunks(tags)) await db.insertInto('article_tags').values(chunk).execute();
  for (const chunk of chunks(listings)) await db.insertInto('article_listings').values(chunk).execute();
  // Indexed from the rows in hand: nothing just written is read back but the tag names.
  await indexArticleRows(db, ids, rows.map((row, i) => ({ ...row, id: ids[i]! })));
  return { ids, changed: [...changed] };
}

function* chunks<T extends object>(rows: T[]): Generator<T[]> {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += per) yield rows.slice(i, i + per);
}
