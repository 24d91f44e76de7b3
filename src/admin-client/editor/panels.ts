import { formatDate } from '../../core/uk-format.js';
import { api, ApiError } from './api.js';
import { CorrectionsControl } from './corrections.js';
import { fill, h, uid } from './dom.js';
import { dateToKyivLocal, kyivLocalToDate } from './kyiv.js';
import { lookup, t, tg } from './strings.js';
import type { Sync } from './sync.js';
import type { Boot, EditorArticle, MediaItem, PersonRef, Role, WorkflowStep } from './types.js';

const STEPS: WorkflowStep[] = ['submit', 'reject', 'publish', 'schedule', 'unschedule', 'unpublish'];

/** Workflow buttons for the article's status and the account's role (core/roles.ts, sent by the server). */
export class WorkflowPanel {
  readonly element: HTMLElement;
  private readonly state = h('p', { class: 'state' });
  private readonly when = h('p', { class: 'when' });
  private readonly buttons = h('div', { class: 'buttons' });
  private readonly at: HTMLInputElement;
  private readonly atField: HTMLElement;
  private readonly reason: HTMLTextAreaElement;
  private readonly reasonField: HTMLElement;
  private readonly returned = h('p', { class: 'notice info returned', hidden: true });
  /** What the check before publication found, with the choice to fix it or go ahead. */
  private readonly concerns = h('div', { class: 'concerns', role: 'alert', hidden: true });
  private readonly view = h('a', { class: 'view', hidden: true, target: '_blank', rel: 'noopener' }, t('workflow.view'));
  /** 'Позначити як виправлення / оновлення', for a published article. */
  private readonly corrections: CorrectionsControl;

  constructor(
    private readonly boot: Boot,
    private readonly sync: Sync,
    private readonly report: (message: string, kind: 'ok' | 'error') => void,
    /** A field the step needs filled in ('lead', 'sectionId'): its name, and focus it. */
    private readonly missing: (field: string) => string,
  ) {
    const atId = uid('at');
    this.at = h('input', { type: 'datetime-local', id: atId, name: 'scheduleAt', step: 60 });
    this.atField = h('div', { class: 'field' }, h('label', { for: atId }, t('workflow.scheduleAt')), this.at);
    const reasonId = uid('reason');
    this.reason = h('textarea', { id: reasonId, name: 'reason', rows: 3, maxlength: 2000, 'aria-describedby': `${reasonId}-hint` });
    this.reasonField = h('div', { class: 'field', hidden: true }, h('label', { for: reasonId }, t('workflow.reason')), this.reason, h('p', { class: 'hint', id: `${reasonId}-hint` }, t('workflow.reasonHint')));
    this.corrections = new CorrectionsControl(boot, sync, report);
    this.element = h('section', { class: 'panel workflow', 'aria-labelledby': 'wf-title' }, h('h2', { id: 'wf-title' }, t('workflow.legend')), this.state, this.returned, this.when, this.atField, this.reasonField, this.concerns, this.buttons, this.view, this.corrections.element);
  }

  private allowed(a: EditorArticle | null, step: WorkflowStep): boolean {
    const { user, roles, transitions } = this.boot;
    const rule = transitions[step];
    const status = a?.status ?? 'draft';
    const atLeast = (r: Role, min: Role) => roles.indexOf(r) >= roles.indexOf(min);
    if (!atLeast(user.role, rule.min) || !rule.from.includes(status)) return false;
    if (atLeast(user.role, 'editor') || !a) return true;
    return a.createdBy === user.id || (user.authorId !== null && a.authorIds.includes(user.authorId));
  }

  render(a: EditorArticle | null) {
    const status = a?.status ?? 'draft';
    this.state.textContent = t('workflow.status', { status: this.boot.statuses[status] });
    const at = a?.publishedAt ? new Date(a.publishedAt) : null;
    this.when.textContent = at && status === 'published' ? t('workflow.publishedAt', { time: formatDate(at, { withTime: true }) }) : at && status === 'scheduled' ? t('workflow.scheduledAt', { time: formatDate(at, { withTime: true }) }) : '';
    const steps = STEPS.filter((s) => this.allowed(a, s));
    this.atField.hidden = !steps.includes('schedule');
    // The reason's field opens with the first press of 'Повернути автору'.
    if (!steps.includes('reject')) this.reasonField.hidden = true;
    // Why an editor sent it back, while it is back with its writer (the boot's, until it moves on).
    const back = this.boot.returned;
    this.returned.hidden = !(back && status === 'draft' && a?.id === this.boot.article?.id);
    if (back) this.returned.textContent = tg('workflow.returned', back.by ? back.byGender : 'unknown', { time: formatDate(new Date(back.at), { withTime: true }), name: back.by ?? '—', reason: back.reason });
    if (status === 'scheduled' && at && !this.at.value) this.at.value = dateToKyivLocal(at);
    fill(this.buttons, steps.map((s) => h('button', { type: 'button', class: s === 'publish' ? 'primary' : s === 'unpublish' || s === 'reject' ? 'danger' : null, 'data-step': s, onclick: () => void this.take(s) }, t(`workflow.${s}`))));
    this.view.hidden = status !== 'published' || !a;
    if (a) this.view.href = a.url;
    this.corrections.render(a);
  }

  private async take(step: WorkflowStep, checked = false) {
    this.concerns.hidden = true;
    let at: Date | null = null;
    const reason = this.reason.value.trim();
    if (step === 'reject' && this.reasonField.hidden) {
      this.reasonField.hidden = false;
      this.reason.focus();
      return;
    }
    if (step === 'reject' && !reason) {
      this.report(t('workflow.reasonMissing'), 'error');
      this.reason.focus();
      return;
    }
    if (step === 'schedule') {
      at = kyivLocalToDate(this.at.value);
      if (!at || at.getTime() <= Date.now()) {
        this.report(t('workflow.scheduleMissing'), 'error');
        this.at.focus();
        return;
      }
    }
    // Publishing or scheduling publishes what the writer sees: a live article's unpublished changes go first.
    if (!(await this.sync.settle(step === 'publish' || step === 'schedule'))) return;
    const a = this.sync.article!;
    if ((step === 'publish' || step === 'schedule') && !checked) {
      const found = await api<{ items: Array<{ field: string; message: string }> }>('GET', `/api/v1/admin/articles/${a.id}/check`).catch(() => ({ items: [] }));
      if (found.items.length) return this.confirm(step, found.items);
    }
    try {
      const { article } = await api<{ article: EditorArticle }>('POST', `/api/v1/admin/articles/${a.id}/transition`, { step, baseVersion: this.sync.baseVersion, ...(at ? { at: at.toISOString() } : {}), ...(step === 'reject' ? { reason } : {}) });
      if (step === 'reject') this.reason.value = '';
      this.sync.statusChanged(article);
      this.render(article);
      this.report(t('workflow.done', { status: this.boot.statuses[article.status] }), 'ok');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 0) this.report(t('errors.network'), 'error');
      else if (e.code === 'INVALID_TRANSITION') this.report(t('errors.transition'), 'error');
      else if (e.code === 'INVALID_INPUT' && e.field === 'at') {
        this.report(t('workflow.scheduleMissing'), 'error');
        this.at.focus();
      } else if (e.code === 'INVALID_INPUT' && e.field) this.report(t('workflow.needs', { field: this.missing(e.field) }), 'error');
      else if (e.status === 403) this.report(t('errors.forbidden'), 'error');
      else this.report(e.message, 'error');
    }
  }

  /** Lists what the check found: each item goes to its field; or publish as it is. */
  private confirm(step: WorkflowStep, items: Concern[]) {
    const first = h('button', { type: 'button', class: 'primary', onclick: () => void this.take(step, true) }, t(step === 'publish' ? 'workflow.publishAnyway' : 'workflow.scheduleAnyway'));
    fill(
      this.concerns,
      h('p', {}, t('workflow.concerns')),
      h('ul', {}, items.map((c) => h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: () => void this.missing(c.field) }, c.message)))),
      h('div', { class: 'buttons' }, first, h('button', { type: 'button', class: 'secondary', onclick: () => ((this.concerns.hidden = true), void this.missing(items[0]!.field)) }, t('workflow.fixFirst'))),
    );
    this.concerns.hidden = false;
    first.focus();
  }
}

export interface Concern {
  field: string;
  message: string;
}

interface RevisionItem {
  id: number;
  version: number;
  kind: string;
  createdAt: string;
  user: PersonRef | null;
  /** A correction's or update's note. */
  note?: string | null;
}

interface DiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

/** 'Версія 5 · 5 грудня 2026, 14:05 · Марія Бондар зберегла', with a correction's note. */
function revisionLine(r: RevisionItem): string {
  const gender = r.user?.gender ?? 'unknown';
  const item = tg('revisions.item', gender, { version: r.version, verb: lookup(`revisions.kinds.${r.kind}.${gender}`) ?? r.kind, time: formatDate(new Date(r.createdAt), { withTime: true }), user: r.user?.name ?? '—' });
  return r.note ? t('revisions.note', { item, note: r.note }) : item;
}

/** Earlier versions: a list, the differences of the chosen one from the current, and restore. */
export class RevisionsPanel {
  readonly element: HTMLDetailsElement;
  private readonly list = h('ul', { class: 'revisions' });
  private readonly detail = h('div', { class: 'revision-detail', 'aria-live': 'polite' });

  constructor(
    private readonly sync: Sync,
    private readonly fieldName: (f: string) => string,
    private readonly report: (message: string, kind: 'ok' | 'error') => void,
  ) {
    this.element = h('details', { class: 'panel revisions-panel' }, h('summary', {}, t('revisions.legend')), this.list, this.detail);
    this.element.addEventListener('toggle', () => {
      if (this.element.open) void this.load();
    });
  }

  async load() {
    const a = this.sync.article;
    if (!a) return fill(this.list, h('li', {}, t('revisions.empty')));
    const { items } = await api<{ items: RevisionItem[] }>('GET', `/api/v1/admin/articles/${a.id}/revisions`);
    fill(
      this.list,
      items.length
        ? items.map((r) =>
            h('li', {}, h('button', { type: 'button', class: 'linkish', 'aria-controls': 'rev-detail', onclick: () => void this.show(r.id) }, revisionLine(r))),
          )
        : [h('li', {}, t('revisions.empty'))],
    );
  }

  private async show(revisionId: number) {
    const a = this.sync.article!;
    const { revision, diff } = await api<{ revision: RevisionItem; diff: Array<{ field: string; parts: DiffPart[] }> }>('GET', `/api/v1/admin/articles/${a.id}/revisions/${revisionId}`);
    this.detail.id = 'rev-detail';
    fill(
      this.detail,
      h('h3', {}, t('revisions.diff')),
      diff.length
        ? h(
            'dl',
            { class: 'diff' },
            diff.flatMap((d) => [
              h('dt', {}, this.fieldName(d.field)),
              h('dd', {}, d.parts.map((p) => (p.added ? h('ins', { title: t('revisions.added') }, p.value) : p.removed ? h('del', { title: t('revisions.removed') }, p.value) : p.value))),
            ]),
          )
        : h('p', {}, t('revisions.noDiff')),
      h('button', { type: 'button', onclick: () => void this.restore(revision) }, t('revisions.restore', { version: revision.version })),
    );
  }

  private async restore(revision: RevisionItem) {
    if (!(await this.sync.settle())) return;
    const a = this.sync.article!;
    try {
      const { article } = await api<{ article: EditorArticle }>('POST', `/api/v1/admin/articles/${a.id}/revisions/${revision.id}/restore`, { baseVersion: this.sync.baseVersion });
      this.sync.replaced(article);
      this.report(t('revisions.restored', { version: revision.version }), 'ok');
      fill(this.detail);
      await this.load();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.report(e.status === 0 ? t('errors.network') : e.message, 'error');
    }
  }
}

/** The preview link, how a search engine would show the article, and a social card. */
export class PreviewPanel {
  readonly element: HTMLElement;
  private readonly link = h('a', { target: '_blank', rel: 'noopener', class: 'preview-link', hidden: true }, t('preview.open'));
  private readonly snippet = h('div', { class: 'snippet' });
  private readonly card = h('div', { class: 'social' });
  private photo: MediaItem | null = null;

  constructor(
    private readonly siteUrl: string,
    private readonly thumbnail: (m: MediaItem) => string,
    /** Saves what is unsaved; true when the stored state is the form's. */
    settle: () => Promise<boolean>,
  ) {
    // The preview shows what is stored: unsaved changes are saved first.
    this.link.addEventListener('click', async (e) => {
      e.preventDefault();
      if (await settle()) window.open(this.link.href, '_blank', 'noopener');
    });
    this.element = h(
      'section',
      { class: 'panel preview', 'aria-labelledby': 'pv-title' },
      h('h2', { id: 'pv-title' }, t('preview.legend')),
      this.link,
      h('h3', {}, t('preview.snippet')),
      this.snippet,
      h('h3', {}, t('preview.social')),
      this.card,
    );
  }

  setPhoto(m: MediaItem | null) {
    this.photo = m;
  }

  render(a: EditorArticle | null, f: { title: string; lead: string; slug: string }) {
    if (a) {
      this.link.href = `/admin/articles/${a.id}/preview`;
      this.link.hidden = false;
    }
    const title = f.title || t('preview.noTitle');
    const url = `${this.siteUrl}${a?.url ?? `/${f.slug || '…'}.html`}`;
    fill(this.snippet, h('p', { class: 'snippet-url' }, url), h('p', { class: 'snippet-title' }, cut(title, 70)), h('p', { class: 'snippet-text' }, cut(f.lead, 160)));
    const host = new URL(this.siteUrl).host;
    fill(
      this.card,
      this.photo ? h('img', { src: this.thumbnail(this.photo), alt: '', width: 320 }) : null,
      h('div', { class: 'social-text' }, h('p', { class: 'social-host' }, host.toUpperCase()), h('p', { class: 'social-title' }, cut(title, 100)), h('p', { class: 'social-lead' }, cut(f.lead, 200))),
    );
  }
}

/** Text cut at a word boundary to at most n characters, with an ellipsis when cut. */
export function cut(s: string, n: number): string {
  const text = s.replace(/\s+/g, ' ').trim();
  if (text.length <= n) return text;
  const head = text.slice(0, n - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > n * 0.6 ? head.slice(0, space) : head).replace(/[\s,.;:–—-]+$/, '')}…`;
}
