import { sql, type Kysely } from 'kysely';
import { changeKeys, listKey } from '../../core/change-keys.js';
import type { ArticleStatus } from '../../core/model.js';
import type { Store } from '../engine.js';
import type { ListKind, Schema } from '../schema.js';
import { indexArticleRows, indexArticles, type IndexedColumns } from '../search/index-article.js';
import { fromDate, toFlag } from '../values.js';
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
}

export interface ArticleChange {
  /** The articles' states before the write (`statesOf`, read in the same transaction); a new article has none. */
  before: Map<number, ArticleState>;
  now: Date;
  /** The rows just written, when the caller holds them (a bulk insert): the search index is made from them without reading them back. */
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
  if (ids.length === 0) return { changed: [], events: [] };
  const { db } = store;
  if (change.rows) await indexArticleRows(store, ids, change.rows);
  else await indexArticles(store, ids);
  const after = await statesOf(db, ids);
  const keys = new Set<string>(await refreshListings(db, ids));
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
  await recordChange(db, changed, change.now);
  return { changed, events: ids.flatMap((id) => eventsOf(id, change.before.get(id) ?? null, after.get(id) ?? null, change.now)) };
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
 * cache keys of every list they were or now are in.
 */
async function refreshListings(db: Kysely<Schema>, ids: number[]): Promise<string[]> {
  const before = await inChunks(ids, (chunk) => db.selectFrom('article_listings').select(['list_kind', 'list_id']).distinct().where('article_id', 'in', chunk).execute());
  await inChunks(ids, async (chunk) => {
    await db.deleteFrom('article_listings').where('article_id', 'in', chunk).execute();
    return [];
  });
  const published = await inChunks(ids, (chunk) =>
    db.selectFrom('articles').select(['id', 'published_at', 'section_id']).where('id', 'in', chunk).where('status', '=', 'published').where('published_at', 'is not', null).execute(),
  );
  const rows: Array<{ list_kind: ListKind; list_id: number; article_id: number; published_at: string }> = [];
  if (published.length) {
    const liveIds = published.map((a) => a.id);
    const sectionIds = [...new Set(published.flatMap((a) => (a.section_id === null ? [] : [a.section_id])))];
    const [chains, tags, authors] = await Promise.all([
      inChunks(sectionIds, (chunk) =>
        db
          .selectFrom('sections as s')
          .innerJoin('sections as anc', (j) => j.on((eb) => eb.or([eb('anc.path', '=', eb.ref('s.path')), eb('s.path', 'like', sql<string>`anc.path || '/%'`)])))
          .select(['s.id as section_id', 'anc.id'])
          .where('s.id', 'in', chunk)
          .execute(),
      ),
      inChunks(liveIds, (chunk) => db.selectFrom('article_tags').select(['article_id', 'tag_id as id']).where('article_id', 'in', chunk).execute()),
      inChunks(liveIds, (chunk) => db.selectFrom('article_authors').select(['article_id', 'author_id as id']).where('article_id', 'in', chunk).execute()),
    ]);
    const ancestors = groupBy(chains, (r) => r.section_id);
    const tagsOf = groupBy(tags, (r) => r.article_id);
    const authorsOf = groupBy(authors, (r) => r.article_id);
    for (const a of published) {
      const published_at = typeof a.published_at === 'string' ? a.published_at : fromDate(a.published_at!);
      const add = (list_kind: ListKind, list_id: number) => rows.push({ list_kind, list_id, article_id: a.id, published_at });
      for (const s of a.section_id === null ? [] : (ancestors.get(a.section_id) ?? [])) add('section', s.id);
      for (const t of tagsOf.get(a.id) ?? []) add('tag', t.id);
      for (const au of authorsOf.get(a.id) ?? []) add('author', au.id);
    }
    // Four parameters a row, well under either database's limit per statement.
    for (let i = 0; i < rows.length; i += 5000) await db.insertInto('article_listings').values(rows.slice(i, i + 5000)).execute();
  }
  return [...new Set([...before, ...rows].map((r) => listKey(r.list_kind, r.list_id)))];
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}
