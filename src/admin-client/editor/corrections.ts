import { atClock, formatDate, formatTime } from '../../core/uk-format.js';
import { api, ApiError } from './api.js';
import { fill, h, uid } from './dom.js';
import { t, tg } from './strings.js';
import type { Sync } from './sync.js';
import type { Boot, CorrectionKind, EditorArticle, PersonRef } from './types.js';

interface CorrectionItem {
  id: number;
  kind: CorrectionKind;
  note: string;
  at: string;
  user: PersonRef | null;
}

const KINDS: CorrectionKind[] = ['correction', 'update'];

/**
 * In the workflow panel of a published article: 'Позначити як виправлення / оновлення' with a
 * note for readers, and the marks made so far (newest first), each removable. Marking and
 * removing are an editor's (docs/newsroom-api.md, "Corrections"); others see the list only.
 */
export class CorrectionsControl {
  readonly element: HTMLElement;
  private readonly list = h('ul', { class: 'corrections' });
  private readonly form: HTMLElement;
  private readonly note: HTMLTextAreaElement;
  private readonly kinds: HTMLInputElement[];
  private readonly mayMark: boolean;
  private loadedFor: number | null = null;

  constructor(
    boot: Boot,
    private readonly sync: Sync,
    private readonly report: (message: string, kind: 'ok' | 'error') => void,
  ) {
    const { roles, user } = boot;
    this.mayMark = roles.indexOf(user.role) >= roles.indexOf('editor');
    const noteId = uid('correction-note');
    this.note = h('textarea', { id: noteId, name: 'correctionNote', rows: 2, maxlength: 2000, 'aria-describedby': `${noteId}-hint` });
    const name = uid('correction-kind');
    this.kinds = KINDS.map((k, i) => h('input', { type: 'radio', name, value: k, checked: i === 0 }));
    this.form = h(
      'fieldset',
      { class: 'correction-form' },
      h('legend', {}, t('corrections.mark')),
      h('div', { class: 'field', role: 'radiogroup', 'aria-label': t('corrections.kind') }, this.kinds.map((input, i) => h('label', {}, input, ` ${t(`corrections.${KINDS[i]!}`)}`))),
      h('div', { class: 'field' }, h('label', { for: noteId }, t('corrections.note')), this.note, h('p', { class: 'hint', id: `${noteId}-hint` }, t('corrections.noteHint'))),
      h('button', { type: 'button', class: 'secondary', onclick: () => void this.mark() }, t('corrections.add')),
    );
    this.element = h('div', { class: 'corrections-control', hidden: true }, h('h3', {}, t('corrections.legend')), this.list, this.mayMark ? this.form : h('p', { class: 'hint' }, t('corrections.editorsOnly')));
  }

  /** Shown for a published article; its marks are read once per article. */
  render(a: EditorArticle | null) {
    this.element.hidden = !a || a.status !== 'published';
    if (!a || this.element.hidden || this.loadedFor === a.id) return;
    this.loadedFor = a.id;
    void api<{ items: CorrectionItem[] }>('GET', `/api/v1/admin/articles/${a.id}/corrections`).then((r) => this.show(r.items), () => undefined);
  }

  private show(items: CorrectionItem[]) {
    fill(
      this.list,
      items.length
        ? items.map((c) =>
            h(
              'li',
              {},
              h('p', {}, `${t('corrections.item', { kind: t(`corrections.${c.kind}`), time: formatDate(new Date(c.at), { withTime: true }) })}${c.note ? `: ${c.note}` : ''}`),
              h('p', { class: 'hint' }, tg('corrections.by', c.user?.gender, { name: c.user?.name ?? '—' })),
              this.mayMark ? h('button', { type: 'button', class: 'linkish', onclick: () => void this.remove(c.id) }, t('corrections.remove')) : null,
            ),
          )
        : [h('li', { class: 'hint' }, t('corrections.empty'))],
    );
  }

  private async mark() {
    // The mark tells readers of the change: a live article's unpublished changes go first.
    if (!(await this.sync.settle(true))) return;
    const a = this.sync.article!;
    const kind = this.kinds.find((k) => k.checked)?.value as CorrectionKind;
    await this.send(() => api<{ items: CorrectionItem[] }>('POST', `/api/v1/admin/articles/${a.id}/corrections`, { kind, note: this.note.value.trim() }), (items) => {
      this.note.value = '';
      this.report(t('corrections.added', { at: atClock(formatTime(new Date(items[0]!.at))) }), 'ok');
    });
  }

  private async remove(id: number) {
    const a = this.sync.article!;
    await this.send(() => api<{ items: CorrectionItem[] }>('DELETE', `/api/v1/admin/articles/${a.id}/corrections/${id}`), () => this.report(t('corrections.removed'), 'ok'));
  }

  private async send(request: () => Promise<{ items: CorrectionItem[] }>, done: (items: CorrectionItem[]) => void) {
    try {
      const { items } = await request();
      this.show(items);
      done(items);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.report(e.status === 0 ? t('errors.network') : e.status === 403 ? t('errors.forbidden') : e.code === 'INVALID_TRANSITION' ? t('corrections.publishedOnly') : t('errors.generic'), 'error');
    }
  }
}
