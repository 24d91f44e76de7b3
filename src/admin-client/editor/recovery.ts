/**
 * Work left unsaved when the editor was last closed, offered when the article is opened:
 * the account's working copy on the server (a live article's unpublished changes, or those of
 * an article deleted meanwhile) and the copy a crash or a closed tab left in this browser.
 */
import type { ArticleForm } from './form.js';
import type { LocalCopies } from './local-copy.js';
import { t } from './strings.js';
import type { ArticleDraft, EditorArticle, WorkingCopy } from './types.js';
import { sameFields } from './payload.js';
import { copyApi, foundCopyMessage } from './working-copy.js';

/** What the offers may do to the editor's saving (Sync). */
export interface Recoverable {
  readonly article: EditorArticle | null;
  readonly live: boolean;
  /** Puts found work in the form as unsaved changes made on `baseVersion` (null: keep the current base). */
  restore(fields: ArticleDraft, baseVersion: number | null, from?: { copy: WorkingCopy }): void;
  /** While a copy is on offer, saves wait rather than replace it. */
  holdSaves(hold: boolean): void;
}

export interface OfferView {
  status(text: string): void;
  offerLocal(copy: { savedAt: Date }, restore: () => void, discard: () => void): void;
  offerCopy(message: string, restore: () => void, discard: () => void): void;
}

export function offerLeftWork(sync: Recoverable, form: ArticleForm, view: OfferView, local: LocalCopies, found: WorkingCopy | null) {
  offerServerCopy(sync, form, view, found);
  offerLocalCopy(sync, form, view, local, found);
}

/**
 * A copy different from the stored article is offered; one equal to it is left over from an
 * 'Оновити' whose clean-up failed, and goes.
 */
function offerServerCopy(sync: Recoverable, form: ArticleForm, view: OfferView, copy: WorkingCopy | null) {
  if (!copy) return;
  if (sync.article && sameFields(copy.article, form.collect())) {
    void copyApi.drop(copy.articleId);
    return;
  }
  sync.holdSaves(true);
  view.offerCopy(
    foundCopyMessage(copy, sync.article),
    () => {
      sync.holdSaves(false);
      if (copy.labels) {
        form.tags.learn(copy.labels.tags);
        form.recap.learn(copy.labels.articles);
      }
      // Made on an older version, 'Оновити' meets a conflict rather than overwriting.
      sync.restore(copy.article, copy.baseVersion, { copy });
      view.status(sync.live ? t('copy.restored') : t('local.restored'));
    },
    () => {
      sync.holdSaves(false);
      void copyApi.drop(copy.articleId);
    },
  );
}

/** A browser copy different from the form (and from the server's copy on offer). */
function offerLocalCopy(sync: Recoverable, form: ArticleForm, view: OfferView, local: LocalCopies, found: WorkingCopy | null) {
  const saved = local.read();
  if (!saved) return;
  if (sameFields(saved.fields, form.collect()) || (found && sameFields(saved.fields, found.article))) {
    local.clear();
    return;
  }
  view.offerLocal(
    { savedAt: new Date(saved.savedAt) },
    () => {
      // Based on an older version, the next save meets a conflict rather than overwriting.
      sync.restore(saved.fields, saved.baseVersion);
      view.status(t('local.restored'));
    },
    () => local.clear(),
  );
}
