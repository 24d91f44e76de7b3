import { sql, type Kysely } from 'kysely';
import { changeKeys, listKey } from '../../core/change-keys.js';
import type { ArticleStatus } from '../../core/model.js';
import type { Store } from '../engine.js';
import type { ListKind, Schema } from '../schema.js';
import { INDEXED_COLUMNS, indexArticleRows, type IndexedColumns } from '../search/index-article.js';
import { toFlag } from '../values.js';
import { recordChange } from './change-log.js';
import { inChunks } from './slugs.js';

/**
 * What happened to an article, for whoever follows the newsroom's work: the webhooks and live
 * updates to come. `article.updated` is any write to an article that already existed;
 * `previousStatus` and `status` tell a correction of a live article from an edit of a draft.
 */
export type ArticleEventName = 'article.created' | 'article.updated' | 'article.published' | 'article.unpublished' | 'article.scheduled' | 'article.unscheduled';

export interface ArticleEvent {
  name: ArticleEventName;
  articleId: number;
  status: ArticleStatus;
  previousStatus: ArticleStatus | null;
  at: Date;
}

/** What an article was before a write: what decides which pages and events the write touches. */
export interface ArticleState {
  status: ArticleStatus;
  isBreaking: boolean;
}

export interface WriteOutcome {
  /** Cache keys the write changed, recorded in the change log; announce them after the commit (ChangeFeed.notify). */
  changed: string[];
  /** What happened, article by article, for after the commit. */
  events: ArticleEvent[];
  /** The change log's ids of those keys: the writer's change feed has announced them and skips them in the log. */
  changeIds: number[];
}

export interface ArticleChange {
  /** The articles' states before the write (`statesOf`, read in the same transaction); a new article has none. */
  before: Map<number, ArticleState>;
  now: Date;
  /** The rows just written, when the caller holds them (a bulk insert): the search index and the states after are made from them without reading them back. */
  rows?: IndexedColumns[];
}

/** The states of these articles now: call before a write, for `afterArticleWrite`. */
export async function statesOf(db: Kysely<Schema>, ids: number[]): Promise<Map<number, ArticleState>> {
  const rows = await inChunks(ids, (chunk) => db.selectFrom('articles').select(['id', 'status', 'is_breaking']).where('id', 'in', chunk).execute());
  return new Map(rows.map((r) => [r.id, { status: r.status as ArticleStatus, isBreaking: toFlag(r.is_breaking) }]));
}

/**
 * Every write to articles ends here, in its transaction, whatever made it (the editor, a
 * workflow step, scheduled publication, the imports, a restore): the search index, the
 * precomputed listings, the change log and the cache keys it records, and the domain events.
 * Nothing else repeats these steps, so no way of changing an article can forget one.
 */
export async function afterArticleWrite(store: Store, ids: number[], change: ArticleChange): Promise<WriteOutcome> {
  if (ids.length === 0) return { changed: [], changeIds: [], events: [] };
  const { db } = store;
  // One read of what was written gives both the search entries and the states after.
  const rows = change.rows ?? (await inChunks(ids, (chunk) => db.selectFrom('articles').select(INDEXED_COLUMNS).where('id', 'in', chunk).execute()));
  await indexArticleRows(store, ids, rows);
  const after = new Map(rows.map((r) => [r.id, { status: r.status as ArticleStatus, isBreaking: toFlag(r.is_breaking) }]));
  const listed = new Set(rows.filter((r) => r.status === 'published' && r.published_at !== null).map((r) => r.id));
  const keys = new Set<string>(await refreshListings(db, ids, listed));
  const live = (s: ArticleState | undefined) => s !== undefined && s.status === 'published';
  for (const id of ids) {
    keys.add(changeKeys.article(id));
    const was = change.before.get(id);
    const is = after.get(id);
    // 'home' stands for every published list (the home page, the news feed, suggestions): a draft's
    // autosave or a schedule shows on none of them, and must not make them render again.
    if (live(was) || live(is)) keys.add(changeKeys.home);
    // The banner is on every page: a live breaking story arriving or leaving changes them all.
    if ((live(was) && was!.isBreaking) || (live(is) && is!.isBreaking)) keys.add(changeKeys.site);
  }
  const changed = [...keys];
  const changeIds = await recordChange(db, changed, change.now);
  return { changed, changeIds, events: ids.flatMap((id) => eventsOf(id, change.before.get(id) ?? null, after.get(id) ?? null, change.now)) };
}

function eventsOf(articleId: number, was: ArticleState | null, is: ArticleState | null, at: Date): ArticleEvent[] {
  if (!is) return [];
  const event = (name: ArticleEventName): ArticleEvent => ({ name, articleId, status: is.status, previousStatus: was?.status ?? null, at });
  const events = [event(was ? 'article.updated' : 'article.created')];
  const from = was?.status ?? null;
  if (from === is.status) return events;
  if (is.status === 'published') events.push(event('article.published'));
  if (from === 'published') events.push(event('article.unpublished'));
  if (is.status === 'scheduled') events.push(event('article.scheduled'));
  if (from === 'scheduled' && is.status !== 'published') events.push(event('article.unscheduled'));
  return events;
}

/**
 * Rewrites these articles' rows in article_listings from their current state: one row per
 * section on the path, per tag and per author while published, none otherwise. Returns the
 * cache keys of every list they were or now are in. Two statements a chunk: the rows go with
 * their lists returned, and the new ones are made from the articles by the database.
 */
async function refreshListings(db: Kysely<Schema>, ids: number[], listed: ReadonlySet<number>): Promise<string[]> {
  const lists = await inChunks(ids, async (chunk) => {
    const gone = await db.deleteFrom('article_listings').where('article_id', 'in', chunk).returning(['list_kind', 'list_id']).execute();
    const live = chunk.filter((id) => listed.has(id));
    if (live.length === 0) return gone;
    // By id alone: which are live was read with the rows. A status test here made SQLite walk its
    // status index over every published article instead (24 ms a statement at 100,000).
    // Each section of the article's path: the section, its parent and theirs (sections nest at
    // most three deep, MAX_SECTION_DEPTH).
    const sections = db
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .leftJoin('sections as p', 'p.id', 's.parent_id')
      .innerJoin('sections as anc', (j) => j.on((eb) => eb('anc.id', 'in', [eb.ref('s.id'), eb.ref('s.parent_id'), eb.ref('p.parent_id')])))
      .select([sql.lit('section').as('list_kind'), 'anc.id as list_id', 'a.id as article_id', 'a.published_at'])
      .where('a.id', 'in', live);
    const tags = db
      .selectFrom('articles as a')
      .innerJoin('article_tags as t', 't.article_id', 'a.id')
      .select([sql.lit('tag').as('list_kind'), 't.tag_id as list_id', 'a.id as article_id', 'a.published_at'])
      .where('a.id', 'in', live);
    const authors = db
      .selectFrom('articles as a')
      .innerJoin('article_authors as au', 'au.article_id', 'a.id')
      .select([sql.lit('author').as('list_kind'), 'au.author_id as list_id', 'a.id as article_id', 'a.published_at'])
      .where('a.id', 'in', live);
    const made = await db
      .insertInto('article_listings')
      .columns(['list_kind', 'list_id', 'article_id', 'published_at'])
      // Grouped by list, in the pages' order: a batch's rows for one list go to the same pages.
      .expression(sections.unionAll(tags).unionAll(authors).orderBy('list_kind').orderBy('list_id').orderBy('published_at').orderBy('article_id'))
      .returning(['list_kind', 'list_id'])
      .execute();
    return [...gone, ...made];
  });
  return [...new Set(lists.map((r) => listKey(r.list_kind as ListKind, r.list_id)))];
}
