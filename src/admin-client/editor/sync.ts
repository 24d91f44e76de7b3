import { atClock, formatTime } from '../../core/uk-format.js';
import { api, ApiError } from './api.js';
import { problemsOf, type ArticleForm } from './form.js';
import { fieldsOf, payloadOf } from './payload.js';
import { LocalCopies } from './local-copy.js';
import { lookup, t } from './strings.js';
import type { ArticleDraft, ArticleFields, ConflictLabels, EditorArticle, Person, WorkingCopy } from './types.js';
import { offerLeftWork } from './recovery.js';
import { copyApi, isLive } from './working-copy.js';

const AUTOSAVE_MS = 5_000;
const PRESENCE_MS = 15_000;
/** fetch keepalive bodies are capped at 64 KiB in all; larger saves go without it. */
const KEEPALIVE_MAX = 60_000;

/** How a save was asked for; 'publish' is 'Оновити'. */
type Mode = 'auto' | 'manual' | 'keepalive' | 'publish';
/** When saves pile up, the one to run next is the most deliberate asked for. */
const RANK: Record<Mode, number> = { auto: 0, keepalive: 0, manual: 1, publish: 2 };

export interface SyncView {
  status(text: string, kind?: 'ok' | 'error' | 'busy'): void;
  /** A problem with a field: shown, and focused when the writer asked for the save. */
  fieldError(field: string, message: string, focus: boolean): void;
  clearErrors(): void;
  conflict(current: EditorArticle, labels: ConflictLabels): void;
  others(editors: Person[]): void;
  /** The stored article changed (saved, moved in the workflow, restored). */
  stored(article: EditorArticle): void;
  offerLocal(copy: { savedAt: Date }, restore: () => void, discard: () => void): void;
  /** The account's unpublished changes kept on the server, found on opening: restore or leave them. */
  offerCopy(message: string, restore: () => void, discard: () => void): void;
  /** Whether saves go to a working copy (a live article), and whether unpublished changes exist. */
  copyState(live: boolean, pending: boolean): void;
  announce(message: string): void;
}

/**
 * Never lose work: every change is kept in localStorage at once and sent every 5 seconds, when
 * the tab is hidden or closed, and on Ctrl+S. A save carries the version it was based on; when
 * someone else saved meanwhile the server refuses it and the writer decides (SyncView.conflict).
 *
 * A published or scheduled article is what readers see (or will at its time), so its changes
 * are sent to the writer's own working copy on the server instead, Ctrl+S included; only
 * 'Оновити' (update()) makes them the article, as WordPress's 'Update'. Drafts, articles in
 * review and those taken down are saved into the article itself, which only the newsroom sees.
 */
export class Sync {
  article: EditorArticle | null;
  /** The version the form's content is based on. */
  baseVersion: number | null;
  /**
   * The article exactly as the server last gave it (opened, saved, moved in the workflow, a
   * conflict settled): the base of a three-way merge (merge.ts), for as long as it is baseVersion.
   */
  private base: { version: number; fields: ArticleFields } | null = null;
  private seq = 0;
  private savedSeq = 0;
  private saving: Promise<void> | null = null;
  private again: Mode | null = null;
  private inConflict = false;
  private localTimer = 0;
  private readonly local = new LocalCopies(() => `shpalta:editor:${this.article?.id ?? 'new'}`);
  /** The writer's unpublished changes on the server, which the form holds. */
  private copy: WorkingCopy | null = null;
  /** A server copy on offer, not yet restored or left: saves wait rather than replace it. */
  private copyOffered = false;
  /** The article of a copy restored after that article was deleted: its copy goes once this one is saved. */
  private orphanId: number | null = null;
  /** A conflict met by 'Оновити': once settled, saving again means publishing again. */
  private publishAfterConflict = false;
  /** A conflict met by an autosave: merged without asking, it is saved as an autosave again. */
  private autoInConflict = false;
  private discarding = false;

  constructor(
    article: EditorArticle | null,
    private readonly form: ArticleForm,
    private readonly view: SyncView,
    /** The account's working copy as the page was opened (Boot.workingCopy). */
    private readonly foundCopy: WorkingCopy | null = null,
  ) {
    this.article = article;
    this.baseVersion = article?.version ?? null;
    this.keepBase(article);
  }

  /** The stored article the form's changes are now based on. */
  private keepBase(article: EditorArticle | null) {
    this.base = article ? { version: article.version, fields: fieldsOf(article) } : null;
  }

  /** The fields of version `version` as the server gave them, when this editor still has them. */
  baseOf(version: number | null): ArticleFields | null {
    return version !== null && this.base?.version === version ? this.base.fields : null;
  }

  get dirty() {
    return this.seq !== this.savedSeq;
  }

  /** Saves go to the working copy: the stored article is what readers see. */
  get live() {
    return isLive(this.article);
  }

  /** There are changes readers do not see yet. */
  get pending() {
    return this.live && (this.copy !== null || this.dirty);
  }

  private showCopyState() {
    this.view.copyState(this.live, this.pending);
  }

  private unsavedText() {
    return this.live ? t('copy.unsaved') : t('save.unsaved');
  }

  start() {
    offerLeftWork(this, this.form, this.view, this.local, this.foundCopy);
    this.showCopyState();
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
    this.view.status(this.unsavedText());
    this.showCopyState();
    clearTimeout(this.localTimer);
    this.localTimer = window.setTimeout(() => this.writeLocal(), 300);
  }

  private writeLocal() {
    if (this.dirty) this.local.write(this.baseVersion, this.form.collect());
  }

  private clearLocal() {
    this.local.clear();
  }

  /** Found work put back in the form (recovery.ts): unsaved changes made on `baseVersion`. */
  restore(fields: ArticleDraft, baseVersion: number | null, from?: { copy: WorkingCopy }) {
    this.form.apply(fields);
    if (baseVersion !== null && this.article) this.baseVersion = baseVersion;
    if (from && this.article) this.copy = from.copy;
    // A copy of an article deleted meanwhile becomes a new draft; its copy goes once that is saved.
    else if (from) this.orphanId = from.copy.articleId;
    this.changed();
  }

  holdSaves(hold: boolean) {
    this.copyOffered = hold;
    this.showCopyState();
  }

  /** Tab hidden or closing: keep a local copy and send what is unsaved with keepalive. */
  private flush() {
    if (!this.dirty) return;
    this.writeLocal();
    void this.save('keepalive');
  }

  /** Saves now (waits for a save under way, then saves again if more changed). */
  async save(mode: Mode): Promise<void> {
    if (this.inConflict || this.discarding) return;
    if (this.saving) {
      // One more save after this one; a save the writer asked for stays one (not an autosave).
      const next = mode === 'keepalive' ? 'auto' : mode;
      if (!this.again || RANK[next] > RANK[this.again]) this.again = next;
      const current = this.saving;
      return current.then(() => this.saving ?? undefined);
    }
    this.saving = this.run(mode).finally(() => {
      this.saving = null;
      const again = this.again;
      this.again = null;
      if (again && (again === 'publish' ? this.pending : this.dirty)) void this.save(again);
    });
    return this.saving;
  }

  /** 'Оновити': the unpublished changes become the article readers see. */
  async update(): Promise<void> {
    if (!this.pending) {
      this.view.status(t('copy.nothing'));
      return;
    }
    await this.save('publish');
  }

  private async run(mode: Mode) {
    const manual = mode === 'manual' || mode === 'publish';
    if (this.copyOffered && this.live) {
      // Saving now would replace the copy on offer before the writer chose.
      if (manual) this.view.status(t('copy.decideFirst'), 'error');
      return;
    }
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
    this.view.status(mode === 'publish' ? t('copy.updating') : t('save.saving'), 'busy');
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
        if (this.orphanId !== null) void copyApi.drop(this.orphanId);
        this.orphanId = null;
      } else if (mode === 'publish') {
        ({ article } = await copyApi.publish(this.article.id, this.baseVersion, payload));
        this.copy = null;
      } else if (this.live) {
        const keepalive = mode === 'keepalive' && JSON.stringify(payload).length < KEEPALIVE_MAX;
        const kept = await copyApi.keep(this.article.id, this.baseVersion, payload, keepalive);
        this.copy = kept.workingCopy;
        this.keptCopy(kept.article, seq);
        return;
      } else {
        const body = { baseVersion: this.baseVersion, autosave: mode !== 'manual', article: payload };
        const keepalive = mode === 'keepalive' && JSON.stringify(body).length < KEEPALIVE_MAX;
        ({ article } = await api<{ article: EditorArticle }>('PUT', `/api/v1/admin/articles/${this.article.id}`, body, { keepalive }));
        // The restored changes are in the article now (it was taken down meanwhile).
        if (this.copy) void copyApi.drop(article.id);
        this.copy = null;
      }
      const created = !this.article;
      if (created) this.view.announce(t('save.created'));
      this.article = article;
      this.baseVersion = article.version;
      this.keepBase(article);
      this.reached(seq);
      // The server makes the slug (from the title, unique): show it unless the writer is changing it.
      if (this.form.slug.value.trim() === payload.slug && document.activeElement !== this.form.slug) this.form.slug.value = article.slug;
      this.view.stored(article);
      const time = formatTime(new Date());
      this.view.status(this.dirty ? this.unsavedText() : mode === 'publish' ? t('copy.updated', { at: atClock(time) }) : t('save.savedAt', { at: atClock(time) }), 'ok');
      this.showCopyState();
      if (created) void this.presence();
    } catch (e) {
      this.failed(e, manual, mode);
    }
  }

  /** The server has the form as it was at change `seq`: the local copy goes, unless more changed since. */
  private reached(seq: number) {
    if (this.seq === seq) {
      this.savedSeq = seq;
      this.clearLocal();
    } else {
      this.savedSeq = Math.max(this.savedSeq, seq);
      this.writeLocal();
    }
  }

  /** The working copy took the changes; `stored` is the article as it is on the server now. */
  private keptCopy(stored: EditorArticle, seq: number) {
    this.reached(seq);
    // Its status and version as they are now; the form stays based on baseVersion.
    this.article = stored;
    // Taken down (or sent back) meanwhile: the changes now belong in the article itself, which
    // nobody outside the newsroom sees. The next save writes them there, over baseVersion, so a
    // version changed meanwhile is a conflict to settle, not an overwrite.
    if (!this.live) this.seq++;
    this.view.stored(stored);
    this.view.status(this.dirty ? this.unsavedText() : t('copy.savedAt', { at: atClock(formatTime(new Date())) }), 'ok');
    this.showCopyState();
  }

  private failed(e: unknown, manual: boolean, mode: Mode = 'manual') {
    if (!(e instanceof ApiError)) throw e;
    if (e.code === 'VERSION_CONFLICT' && e.body.current) {
      this.inConflict = true;
      this.publishAfterConflict = mode === 'publish';
      this.autoInConflict = mode === 'auto' || mode === 'keepalive';
      this.view.status(t('conflict.title'), 'error');
      this.view.conflict(e.body.current as EditorArticle, (e.body.labels as ConflictLabels | undefined) ?? { tags: [], articles: [] });
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

  /**
   * The conflict is settled: the stored version is now the base, and what the form holds is to
   * be saved (or not). `quietly`: merged without asking the writer, so an autosave's conflict
   * is saved as an autosave.
   */
  resolve(current: EditorArticle, save: boolean, quietly = false) {
    this.inConflict = false;
    this.article = current;
    this.baseVersion = current.version;
    this.keepBase(current);
    this.view.stored(current);
    const publish = this.publishAfterConflict;
    const auto = quietly && this.autoInConflict;
    this.publishAfterConflict = false;
    this.autoInConflict = false;
    if (save) {
      this.seq++;
      void this.save(publish ? 'publish' : auto ? 'auto' : 'manual');
    } else {
      // Their version taken: the unpublished changes are left.
      if (this.copy) void copyApi.drop(current.id);
      this.copy = null;
      this.savedSeq = this.seq;
      this.clearLocal();
      this.view.status(t('save.savedAt', { at: atClock(formatTime(new Date(current.updatedAt))) }), 'ok');
    }
    this.showCopyState();
  }

  /**
   * Saves what is unsaved first; false when that did not work. With `goLive` (a step that
   * publishes), a live article's unpublished changes are published first ('Оновити'), so that
   * the step publishes what the writer sees.
   */
  async settle(goLive = false): Promise<boolean> {
    if (goLive && this.pending) await this.save('publish');
    else if (this.dirty || !this.article) await this.save('manual');
    if (this.saving) await this.saving;
    return !!this.article && !this.dirty && !this.inConflict && !(goLive && this.pending);
  }

  /** A workflow step changed the stored article's status and version. */
  statusChanged(article: EditorArticle) {
    this.article = article;
    this.baseVersion = article.version;
    this.keepBase(article);
    // Taken down with unpublished changes: they now belong in the article, which only the newsroom sees.
    if (this.copy && !this.live) this.changed();
    this.showCopyState();
  }

  /** Leaves the unpublished changes: the server's copy goes and the form shows the stored article. */
  async discard(): Promise<void> {
    const a = this.article;
    if (!a) return;
    this.discarding = true;
    try {
      if (this.saving) await this.saving;
      await copyApi.discard(a.id);
      const { article } = await api<{ article: EditorArticle }>('GET', `/api/v1/admin/articles/${a.id}`);
      this.replaced(article);
      this.view.status(t('copy.discarded'), 'ok');
    } catch (e) {
      this.failed(e, true);
    } finally {
      this.discarding = false;
      this.showCopyState();
    }
  }

  /**
   * A stored article replaced the form's content (a restored revision, changes left). A working
   * copy the form no longer shows stays on the server and is offered when the article is next opened.
   */
  replaced(article: EditorArticle) {
    this.article = article;
    this.baseVersion = article.version;
    this.keepBase(article);
    this.form.apply(article);
    this.savedSeq = this.seq;
    this.copy = null;
    this.clearLocal();
    this.view.stored(article);
    this.showCopyState();
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

/** A field's name for messages: the server names fields by path ('photo.credit', 'body.3.credit'). */
export function fieldName(path: string): string {
  const head = path.split('.')[0];
  return lookup(`fieldNames.${path}`) ?? lookup(`fieldNames.${head}`) ?? `fieldNames.${head}`;
}

