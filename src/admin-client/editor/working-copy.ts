/**
 * Working copies from the editor's side (docs/newsroom-api.md, "Working copies"): which
 * articles have them, the calls, and how a copy found on opening is described.
 */
import { formatDate } from '../../core/uk-format.js';
import { api } from './api.js';
import { t } from './strings.js';
import type { ArticleFields, EditorArticle, WorkingCopy } from './types.js';

/** Readers see a published article's stored content, and a scheduled one's at its time. */
export const isLive = (a: EditorArticle | null) => !!a && (a.status === 'published' || a.status === 'scheduled');

const url = (articleId: number) => `/api/v1/admin/articles/${articleId}/working-copy`;

export const copyApi = {
  keep: (articleId: number, baseVersion: number | null, article: ArticleFields, keepalive: boolean) =>
    api<{ workingCopy: WorkingCopy; article: EditorArticle }>('PUT', url(articleId), { baseVersion, article }, { keepalive }),
  /** 'Оновити'. */
  publish: (articleId: number, baseVersion: number | null, article: ArticleFields) => api<{ article: EditorArticle }>('POST', `${url(articleId)}/publish`, { baseVersion, article }),
  discard: (articleId: number) => api<void>('DELETE', url(articleId)),
  /** Discards, quietly: a copy that stays is offered again next time, so nothing is lost. */
  async drop(articleId: number) {
    try {
      await api<void>('DELETE', url(articleId));
    } catch {
      // Offered again on the next opening.
    }
  },
};

/** What the editor says of a copy found on opening the article (`article`: null when it was deleted). */
export function foundCopyMessage(copy: WorkingCopy, article: EditorArticle | null): string {
  const time = formatDate(new Date(copy.updatedAt), { withTime: true });
  if (!article) return t('copy.foundGone', { time });
  if (copy.baseVersion < article.version) return t('copy.foundOlder', { time, base: copy.baseVersion, version: article.version });
  return t('copy.found', { time });
}
