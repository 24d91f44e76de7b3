import { errors } from '../../core/errors.js';
import { ARTICLE_LIMITS } from '../../core/limits.js';
import type { CorrectionKind } from '../../core/model.js';
import { mayCorrect, type Actor } from '../../core/roles.js';
import { inTransaction, type Database } from '../../storage/database.js';
import type { Store } from '../../storage/engine.js';
import { touchArticle } from '../../storage/repositories/article-editing.js';
import { afterArticleWrite, statesOf, type WriteOutcome } from '../../storage/repositories/article-writes.js';
import { recordAudit } from '../../storage/repositories/audit.js';
import { deleteCorrection, insertCorrection, listCorrections, type StoredCorrection } from '../../storage/repositories/corrections.js';
import { storeRevision } from '../../storage/repositories/revisions.js';
import { authorizeArticle, authorizeWrite } from './article-access.js';
import { loadEditorArticle } from './articles.js';

export type { StoredCorrection };

export interface CorrectionsResult extends WriteOutcome {
  /** The article's corrections after the change, newest first. */
  items: StoredCorrection[];
}

/** The article's corrections, for whoever may open it in the newsroom. */
export async function articleCorrections(database: Database, actor: Actor, articleId: number): Promise<StoredCorrection[]> {
  await authorizeArticle(database.db, actor, articleId, 'read');
  return listCorrections(database.db, articleId);
}

/**
 * A write to an article's corrections: the row locked, then whether the account may open the
 * article (404 or 403 as for any article), then whether it may mark corrections (an editor's).
 * The same order for every answer, so an error tells no more than a success would.
 */
async function correctionWrite(database: Database, actor: Actor, articleId: number, run: (tx: Store) => Promise<{ editorial: boolean }>, now: Date): Promise<CorrectionsResult> {
  return inTransaction(database, async (tx) => {
    await authorizeWrite(tx, actor, articleId, 'read');
    if (!mayCorrect(actor)) throw errors.forbidden('Позначати виправлення й оновлення для читачів може лише редактор');
    const before = await statesOf(tx.db, [articleId]);
    const { editorial } = await run(tx);
    await touchArticle(tx.db, articleId, now, { editorial });
    // The page, the feeds and the API show the corrections: their cached copies go.
    const outcome = await afterArticleWrite(tx, [articleId], { before, now });
    return { ...outcome, items: await listCorrections(tx.db, articleId) };
  });
}

/**
 * Marks the published article's latest change as a correction or an update, with an optional
 * note for readers. The page then says 'Оновлено о …' and shows the note below the text; the
 * mark is in the revision history (a revision of its kind, with the note) and the audit log.
 */
export async function markCorrection(database: Database, actor: Actor, articleId: number, given: { kind: CorrectionKind; note: string }, now: Date): Promise<CorrectionsResult> {
  const note = given.note.trim();
  return correctionWrite(database, actor, articleId, async (tx) => {
    const article = (await loadEditorArticle(tx.db, articleId))!;
    if (article.status !== 'published') throw errors.invalidTransition('correct', article.status, 'Позначити виправлення чи оновлення можна лише в опублікованій статті');
    if (note.length > ARTICLE_LIMITS.correctionNote) throw errors.invalidInput('note', `note: не більше ${ARTICLE_LIMITS.correctionNote} символів`);
    if ((await listCorrections(tx.db, articleId)).length >= ARTICLE_LIMITS.corrections) {
      throw errors.invalidInput('kind', `kind: у статті вже ${ARTICLE_LIMITS.corrections} позначок; приберіть давніші`);
    }
    await insertCorrection(tx.db, { articleId, kind: given.kind, note, userId: actor.id, at: now });
    await storeRevision(tx.db, { articleId, version: article.version, userId: actor.id, kind: given.kind, snapshot: article, note }, now);
    await recordAudit(tx.db, { userId: actor.id, action: 'article.correct', targetKind: 'article', targetId: articleId, details: { kind: given.kind, ...(note ? { note } : {}) } }, now);
    return { editorial: true };
  }, now);
}

/** Removes a mark (one made by mistake); what readers see loses it at once. */
export async function removeCorrection(database: Database, actor: Actor, articleId: number, correctionId: number, now: Date): Promise<CorrectionsResult> {
  return correctionWrite(database, actor, articleId, async (tx) => {
    const found = (await listCorrections(tx.db, articleId)).find((c) => c.id === correctionId);
    if (!found || !(await deleteCorrection(tx.db, articleId, correctionId))) throw errors.notFound(`Correction ${correctionId} of article ${articleId}`);
    await recordAudit(tx.db, { userId: actor.id, action: 'article.uncorrect', targetKind: 'article', targetId: articleId, details: { kind: found.kind, ...(found.note ? { note: found.note } : {}) } }, now);
    return { editorial: false };
  }, now);
}
