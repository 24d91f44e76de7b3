import { sql, type Kysely } from 'kysely';
import type { Article, ArticleStatus, ArticleSummary, AuthorRef, Block, LeadPhoto, Recap, SectionRef, TagKind, TagRef } from '../../core/model.js';
import { blockPlainText, plainText } from '../../core/rich-text.js';
import type { ArticleRow, ListKind, MediaRow, Schema } from '../schema.js';
import type { Store } from '../engine.js';
import { prepared } from '../prepared.js';
import { afterArticleWrite, statesOf, type WriteOutcome } from './article-writes.js';
import { fromDate, fromFlag, toDate, toDateOrNull, toFlag } from '../values.js';
import { listCorrections, publicCorrection } from './corrections.js';
import { toMediaRef, withBlockMedia } from './media.js';
import { firstFreeSlugs, inChunks } from './slugs.js';

/** What a writer supplies; ids of sections, authors, tags and media are resolved before. */
export interface ArticleInput {
  externalId: string | null;
  sourceHash?: string | null;
  slug: string;
  title: string;
  subtitle: string | null;
  lead: string;
  body: Block[];
  status: ArticleStatus;
  sectionId: number | null;
  source: string | null;
  photo: { mediaId: number | null; caption: string; credit: string; alt: string } | null;
  recap: Recap | null;
  publishedAt: Date | null;
  publishedTimeKnown: boolean;
  isMain: boolean;
  isBreaking: boolean;
  authorIds: number[];
  tagIds: number[];
  /**
   * The last editorial change (updated_at: dateModified, feeds' and sitemaps' dates). Absent:
   * the write itself is one. An import passes the source's date, so the time it ran is never
   * shown as a change of the story.
   */
  editedAt?: Date;
  /** The version the write leaves the article at (the editor's optimistic locking); absent: as it is. */
  version?: number;
  /** The account that creates it (a new article only). */
  createdBy?: number;
}

export async function findByExternalId(db: Kysely<Schema>, externalId: string) {
  return (await db.selectFrom('articles').select(['id', 'source_hash', 'slug', 'status', 'is_main', 'is_breaking', 'updated_at']).where('external_id', '=', externalId).executeTakeFirst()) ?? null;
}

/** A slug no other article has (the article's own current slug stays free for it). */
export async function freeArticleSlug(db: Kysely<Schema>, base: string, exceptId: number | null): Promise<string> {
  return (await freeArticleSlugs(db, [base], exceptId))[0]!;
}

/** Slugs for several new articles at once, free and different from each other (`hints`: see firstFreeSlugs). */
export async function freeArticleSlugs(db: Kysely<Schema>, bases: string[], exceptId: number | null = null, hints?: Map<string, number>): Promise<string[]> {
  return firstFreeSlugs(
    bases,
    (candidates) =>
    inChunks(candidates, async (chunk) => {
      let q = db.selectFrom('articles').select('slug').where('slug', 'in', chunk);
      if (exceptId !== null) q = q.where('id', '!=', exceptId);
      return (await q.execute()).map((r) => r.slug);
    }),
    new Set(),
    hints,
  );
}

/** The articles row of an input (also what the benchmark's bulk fill writes). */
export function articleColumns(input: ArticleInput, now: Date) {
  return {
    external_id: input.externalId,
    source_hash: input.sourceHash ?? null,
    slug: input.slug,
    title: input.title,
    subtitle: input.subtitle,
    lead: input.lead,
    body: JSON.stringify(input.body),
    status: input.status,
    section_id: input.sectionId,
    source: input.source,
    photo_media_id: input.photo?.mediaId ?? null,
    photo_caption: input.photo?.caption ?? null,
    photo_credit: input.photo?.credit ?? null,
    photo_alt: input.photo?.alt ?? null,
    recap: input.recap ? JSON.stringify(input.recap) : null,
    published_at: input.publishedAt ? fromDate(input.publishedAt) : null,
    published_time_known: fromFlag(input.publishedTimeKnown),
    is_main: fromFlag(input.isMain),
    is_breaking: fromFlag(input.isBreaking),
    updated_at: fromDate(input.editedAt ?? now),
    changed_at: fromDate(now),
    ...(input.version !== undefined ? { version: input.version } : {}),
    ...(input.createdBy !== undefined ? { created_by: input.createdBy } : {}),
  };
}

/**
 * Inserts or, with an id, replaces an article with its ordered authors and tags, and ends in
 * the write path (afterArticleWrite). Returns the id, the cache keys the write changed and its
 * events. Call in a transaction.
 */
export async function saveArticle(store: Store, id: number | null, input: ArticleInput, now: Date): Promise<WriteOutcome & { id: number }> {
  const { db } = store;
  let articleId: number;
  const before = id === null ? new Map() : await statesOf(db, [id]);
  if (id === null) {
    const row = await db
      .insertInto('articles')
      .values({ ...articleColumns(input, now), created_at: fromDate(now) })
      .returning('id')
      .executeTakeFirstOrThrow();
    articleId = row.id;
  } else {
    await db.updateTable('articles').set(articleColumns(input, now)).where('id', '=', id).execute();
    await db.deleteFrom('article_authors').where('article_id', '=', id).execute();
    await db.deleteFrom('article_tags').where('article_id', '=', id).execute();
    articleId = id;
  }
  if (input.authorIds.length) {
    await db
      .insertInto('article_authors')
      .values(input.authorIds.map((author_id, position) => ({ article_id: articleId, author_id, position })))
      .execute();
  }
  if (input.tagIds.length) {
    await db
      .insertInto('article_tags')
      .values(input.tagIds.map((tag_id, position) => ({ article_id: articleId, tag_id, position })))
      .execute();
  }
  return { id: articleId, ...(await afterArticleWrite(store, [articleId], { before, now })) };
}

const summaryColumns = [
  'a.id', 'a.external_id', 'a.slug', 'a.title', 'a.subtitle', 'a.lead', 'a.status', 'a.source',
  'a.photo_caption', 'a.photo_credit', 'a.photo_alt', 'a.published_at', 'a.published_time_known',
  'a.created_at', 'a.updated_at', 'a.changed_at', 'a.is_main', 'a.is_breaking', 's.path as section_path',
  'm.id as media_id', 'm.storage_key', 'm.width', 'm.height', 'm.mime', 'm.variant_widths',
  // The section chain: sections nest at most three deep (MAX_SECTION_DEPTH), so it is the
  // section, its parent and theirs, joined by primary key.
  's.id as s_id', 's.name as s_name', 's.slug as s_slug',
  'p1.id as p1_id', 'p1.name as p1_name', 'p1.slug as p1_slug', 'p1.path as p1_path',
  'p2.id as p2_id', 'p2.name as p2_name', 'p2.slug as p2_slug', 'p2.path as p2_path',
] as const;

function baseQuery(db: Kysely<Schema>) {
  return db
    .selectFrom('articles as a')
    .leftJoin('sections as s', 's.id', 'a.section_id')
    .leftJoin('sections as p1', 'p1.id', 's.parent_id')
    .leftJoin('sections as p2', 'p2.id', 'p1.parent_id')
    .leftJoin('media as m', 'm.id', 'a.photo_media_id');
}

/** The chain of a row's section, the topmost first. */
function chainOf(r: SummaryRow): SectionRef[] {
  const chain: SectionRef[] = [];
  if (r.p2_id !== null) chain.push({ id: r.p2_id, name: r.p2_name!, slug: r.p2_slug!, path: r.p2_path! });
  if (r.p1_id !== null) chain.push({ id: r.p1_id, name: r.p1_name!, slug: r.p1_slug!, path: r.p1_path! });
  if (r.s_id !== null) chain.push({ id: r.s_id, name: r.s_name!, slug: r.s_slug!, path: r.section_path! });
  return chain;
}

const articleById = prepared((db, id: number) =>
  baseQuery(db)
    .select([...summaryColumns, 'a.body', 'a.recap', 'a.version', 'a.created_by', 'a.photo_media_id', 'a.section_id'])
    // Few articles have corrections: the others need no statement for them.
    .select(sql<number | boolean>`exists (select 1 from article_corrections c where c.article_id = a.id)`.as('corrected'))
    .where('a.id', '=', id),
);

/** What the newsroom's view of an article needs beyond the public article: its version and raw ids. */
export interface EditorColumns {
  version: number;
  created_by: number | null;
  photo_media_id: number | null;
  section_id: number | null;
}

export async function getArticle(db: Kysely<Schema>, id: number): Promise<Article | null> {
  return (await getArticleRecord(db, id))?.article ?? null;
}

/** The article and, read by the same statement, the columns the newsroom needs besides. */
export async function getArticleRecord(db: Kysely<Schema>, id: number): Promise<{ article: Article; editor: EditorColumns } | null> {
  // The bylines and tags need only the id: asked beside the row.
  const [[row], related] = await Promise.all([articleById(db, id), relationsOfArticles(db, [id])]);
  if (!row) return null;
  const [[summary], body, corrections] = await Promise.all([hydrate(db, [row], related), withBlockMedia(db, JSON.parse(row.body) as Block[]), toFlag(row.corrected) ? listCorrections(db, id) : []]);
  const { version, created_by, photo_media_id, section_id } = row;
  return {
    article: { ...summary!, body, recap: row.recap ? (JSON.parse(row.recap) as Recap) : null, corrections: corrections.map(publicCorrection) },
    editor: { version, created_by, photo_media_id, section_id },
  };
}

export interface ListOptions {
  limit: number;
  offset?: number;
  /** Keyset: continue after this item (the API's cursor). */
  before?: { publishedAt: Date; id: number };
}

/** Published articles, newest first. */
export async function listPublished(db: Kysely<Schema>, opts: ListOptions & { mainOnly?: boolean }): Promise<ArticleSummary[]> {
  let q = baseQuery(db).select(summaryColumns).where('a.status', '=', 'published');
  if (opts.mainOnly) q = q.where('a.is_main', '=', 1);
  if (opts.before) {
    const at = fromDate(opts.before.publishedAt);
    const id = opts.before.id;
    q = q.where((eb) => eb.or([eb('a.published_at', '<', at), eb.and([eb('a.published_at', '=', at), eb('a.id', '<', id)])]));
  }
  const rows = await q.orderBy('a.published_at', 'desc').orderBy('a.id', 'desc').limit(opts.limit).offset(opts.offset ?? 0).execute();
  return hydrate(db, rows);
}

/** The articles of a section (with its subsections), a tag or an author, newest first: one index range. */
export async function listInList(db: Kysely<Schema>, kind: ListKind, listId: number, opts: ListOptions): Promise<ArticleSummary[]> {
  // The page is cut inside the listing index (skipped rows never touch articles), then read.
  let page = db
    .selectFrom('article_listings as l')
    .select('l.article_id')
    .where('l.list_kind', '=', kind)
    .where('l.list_id', '=', listId);
  if (opts.before) {
    const at = fromDate(opts.before.publishedAt);
    const id = opts.before.id;
    page = page.where((eb) => eb.or([eb('l.published_at', '<', at), eb.and([eb('l.published_at', '=', at), eb('l.article_id', '<', id)])]));
  }
  const ids = (await page.orderBy('l.published_at', 'desc').orderBy('l.article_id', 'desc').limit(opts.limit).offset(opts.offset ?? 0).execute()).map((r) => r.article_id);
  return summariesByIds(db, ids);
}

/** The newest published breaking article published after `since`, for the banner. */
export async function latestBreaking(db: Kysely<Schema>, since: Date): Promise<{ id: number; title: string; slug: string; sectionPath: string | null; publishedAt: Date } | null> {
  const row = await db
    .selectFrom('articles as a')
    .leftJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.id', 'a.title', 'a.slug', 's.path', 'a.published_at'])
    .where('a.status', '=', 'published')
    .where('a.is_breaking', '=', 1)
    .where('a.published_at', '>', fromDate(since))
    .orderBy('a.published_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && row.published_at !== null ? { id: row.id, title: row.title, slug: row.slug, sectionPath: row.path, publishedAt: toDate(row.published_at) } : null;
}

type SummaryRow = Pick<ArticleRow, 'id' | 'external_id' | 'slug' | 'title' | 'subtitle' | 'lead' | 'status' | 'source' | 'photo_caption' | 'photo_credit' | 'photo_alt' | 'published_at' | 'published_time_known' | 'is_main' | 'is_breaking' | 'created_at' | 'updated_at' | 'changed_at'> & {
  section_path: string | null;
  media_id: number | null;
  storage_key: MediaRow['storage_key'] | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  variant_widths: string | null;
  s_id: number | null;
  s_name: string | null;
  s_slug: string | null;
  p1_id: number | null;
  p1_name: string | null;
  p1_slug: string | null;
  p1_path: string | null;
  p2_id: number | null;
  p2_name: string | null;
  p2_slug: string | null;
  p2_path: string | null;
};

/**
 * The bylines and tags of these articles in one statement: two index lookups UNION ALL'd into
 * one shape, `rank` their order (the position in the byline or among the tags).
 */
const relationsOfArticles = prepared((db, ids: number[]) =>
  db
    .selectFrom('article_authors as aa')
    .innerJoin('authors as au', 'au.id', 'aa.author_id')
    .select([sql.lit('author').as('relation'), 'aa.article_id', 'au.id', 'au.name', 'au.slug', sql<string | null>`null`.as('extra'), 'aa.position as rank'])
    .where('aa.article_id', 'in', ids)
    .unionAll(
      db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select([sql.lit('tag').as('relation'), 'at.article_id', 't.id', 't.name', 't.slug', 't.kind as extra', 'at.position as rank'])
        .where('at.article_id', 'in', ids),
    ),
);

type RelationRow = Awaited<ReturnType<typeof relationsOfArticles>>[number];

/**
 * Adds authors and tags to a page of rows with one more statement, not one per row or per kind
 * (the sections come with the rows). `asked`: that statement, when the caller knew the ids
 * before it had the rows and asked both at once (on a pool, one round trip for the two).
 */
async function hydrate(db: Kysely<Schema>, rows: SummaryRow[], asked?: RelationRow[]): Promise<ArticleSummary[]> {
  if (rows.length === 0) return [];
  const related = (asked ?? (await relationsOfArticles(db, rows.map((r) => r.id)))).sort((x, y) => x.article_id - y.article_id || Number(x.rank) - Number(y.rank));
  const authors = new Map<number, AuthorRef[]>();
  const tags = new Map<number, TagRef[]>();
  const add = <T>(map: Map<number, T[]>, id: number, item: T) => {
    const list = map.get(id);
    if (list) list.push(item);
    else map.set(id, [item]);
  };
  for (const r of related) {
    if (r.relation === 'author') add(authors, r.article_id, { id: r.id, name: r.name, slug: r.slug });
    else add(tags, r.article_id, { id: r.id, name: r.name, slug: r.slug, kind: r.extra as TagKind });
  }
  return rows.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    slug: r.slug,
    title: r.title,
    subtitle: r.subtitle,
    lead: r.lead,
    status: r.status as ArticleStatus,
    sections: chainOf(r),
    authors: authors.get(r.id) ?? [],
    tags: tags.get(r.id) ?? [],
    source: r.source,
    photo: leadPhoto(r),
    publishedAt: toDateOrNull(r.published_at),
    publishedTimeKnown: toFlag(r.published_time_known),
    isMain: toFlag(r.is_main),
    isBreaking: toFlag(r.is_breaking),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    changedAt: toDate(r.changed_at),
  }));
}

function leadPhoto(r: SummaryRow): LeadPhoto | null {
  if (r.photo_caption === null && r.photo_credit === null && r.media_id === null) return null;
  const media =
    r.media_id !== null && r.storage_key !== null
      ? toMediaRef({ id: r.media_id, storage_key: r.storage_key, width: r.width ?? 0, height: r.height ?? 0, mime: r.mime ?? '', variant_widths: r.variant_widths ?? '' })
      : null;
  return { media, caption: r.photo_caption ?? '', credit: r.photo_credit ?? '', alt: r.photo_alt ?? r.photo_caption ?? '' };
}

const sectionsByPath = prepared((db, paths: string[]) => db.selectFrom('sections').select(['id', 'name', 'slug', 'path']).where('path', 'in', paths));

/** The chains of several sections in one query: every prefix of every path. */
export async function sectionChains(db: Kysely<Schema>, paths: Array<string | null>): Promise<Map<string, SectionRef[]>> {
  const unique = [...new Set(paths.filter((p): p is string => p !== null))];
  if (unique.length === 0) return new Map();
  const prefixes = new Set<string>();
  for (const p of unique) {
    const parts = p.split('/');
    parts.forEach((_, i) => prefixes.add(parts.slice(0, i + 1).join('/')));
  }
  const rows = await sectionsByPath(db, [...prefixes]);
  const byPath = new Map(rows.map((r) => [r.path, { id: r.id, name: r.name, slug: r.slug, path: r.path }]));
  return new Map(
    unique.map((p) => {
      const parts = p.split('/');
      return [p, parts.flatMap((_, i) => byPath.get(parts.slice(0, i + 1).join('/')) ?? [])];
    }),
  );
}

/** Ids of the latest published articles (all, or the main stories), newest first. */
export async function latestPublishedIds(db: Kysely<Schema>, opts: { limit: number; mainOnly?: boolean }): Promise<number[]> {
  let q = db.selectFrom('articles').select('id').where('status', '=', 'published');
  if (opts.mainOnly) q = q.where('is_main', '=', 1);
  return (await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute()).map((r) => r.id);
}

/**
 * The latest article ids of several lists at once (the home page's section blocks): one query
 * of UNION ALL'd index ranges.
 */
export async function latestIdsInLists(db: Kysely<Schema>, kind: ListKind, listIds: number[], limit: number): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>(listIds.map((id) => [id, []]));
  if (listIds.length === 0) return out;
  const range = (listId: number) =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('article_listings')
          .select(['list_id', 'article_id', 'published_at'])
          .where('list_kind', '=', kind)
          .where('list_id', '=', listId)
          .orderBy('published_at', 'desc')
          .orderBy('article_id', 'desc')
          .limit(limit)
          .as('r'),
      )
      .select(['r.list_id', 'r.article_id']);
  let query = range(listIds[0]!);
  for (const id of listIds.slice(1)) query = query.unionAll(range(id));
  // Each range comes out in its own order (newest first).
  for (const r of await query.execute()) out.get(r.list_id)!.push(r.article_id);
  return out;
}

/** Summaries of these articles, in the order given (search results). */
export async function summariesByIds(db: Kysely<Schema>, ids: number[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return [];
  const [rows, related] = await Promise.all([baseQuery(db).select(summaryColumns).where('a.id', 'in', ids).execute(), relationsOfArticles(db, ids)]);
  const byId = new Map((await hydrate(db, rows, related)).map((a) => [a.id, a]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Summaries of these articles in the order given, each with its readable text paragraph by
 * paragraph (lead, body, recap) for a search's snippets: read by the summaries' statement.
 */
export async function summariesWithTexts(db: Kysely<Schema>, ids: number[]): Promise<Array<{ article: ArticleSummary; paragraphs: string[] }>> {
  if (ids.length === 0) return [];
  const [rows, related] = await Promise.all([baseQuery(db).select([...summaryColumns, 'a.body', 'a.recap']).where('a.id', 'in', ids).execute(), relationsOfArticles(db, ids)]);
  const texts = new Map(
    rows.map((r) => [
      r.id,
      [r.lead, ...(JSON.parse(r.body) as Block[]).map(blockPlainText), ...(r.recap ? (JSON.parse(r.recap) as Recap).paragraphs.map(plainText) : [])].filter(Boolean),
    ]),
  );
  const byId = new Map((await hydrate(db, rows, related)).map((a) => [a.id, a]));
  return ids.flatMap((id) => {
    const article = byId.get(id);
    return article ? [{ article, paragraphs: texts.get(id)! }] : [];
  });
}

/** An article an import wrote before, found by its external id (the file's name). */
export type StoredArticle = {
  id: number;
  external_id: string | null;
  source_hash: string | null;
  slug: string;
  status: string;
  is_main: number | boolean;
  is_breaking: number | boolean;
  updated_at: string | Date;
  /** Its section chain, for the path of an article left unchanged. */
  sections: SectionRef[];
};

/** The articles these files imported before, with their section chains: a few queries for a whole batch. */
export async function importedByExternalIds(db: Kysely<Schema>, ids: string[]): Promise<Map<string, StoredArticle>> {
  const out = new Map<string, StoredArticle>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('articles as a')
      .leftJoin('sections as s', 's.id', 'a.section_id')
      .select(['a.id', 'a.external_id', 'a.source_hash', 'a.slug', 'a.status', 'a.is_main', 'a.is_breaking', 'a.updated_at', 's.path as section_path'])
      .where('a.external_id', 'in', ids.slice(i, i + 500))
      .execute();
    const chains = await sectionChains(db, rows.map((r) => r.section_path));
    for (const { section_path, ...r } of rows) out.set(r.external_id!, { ...r, sections: section_path ? (chains.get(section_path) ?? []) : [] });
  }
  return out;
}
