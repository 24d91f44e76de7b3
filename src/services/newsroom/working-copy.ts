import type { Kysely } from 'kysely';
import type { Article, ArticleStatus } from '../../core/model.js';
import type { Actor } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { linkedArticles } from '../../core/rich-text.js';
import { getArticle } from '../../storage/repositories/articles.js';
import { articleWithFields, deleteWorkingCopy, getWorkingCopy, listWorkingCopies, putWorkingCopy, type WorkingCopyRow } from '../../storage/repositories/working-copies.js';
import type { Schema } from '../../storage/schema.js';
import { authorizeArticle, linkLabels } from './article-access.js';
import type { WorkingCopy } from '../../contract/article.js';
import { articleFields, loadEditorArticle, saveEditorArticle, type ArticleFields, type EditorArticle, type WriteResult } from './articles.js';
import { articleExists, articleStatus, tagLabels } from '../../storage/repositories/article-editing.js';

/**
 * Working copies keep an editor's unfinished changes to a live article off the live row. The
 * stored content of a published article is what readers see, and a scheduled one's is what
 * goes out at its time: an autosave of either goes to a copy of the editor's own, and only
 * 'Оновити' (publishWorkingCopy, a normal versioned save) changes what readers get. Drafts and
 * articles in review (or taken down) are seen by nobody outside the newsroom, so their autosaves
 * still write the article itself.
 *
 * A copy belongs to one account: it is read, listed and discarded by its owner only (every
 * query is keyed on the owner's id), written only by someone who may edit the article, and
 * outlives the article (unpublished or deleted meanwhile) so that its owner never loses it.
 */

export const isLive = (status: ArticleStatus) => status === 'published' || status === 'scheduled';

/** The editor's view of a copy (docs/newsroom-api.md, "Working copies"), declared in the editor's contract. */
export type { WorkingCopy };

/** Names for the tags and recap links a copy holds, which the page that restores it may not know. */
export interface CopyLabels {
  tags: Array<{ id: number; name: string; kind: string }>;
  /** Only articles the reader of the copy may read (article-access.ts linkLabels). */
  articles: Array<{ id: number; title: string }>;
}

function present(row: WorkingCopyRow): WorkingCopy {
  // Stored fields passed articleFields when written; a later, stricter schema must not lose them.
  const parsed = articleFields.safeParse(row.fields);
  return {
    articleId: row.articleId,
    baseVersion: row.baseVersion,
    article: parsed.success ? parsed.data : (row.fields as ArticleFields),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Stores the actor's copy of the article (replacing their previous one); the live row is not touched. */
export async function keepWorkingCopy(database: Database, actor: Actor, articleId: number, baseVersion: number, fields: ArticleFields, now: Date): Promise<{ workingCopy: WorkingCopy; article: EditorArticle }> {
  return database.db.transaction().execute(async (trx) => {
    // Only someone who may edit the article may keep changes to it (404, 403 otherwise).
    await authorizeArticle(trx, actor, articleId, 'edit');
    const row = await putWorkingCopy(trx, { articleId, userId: actor.id, baseVersion, fields }, now);
    return { workingCopy: present(row), article: (await loadEditorArticle(trx, articleId))! };
  });
}

/**
 * An autosave (PUT …/articles/:id with autosave) of a live article becomes the actor's working
 * copy; null for any other status, which the caller saves as before. Deciding by the status
 * read here is safe although the save happens in a later transaction: every status change
 * raises the version, so an autosave that saw the article as a draft and meets it published
 * carries an older baseVersion and is refused as a conflict, never written live.
 */
export async function autosaveAsWorkingCopy(database: Database, actor: Actor, articleId: number, baseVersion: number, fields: ArticleFields, now: Date) {
  const status = await articleStatus(database.db, articleId);
  if (!status || !isLive(status)) return null;
  return keepWorkingCopy(database, actor, articleId, baseVersion, fields, now);
}

/** The actor's own copy with names for its ids, or null; also when the article is gone. */
export async function readWorkingCopy(db: Kysely<Schema>, actor: Actor, articleId: number): Promise<(WorkingCopy & { labels: CopyLabels }) | null> {
  const row = await getWorkingCopy(db, articleId, actor.id);
  if (!row) return null;
  const copy = present(row);
  const recapIds = linkedArticles(copy.article);
  const [tags, articles] = await Promise.all([
    tagLabels(db, copy.article.tagIds),
    linkLabels(db, actor, recapIds),
  ]);
  return { ...copy, labels: { tags, articles } };
}

/** The actor's copy of an article that no longer exists (deleted meanwhile), or null. */
export async function orphanedWorkingCopy(db: Kysely<Schema>, actor: Actor, articleId: number) {
  return (await articleExists(db, articleId)) ? null : readWorkingCopy(db, actor, articleId);
}

/** Leaves the changes: removes the actor's own copy (whatever became of the article). */
export async function discardWorkingCopy(db: Kysely<Schema>, userId: number, articleId: number): Promise<boolean> {
  return deleteWorkingCopy(db, articleId, userId);
}

/**
 * 'Оновити': the editor's fields go live through the normal versioned save (a revision, an
 * audit entry, the change keys for the caches; a newer stored version is VERSION_CONFLICT and
 * the copy stays), then the actor's copy is gone.
 */
export async function publishWorkingCopy(database: Database, actor: Actor, articleId: number, baseVersion: number, fields: ArticleFields, now: Date): Promise<WriteResult> {
  const result = await saveEditorArticle(database, actor, articleId, baseVersion, fields, 'save', now);
  // After the save's commit: were this to fail, the copy left behind equals the stored article,
  // and the editor drops such a copy instead of offering it.
  await deleteWorkingCopy(database.db, articleId, actor.id);
  return result;
}

export interface WorkingCopyListItem {
  articleId: number;
  title: string;
  updatedAt: string;
  /** The article as it is now; null when it was deleted. */
  article: { title: string; status: ArticleStatus; version: number } | null;
}

/** The actor's copies, newest first (the dashboard's 'unpublished changes'). */
export async function listOwnWorkingCopies(db: Kysely<Schema>, userId: number, limit = 50): Promise<WorkingCopyListItem[]> {
  return (await listWorkingCopies(db, userId, limit)).map((r) => {
    const copy = present(r);
    return {
      articleId: r.articleId,
      title: copy.article.title,
      updatedAt: copy.updatedAt,
      article: r.article ? { title: r.article.title, status: r.article.status as ArticleStatus, version: r.article.version } : null,
    };
  });
}

/** The article as its preview shows it to this account: stored, with the account's own copy in place of its content. */
export async function previewArticle(db: Kysely<Schema>, userId: number, articleId: number): Promise<Article | null> {
  const [stored, row] = await Promise.all([getArticle(db, articleId), getWorkingCopy(db, articleId, userId)]);
  if (!stored || !row) return stored;
  return articleWithFields(db, stored, present(row).article);
}
