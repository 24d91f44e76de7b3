import type { Kysely } from 'kysely';
import type { ListKind, Schema } from '../schema.js';
import { fromDate, toDate, toDateOrNull, toFlag } from '../values.js';

/**
 * The queries behind the sitemaps. Each reads a bounded batch by key (id or index range), so
 * that a sitemap of any size streams with flat memory and steady cost per batch. The one
 * OFFSET, over ids only, runs once per article sitemap file to find where its block starts.
 */

export async function countPublishedArticles(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The id of the first published article of block `index` (0-based) in id order, or null past
 * the end. One OFFSET over ids only, once per sitemap file; everything after it is keyset.
 */
export async function firstPublishedIdOfBlock(db: Kysely<Schema>, index: number, blockSize: number): Promise<number | null> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('id')
    .limit(1)
    .offset(index * blockSize)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface ArticleLocRow {
  id: number;
  slug: string;
  /** The article's own section's path (all articlePath needs), or null. */
  sectionPath: string | null;
  title: string;
  publishedAt: Date;
  publishedTimeKnown: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const locColumns = ['a.id', 'a.slug', 'a.title', 's.path', 'a.published_at', 'a.published_time_known', 'a.created_at', 'a.updated_at'] as const;

function toLocRow(r: { id: number; slug: string; title: string; path: string | null; published_at: string | Date | null; published_time_known: number | boolean; created_at: string | Date; updated_at: string | Date }): ArticleLocRow {
  const createdAt = toDate(r.created_at);
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    sectionPath: r.path,
    publishedAt: toDateOrNull(r.published_at) ?? createdAt,
    publishedTimeKnown: toFlag(r.published_time_known),
    createdAt,
    updatedAt: toDate(r.updated_at),
  };
}

/** Published articles with an id ≥ `fromId`, in id order: one keyset batch. */
export async function publishedArticlesFrom(db: Kysely<Schema>, fromId: number, limit: number): Promise<ArticleLocRow[]> {
  const rows = await db
    .selectFrom('articles as a')
    .leftJoin('sections as s', 's.id', 'a.section_id')
    .select(locColumns)
    .where('a.status', '=', 'published')
    .where('a.id', '>=', fromId)
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map(toLocRow);
}

/**
 * Published articles published after `since` (or, without `since`, the newest one), newest
 * first: Google News takes at most 1000.
 */
export async function publishedSince(db: Kysely<Schema>, since: Date | null, limit: number): Promise<ArticleLocRow[]> {
  const rows = await db
    .selectFrom('articles as a')
    .leftJoin('sections as s', 's.id', 'a.section_id')
    .select(locColumns)
    .where('a.status', '=', 'published')
    .$if(since !== null, (q) => q.where('a.published_at', '>', fromDate(since!)))
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toLocRow);
}

/**
 * When block `index` of the article sitemaps last changed: its articles' latest edit or
 * publication (ids from `firstId` up to the next block's first). Null when it holds none.
 */
export async function articleRangeLastChange(db: Kysely<Schema>, firstId: number, nextFirstId: number | null): Promise<Date | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => [eb.fn.max('updated_at').as('updated'), eb.fn.max('published_at').as('published')])
    .where('status', '=', 'published')
    .where('id', '>=', firstId)
    .$if(nextFirstId !== null, (q) => q.where('id', '<', nextFirstId!))
    .executeTakeFirst();
  return later(toDateOrNull(row?.updated ?? null), toDateOrNull(row?.published ?? null));
}

/**
 * When the section, tag or author sitemap last changed: the newest article in any such list,
 * or a later rename of a record that lists one. Null when no list of the kind has an article.
 * The first is a walk down the newest published articles until one is listed (almost always the
 * first); the second reads the records, which are few beside the articles.
 */
export async function listKindLastChange(db: Kysely<Schema>, kind: ListKind): Promise<Date | null> {
  const newest = await db
    .selectFrom('articles as a')
    .select('a.published_at')
    .where('a.status', '=', 'published')
    .where((eb) => eb.exists(eb.selectFrom('article_listings as l').select('l.article_id').whereRef('l.article_id', '=', 'a.id').where('l.list_kind', '=', kind)))
    .orderBy('a.published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!newest) return null;
  const renamed = await db
    .selectFrom(`${TABLE_OF[kind]} as e` as 'tags as e')
    .select((eb) => eb.fn.max('e.updated_at').as('m'))
    .where((eb) => eb.exists(eb.selectFrom('article_listings as l').select('l.list_id').where('l.list_kind', '=', kind).whereRef('l.list_id', '=', 'e.id')))
    .executeTakeFirst();
  return later(toDateOrNull(newest.published_at), toDateOrNull(renamed?.m ?? null));
}

const later = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));

export interface ListPageRow {
  id: number;
  /** The slug, or for a section its whole path. */
  key: string;
  updatedAt: Date;
  /** When its newest published article appeared. */
  latestAt: Date;
}

const TABLE_OF: Record<ListKind, 'sections' | 'tags' | 'authors'> = { section: 'sections', tag: 'tags', author: 'authors' };

/**
 * One keyset batch of sections, tags or authors (id > `afterId`, in id order), keeping those
 * that list at least one published article, with when their newest article appeared. The
 * correlated max() is one seek in article_listings_order_idx (list_kind, list_id, published_at)
 * per row. An empty list page is left out: nothing there for a search engine. `lastId` is the
 * last id read, kept or not, so the caller continues after it; null when the table is done.
 */
export async function listPagesAfter(db: Kysely<Schema>, kind: ListKind, afterId: number, limit: number): Promise<{ pages: ListPageRow[]; lastId: number | null }> {
  // The three tables share id, updated_at and a key column (a section's is its path); Kysely
  // cannot type a table chosen at run time, so the query is typed as if it read tags.
  const rows = await db
    .selectFrom(`${TABLE_OF[kind]} as e` as 'tags as e')
    .select((eb) => [
      'e.id',
      kind === 'section' ? eb.ref('e.path' as 'e.slug').as('key') : eb.ref('e.slug').as('key'),
      'e.updated_at',
      eb
        .selectFrom('article_listings as l')
        .select((lb) => lb.fn.max('l.published_at').as('m'))
        .where('l.list_kind', '=', kind)
        .whereRef('l.list_id', '=', 'e.id')
        .as('latest'),
    ])
    .where('e.id', '>', afterId)
    .orderBy('e.id')
    .limit(limit)
    .execute();
  const pages = rows.flatMap((r) => {
    const latest = toDateOrNull(r.latest ?? null);
    return latest ? [{ id: r.id, key: r.key, updatedAt: toDate(r.updated_at), latestAt: latest }] : [];
  });
  return { pages, lastId: rows.at(-1)?.id ?? null };
}
