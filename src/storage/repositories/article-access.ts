import type { Kysely } from 'kysely';
import type { ArticleStatus } from '../../core/model.js';
import type { ArticleAccess } from '../../core/roles.js';
import type { Store } from '../engine.js';
import type { Schema } from '../schema.js';

export type StoredAccess = ArticleAccess & { id: number; version: number };

/** What access rules decide on (status, creator, byline) for these articles, by id; missing ids are absent. */
export async function accessByIds(db: Kysely<Schema>, ids: readonly number[], o: { lock?: boolean } = {}): Promise<Map<number, StoredAccess>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  // One statement: the rows with their bylines (locking the articles' rows only, when asked).
  const query = db
    .selectFrom('articles as a')
    .leftJoin('article_authors as aa', 'aa.article_id', 'a.id')
    .select(['a.id', 'a.status', 'a.created_by', 'a.version', 'aa.author_id'])
    .where('a.id', 'in', unique)
    .orderBy('a.id')
    .orderBy('aa.position');
  const rows = await (o.lock ? query.forUpdate('a') : query).execute();
  const out = new Map<number, StoredAccess>();
  for (const r of rows) {
    let access = out.get(r.id);
    if (!access) out.set(r.id, (access = { id: r.id, status: r.status as ArticleStatus, createdBy: r.created_by, authorIds: [], version: r.version }));
    if (r.author_id !== null) access.authorIds.push(r.author_id);
  }
  return out;
}

/**
 * In a write's transaction: what access rules decide on, read by the statement that locks the
 * row against other writers until the transaction ends (where the engine has row locks; SQLite
 * already holds the whole database for its one writer).
 */
export async function lockedAccess({ db, engine }: Store, id: number): Promise<StoredAccess | undefined> {
  return (await accessByIds(db, [id], { lock: engine.rowLocks })).get(id);
}

/** The titles of these articles, by id (no status filter: the caller has decided who may see them). */
export async function titlesByIds(db: Kysely<Schema>, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('articles').select(['id', 'title']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
