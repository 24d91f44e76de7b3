import { formatDate } from '../../core/uk-format.js';
import { api, ApiError } from './api.js';
import { fill, h, uid } from './dom.js';
import { t, tg } from './strings.js';
import type { Sync } from './sync.js';
import type { PersonRef } from './types.js';

interface Note {
  id: number;
  body: string;
  createdAt: string;
  user: PersonRef | null;
}

/** The newsroom's thread about the article: notes anyone who may open it can read and add. */
export class NotesPanel {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'notes' });
  private readonly text: HTMLTextAreaElement;
  private readonly form: HTMLElement;
  private readonly waiting = h('p', { class: 'hint' }, t('notes.saveFirst'));
  private loadedFor: number | null = null;

  constructor(
    private readonly sync: Sync,
    private readonly report: (message: string, kind: 'ok' | 'error') => void,
  ) {
    const id = uid('note');
    this.text = h('textarea', { id, name: 'note', rows: 3, maxlength: 2000 });
    this.form = h('div', { class: 'field' }, h('label', { for: id }, t('notes.label')), this.text, h('button', { type: 'button', class: 'secondary', onclick: () => void this.add() }, t('notes.add')));
    // Ctrl+Enter adds the note, as in chat.
    this.text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void this.add();
      }
    });
    this.element = h('section', { class: 'panel notes-panel', 'aria-labelledby': 'notes-title' }, h('h2', { id: 'notes-title' }, t('notes.legend')), h('p', { class: 'hint' }, t('notes.hint')), this.list, this.waiting, this.form);
    this.refresh();
  }

  /** Shows the thread once the article has an id (after its first save). */
  refresh() {
    const a = this.sync.article;
    this.waiting.hidden = !!a;
    this.form.hidden = !a;
    this.list.hidden = !a;
    if (a && this.loadedFor !== a.id) {
      this.loadedFor = a.id;
      void api<{ items: Note[] }>('GET', `/api/v1/admin/articles/${a.id}/notes`).then((r) => this.show(r.items), () => undefined);
    }
  }

  private show(items: Note[]) {
    fill(
      this.list,
      items.length
        ? items.map((n) => h('li', {}, h('p', { class: 'note-meta' }, tg('notes.meta', n.user?.gender, { name: n.user?.name ?? t('notes.someone'), time: formatDate(new Date(n.createdAt), { withTime: true }) })), h('p', { class: 'note-body' }, n.body)))
        : [h('li', { class: 'hint' }, t('notes.empty'))],
    );
  }

  private async add() {
    const a = this.sync.article;
    const body = this.text.value.trim();
    if (!a) return;
    if (!body) {
      this.report(t('notes.empty_note'), 'error');
      this.text.focus();
      return;
    }
    try {
      const r = await api<{ items: Note[] }>('POST', `/api/v1/admin/articles/${a.id}/notes`, { body });
      this.text.value = '';
      this.show(r.items);
      this.report(t('notes.added'), 'ok');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.report(e.status === 0 ? t('errors.network') : e.status === 403 ? t('errors.forbidden') : t('errors.generic'), 'error');
    }
  }
}
