import { api, ApiError } from './api.js';
import { payloadOf, problemsOf, type ArticleForm } from './form.js';
import { kyivTime, t } from './strings.js';
import type { ArticleFields, ConflictLabels, EditorArticle, Person } from './types.js';

const AUTOSAVE_MS = 5_000;
const PRESENCE_MS = 15_000;
/** fetch keepalive bodies are capped at 64 KiB in all; larger saves go without it. */
const KEEPALIVE_MAX = 60_000;

interface LocalCopy {
  savedAt: string;
  baseVersion: number | null;
  fields: ArticleFields;
}

export interface SyncView {
  status(text: string, kind?: 'ok' | 'error' | 'busy'): void;
  /** A problem with a field: shown, and focused when the writer asked for the save. */
  fieldError(field: string, message: string, focus: boolean): void;
  clearErrors(): void;
  conflict(current: EditorArticle, mine: ArticleFields, labels: ConflictLabels): void;
  others(editors: Person[]): void;
  /** The stored article changed (saved, moved in the workflow, restored). */
  stored(article: EditorArticle): void;
  offerLocal(copy: { savedAt: Date }, restore: () => void, discard: () => void): void;
  announce(message: string): void;
}

/**
 * Never lose work: every change is kept in localStorage at once and sent every 5 seconds, when
 * the tab is hidden or closed, and on Ctrl+S. A save carries the version it was based on; when
 * someone else saved meanwhile the server refuses it and the writer decides (SyncView.conflict).
 */
export class Sync {
  article: EditorArticle | null;
  /** The version the form's content is based on. */
  baseVersion: number | null;
  private seq = 0;
  private savedSeq = 0;
  private saving: Promise<void> | null = null;
  private again: 'auto' | 'manual' | null = null;
  private inConflict = false;
  private localTimer = 0;

  constructor(
    article: EditorArticle | null,
    private readonly form: ArticleForm,
    private readonly view: SyncView,
  ) {
    this.article = article;
    this.baseVersion = article?.version ?? null;
  }

  get dirty() {
    return this.seq !== this.savedSeq;
  }

  private get localKey() {
    return `shpalta:editor:${this.article?.id ?? 'new'}`;
  }

  start() {
    this.checkLocal();
    window.setInterval(() => {
      if (this.dirty) void this.save('auto');
    }, AUTOSAVE_MS);
    window.setInterval(() => void this.presence(), PRESENCE_MS);
    void this.presence();
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    });
    window.addEventListener('pagehide', () => this.flush());
    window.addEventListener('beforeunload', (e) => {
      if (this.dirty) this.writeLocal();
      // Only a save that has not reached the server yet is worth a warning.
      if (this.dirty && !this.article) e.preventDefault();
    });
  }

  changed() {
    this.seq++;
    this.view.status(t('save.unsaved'));
    clearTimeout(this.localTimer);
    this.localTimer = window.setTimeout(() => this.writeLocal(), 300);
  }

  private writeLocal() {
    if (!this.dirty) return;
    const copy: LocalCopy = { savedAt: new Date().toISOString(), baseVersion: this.baseVersion, fields: this.form.collect() };
    try {
      localStorage.setItem(this.localKey, JSON.stringify(copy));
    } catch {
      // Storage full or disabled: the server copy is all there is.
    }
  }

  private clearLocal() {
    try {
      localStorage.removeItem(this.localKey);
    } catch {
      // Nothing to clear.
    }
  }

  /** A copy left by a crash or a closed tab, different from what the server has: offer it. */
  private checkLocal() {
    let copy: LocalCopy | null = null;
    try {
      copy = JSON.parse(localStorage.getItem(this.localKey) ?? 'null') as LocalCopy | null;
    } catch {
      copy = null;
    }
    if (!copy?.fields) return;
    if (JSON.stringify(payloadOf(copy.fields)) === JSON.stringify(payloadOf(this.form.collect()))) {
      this.clearLocal();
      return;
    }
    const saved = copy;
    this.view.offerLocal(
      { savedAt: new Date(saved.savedAt) },
      () => {
        this.form.apply(saved.fields);
        // Based on an older version, the next save meets a conflict rather than overwriting.
        if (saved.baseVersion !== null) this.baseVersion = saved.baseVersion;
        this.changed();
        this.view.status(t('local.restored'));
      },
      () => this.clearLocal(),
    );
  }

  /** Tab hidden or closing: keep a local copy and send what is unsaved with keepalive. */
  private flush() {
    if (!this.dirty) return;
    this.writeLocal();
    void this.save('keepalive');
  }

  /** Saves now (waits for a save under way, then saves again if more changed). */
  async save(mode: 'auto' | 'manual' | 'keepalive'): Promise<void> {
    if (this.inConflict) return;
    if (this.saving) {
      // One more save after this one; a save the writer asked for stays one (not an autosave).
      this.again = this.again === 'manual' || mode === 'manual' ? 'manual' : 'auto';
      const current = this.saving;
      return current.then(() => this.saving ?? undefined);
    }
    this.saving = this.run(mode).finally(() => {
      this.saving = null;
      const again = this.again;
      this.again = null;
      if (again && this.dirty) void this.save(again);
    });
    return this.saving;
  }

  private async run(mode: 'auto' | 'manual' | 'keepalive') {
    const manual = mode === 'manual';
    const fields = this.form.collect();
    const problems = problemsOf(fields);
    if (problems.length) {
      // Autosave meets the same problem every 5 seconds: shown once, not announced again each time.
      problems.forEach(([f, m], i) => this.view.fieldError(f, m, manual && i === 0));
      this.view.status(problems[0]![1], 'error');
      return;
    }
    this.view.clearErrors();
    const payload = payloadOf(fields);
    const seq = this.seq;
    this.view.status(t('save.saving'), 'busy');
    try {
      let article: EditorArticle;
      if (!this.article) {
        if (!payload.title) {
          this.view.status(t('save.needTitle'), manual ? 'error' : undefined);
          if (manual) this.view.fieldError('title', t('save.needTitle'), true);
          return;
        }
        ({ article } = await api<{ article: EditorArticle }>('POST', '/api/v1/admin/articles', payload));
        this.clearLocal();
        history.replaceState(null, '', `/admin/articles/${article.id}`);
      } else {
        const body = { baseVersion: this.baseVersion, autosave: mode !== 'manual', article: payload };
        const keepalive = mode === 'keepalive' && JSON.stringify(body).length < KEEPALIVE_MAX;
        ({ article } = await api<{ article: EditorArticle }>('PUT', `/api/v1/admin/articles/${this.article.id}`, body, { keepalive }));
      }
      const created = !this.article;
      if (created) this.view.announce(t('save.created'));
      this.article = article;
      this.baseVersion = article.version;
      if (this.seq === seq) {
        this.savedSeq = seq;
        this.clearLocal();
      } else {
        this.savedSeq = Math.max(this.savedSeq, seq);
        this.writeLocal();
      }
      // The server makes the slug (from the title, unique): show it unless the writer is changing it.
      if (this.form.slug.value.trim() === payload.slug && document.activeElement !== this.form.slug) this.form.slug.value = article.slug;
      this.view.stored(article);
      this.view.status(this.dirty ? t('save.unsaved') : t('save.savedAt', { time: kyivTime(new Date()) }), 'ok');
      if (created) void this.presence();
    } catch (e) {
      this.failed(e, fields, manual);
    }
  }

  private failed(e: unknown, mine: ArticleFields, manual: boolean) {
    if (!(e instanceof ApiError)) throw e;
    if (e.code === 'VERSION_CONFLICT' && e.body.current) {
      this.inConflict = true;
      this.view.status(t('conflict.title'), 'error');
      this.view.conflict(e.body.current as EditorArticle, mine, (e.body.labels as ConflictLabels | undefined) ?? { tags: [], articles: [] });
    } else if (e.status === 401) {
      this.view.status(t('save.sessionEnded'), 'error');
    } else if (e.code === 'INVALID_INPUT' && e.field) {
      // The API names the field by its path in the request ('article.title') and starts the
      // message with it; the form knows its fields without the envelope, and says the name itself.
      const field = e.field.replace(/^article\./, '');
      const message = e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message;
      this.view.fieldError(field, message, manual);
      this.view.status(t('errors.invalid', { field: fieldName(field), message }), 'error');
    } else if (e.status === 403) {
      this.view.status(t('errors.forbidden'), 'error');
    } else {
      this.view.status(t('save.failed', { reason: e.status === 0 ? t('save.offline') : e.message }), 'error');
    }
  }

  /** The conflict is settled: the stored version is now the base, and what the form holds is to be saved (or not). */
  resolve(current: EditorArticle, save: boolean) {
    this.inConflict = false;
    this.article = current;
    this.baseVersion = current.version;
    this.view.stored(current);
    if (save) {
      this.seq++;
      void this.save('manual');
    } else {
      this.savedSeq = this.seq;
      this.clearLocal();
      this.view.status(t('save.savedAt', { time: kyivTime(new Date(current.updatedAt)) }), 'ok');
    }
  }

  /** Saves what is unsaved first; false when that did not work. */
  async settle(): Promise<boolean> {
    if (this.dirty || !this.article) await this.save('manual');
    if (this.saving) await this.saving;
    return !!this.article && !this.dirty && !this.inConflict;
  }

  /** A stored article replaced the form's content (a restored revision). */
  replaced(article: EditorArticle) {
    this.article = article;
    this.baseVersion = article.version;
    this.form.apply(article);
    this.savedSeq = this.seq;
    this.clearLocal();
    this.view.stored(article);
  }

  private async presence() {
    if (!this.article) return;
    try {
      const { editors } = await api<{ editors: Person[] }>('POST', `/api/v1/admin/articles/${this.article.id}/presence`);
      this.view.others(editors);
    } catch {
      // Presence is a courtesy; the next beat tries again.
    }
  }
}

export function fieldName(path: string): string {
  const names = t(`fieldNames.${path}`);
  return names.startsWith('fieldNames.') ? t(`fieldNames.${path.split('.')[0]}`) : names;
}
