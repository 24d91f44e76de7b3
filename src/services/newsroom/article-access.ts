import { errors } from '../../core/errors.js';
import { canEdit, canRead, transitionRefusal, type Actor, type TransitionName } from '../../core/roles.js';
import type { Kysely } from 'kysely';
import type { Store } from '../../storage/engine.js';
import { accessByIds, lockedAccess, titlesByIds, type StoredAccess } from '../../storage/repositories/article-access.js';
import type { Schema } from '../../storage/schema.js';

/** What an account asks to do with an article: open it, change it, or take a workflow step. */
export type ArticleAction = 'read' | 'edit' | TransitionName;

/**
 * The one place a newsroom route decides whether the account may do this with the article. It
 * runs before anything else about the article is compared, loaded or answered (a version
 * conflict, a revision, a label): an account that may not read an article learns from any route
 * only that it may not, never what the article holds. Within a write's transaction it runs after
 * the row is locked, so the decision holds for the write.
 */
export async function authorizeArticle(db: Kysely<Schema>, actor: Actor, articleId: number, action: ArticleAction): Promise<StoredAccess> {
  return decide(actor, articleId, action, (await accessByIds(db, [articleId])).get(articleId));
}

/**
 * authorizeArticle within a write's transaction: the row is locked against other writers by the
 * same read the decision is made on, so the decision holds for the write.
 */
export async function authorizeWrite(store: Store, actor: Actor, articleId: number, action: ArticleAction): Promise<StoredAccess> {
  return decide(actor, articleId, action, await lockedAccess(store, articleId));
}

function decide(actor: Actor, articleId: number, action: ArticleAction, access: StoredAccess | undefined): StoredAccess {
  if (!access) throw errors.notFound(`Article ${articleId}`);
  if (!canRead(actor, access)) throw errors.forbidden('You may not open this article');
  if (action === 'edit') {
    if (!canEdit(actor, access)) throw errors.forbidden('You may not edit this article');
  } else if (action !== 'read' && transitionRefusal(actor, access, action) === 'role') {
    throw errors.forbidden(`Your role may not ${action} this article`);
  }
  return access;
}

/** Of these article ids, the ones this account may read (and so link to or see named). */
export async function readableIds(db: Kysely<Schema>, actor: Actor, ids: readonly number[]): Promise<Set<number>> {
  const access = await accessByIds(db, ids);
  return new Set([...access.values()].filter((a) => canRead(actor, a)).map((a) => a.id));
}

/**
 * Titles of linked articles, in the order given, of those the account may read: one it may not
 * read is left out, so the editor shows it by number only ('Стаття №17') and never its title.
 */
export async function linkLabels(db: Kysely<Schema>, actor: Actor, ids: readonly number[]): Promise<Array<{ id: number; title: string }>> {
  const [readable, titles] = await Promise.all([readableIds(db, actor, ids), titlesByIds(db, ids)]);
  return ids.flatMap((id) => (readable.has(id) && titles.has(id) ? [{ id, title: titles.get(id)! }] : []));
}
