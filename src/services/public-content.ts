import { changeKeys } from '../core/change-keys.js';
import { errors } from '../core/errors.js';
import type { Article, ArticleSummary, Block, Recap, SectionRef, TagRef } from '../core/model.js';
import { articleRichTexts, linkedArticleIds } from '../core/rich-text.js';
import { publishedPaths } from '../storage/repositories/article-links.js';
import type { Database } from '../storage/database.js';
import { getArticle, latestIdsInLists, latestPublishedIds, listInList, listPublished, summariesByIds } from '../storage/repositories/articles.js';
import { publicAuthorBySlug, publicTagBySlug, type AuthorProfile } from '../storage/repositories/people-and-tags.js';
import { childSections, sectionChainByPath } from '../storage/repositories/sections.js';

export const PAGE_SIZE = 20;
export const MAX_PAGE = 10_000;

/**
 * What readers may see. A draft, one awaiting review or a scheduled one does not exist for them (404); one taken
 * down after publication is gone (410), so search engines drop it.
 */
export async function readPublishedArticle(database: Database, id: number): Promise<Article> {
  const article = await getArticle(database.db, id);
  if (article?.status === 'unpublished') throw errors.gone('Article');
  if (!article || article.status !== 'published') throw errors.notFound('Article');
  return article;
}

/**
 * The change keys an article page shows: itself, the names of its sections, tags and authors,
 * and every article its text links to (`links`): a link prints the target's current path, or
 * plain text while it is not published, so the target's rename, move, publication or removal
 * must drop the linking page at once.
 */
export function articleDeps(a: Article, links: ArticleLinks = NO_LINKS): string[] {
  return [
    changeKeys.article(a.id),
    ...a.sections.map((s) => changeKeys.section(s.id)),
    ...a.tags.map((t) => changeKeys.tag(t.id)),
    ...a.authors.map((p) => changeKeys.author(p.id)),
    ...links.ids.map((id) => changeKeys.article(id)),
  ];
}

/** What the text of one or more articles links to among ours: every id linked, and the current paths of those published. */
export interface ArticleLinks {
  ids: number[];
  paths: ReadonlyMap<number, string>;
}

const NO_LINKS: ArticleLinks = { ids: [], paths: new Map() };

/** The links of these articles' texts, resolved on read: one query for all of them, none when there are none. */
export async function articleLinks(database: Database, articles: Iterable<{ body?: Block[] | null; recap?: Recap | null }>): Promise<ArticleLinks> {
  const ids = linkedArticleIds([...articles].flatMap((a) => articleRichTexts(a.body ?? [], a.recap)));
  return ids.length ? { ids, paths: await publishedPaths(database.db, ids) } : NO_LINKS;
}

/**
 * When what a page shows last changed, as its articles tell (for Last-Modified): the latest of
 * their edits and publications (a scheduled article joins a list when it goes live, after its
 * last edit), and of any other record shown (`also`: a tag's rename). Null for nothing shown.
 */
export function lastChangeOf(items: Iterable<Pick<ArticleSummary, 'publishedAt' | 'changedAt'>>, ...also: Array<Date | null | undefined>): Date | null {
  let latest = Math.max(-Infinity, ...also.map((d) => d?.getTime() ?? -Infinity));
  for (const a of items) latest = Math.max(latest, a.changedAt.getTime(), a.publishedAt?.getTime() ?? -Infinity);
  return Number.isFinite(latest) ? new Date(latest) : null;
}

export interface FeedPage {
  items: ArticleSummary[];
  /** Continue after this item; null on the last page. */
  next: { publishedAt: Date; id: number } | null;
}

/** A page of the latest news by cursor; reads one row more than it shows to know whether more follow. */
export async function latestArticles(database: Database, limit: number, after?: { publishedAt: Date; id: number }): Promise<FeedPage> {
  const rows = await listPublished(database.db, { limit: limit + 1, ...(after ? { before: after } : {}) });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last?.publishedAt ? { publishedAt: last.publishedAt, id: last.id } : null };
}

export interface Page<T> {
  items: T[];
  page: number;
  hasNext: boolean;
}

/** Numbered pages for readers (?page=N): limit + 1 rows, never a count; past the end is 404. */
async function numbered(page: number, load: (limit: number, offset: number) => Promise<ArticleSummary[]>): Promise<Page<ArticleSummary>> {
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw errors.notFound('Page');
  const rows = await load(PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
  if (page > 1 && rows.length === 0) throw errors.notFound('Page');
  return { items: rows.slice(0, PAGE_SIZE), page, hasNext: rows.length > PAGE_SIZE };
}

export const newsPage = (database: Database, page: number) =>
  numbered(page, (limit, offset) => listPublished(database.db, { limit, offset }));

export interface HomeData {
  main: ArticleSummary[];
  feed: ArticleSummary[];
  feedHasMore: boolean;
  sections: Array<{ section: SectionRef; items: ArticleSummary[] }>;
}

/** The home page: main stories (marked, or else the latest with photos), the feed, a block per top section. */
export async function homeData(database: Database): Promise<HomeData> {
  const db = database.db;
  // Ids first, then every summary on the page in one batch: a handful of queries in all.
  const [markedIds, feedIds, tops] = await Promise.all([latestPublishedIds(db, { limit: 5, mainOnly: true }), latestPublishedIds(db, { limit: 21 }), childSections(db, null)]);
  const blockIds = await latestIdsInLists(db, 'section', tops.map((s) => s.id), 4);
  const all = new Map((await summariesByIds(db, [...new Set([...markedIds, ...feedIds, ...[...blockIds.values()].flat()])])).map((a) => [a.id, a]));
  const pick = (ids: number[]) => ids.flatMap((id) => all.get(id) ?? []);
  const feed = pick(feedIds);
  // Without marked stories, the latest with photos lead (from the feed: no search through the archive).
  const withPhotos = feed.filter((a) => a.photo?.media);
  const main = markedIds.length ? pick(markedIds) : (withPhotos.length ? withPhotos : feed).slice(0, 3);
  const sections = tops.map((section) => ({ section, items: pick(blockIds.get(section.id) ?? []) })).filter((b) => b.items.length > 0);
  return { main, feed: feed.slice(0, 20), feedHasMore: feed.length > 20, sections };
}

export interface SectionPageData extends Page<ArticleSummary> {
  chain: SectionRef[];
  children: SectionRef[];
}

export async function sectionPage(database: Database, path: string, page: number): Promise<SectionPageData> {
  const chain = await sectionChainByPath(database.db, path);
  const section = chain.at(-1);
  if (!section || section.path !== path) throw errors.notFound('Section');
  const [children, list] = await Promise.all([
    childSections(database.db, section.id),
    numbered(page, (limit, offset) => listInList(database.db, 'section', section.id, { limit, offset })),
  ]);
  return { ...list, chain, children };
}

export async function tagPage(database: Database, slug: string, page: number): Promise<Page<ArticleSummary> & { tag: TagRef & { updatedAt: Date } }> {
  const tag = await publicTagBySlug(database.db, slug);
  if (!tag) throw errors.notFound('Tag');
  return { ...(await numbered(page, (limit, offset) => listInList(database.db, 'tag', tag.id, { limit, offset }))), tag };
}

export async function authorPage(database: Database, slug: string, page: number): Promise<Page<ArticleSummary> & { author: AuthorProfile }> {
  const author = await publicAuthorBySlug(database.db, slug);
  if (!author) throw errors.notFound('Author');
  return { ...(await numbered(page, (limit, offset) => listInList(database.db, 'author', author.id, { limit, offset }))), author };
}
