import { plainText } from '../../core/rich-text.js';
import { api, query } from './api.js';
import { autoGrow, field, fill, h, uid } from './dom.js';
import { t } from './strings.js';
import { keepOrPlainEach } from './plain-edit.js';
import type { Person, Recap, RichText, Tag } from './types.js';

/** Ordered co-authors: a list with up/down/remove and a select to add one. */
export class AuthorsField {
  readonly element: HTMLElement;
  private ids: number[] = [];
  private readonly list = h('ol', { class: 'chips ordered' });
  private readonly select: HTMLSelectElement;

  constructor(
    private readonly all: Person[],
    private readonly onChange: () => void,
  ) {
    this.select = h('select', {}, h('option', { value: '' }, t('fields.chooseAuthor')), all.map((a) => h('option', { value: String(a.id) }, a.name)));
    const add = h('button', { type: 'button', onclick: () => this.add() }, t('fields.addAuthor'));
    this.select.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.add();
      }
    });
    this.element = h('fieldset', { class: 'authors' }, h('legend', {}, t('fields.authors')), this.list, h('div', { class: 'row' }, field(t('fields.addAuthor'), this.select), add));
  }

  get value() {
    return [...this.ids];
  }

  set value(ids: number[]) {
    this.ids = [...ids];
    this.render();
  }

  private name(id: number) {
    return this.all.find((a) => a.id === id)?.name ?? `#${id}`;
  }

  private add() {
    const id = Number(this.select.value);
    if (!id || this.ids.includes(id)) return;
    this.ids.push(id);
    this.select.value = '';
    this.render();
    this.onChange();
  }

  private render(focus?: { id: number; what: string }) {
    fill(
      this.list,
      this.ids.length
        ? this.ids.map((id, i) => {
            const name = this.name(id);
            return h(
              'li',
              { 'data-id': String(id) },
              h('span', { class: 'chip-name' }, name),
              h('button', { type: 'button', 'data-what': 'up', 'aria-label': t('authors.moveUp', { name }), title: t('authors.moveUp', { name }), disabled: i === 0, onclick: () => this.move(i, -1) }, '↑'),
              h('button', { type: 'button', 'data-what': 'down', 'aria-label': t('authors.moveDown', { name }), title: t('authors.moveDown', { name }), disabled: i === this.ids.length - 1, onclick: () => this.move(i, 1) }, '↓'),
              h('button', { type: 'button', 'data-what': 'remove', 'aria-label': t('authors.remove', { name }), title: t('authors.remove', { name }), onclick: () => this.remove(i) }, '✕'),
            );
          })
        : [h('li', { class: 'none' }, t('authors.none'))],
    );
    if (focus) this.list.querySelector<HTMLButtonElement>(`li[data-id="${focus.id}"] [data-what="${focus.what}"]:not([disabled])`)?.focus();
  }

  private move(i: number, by: -1 | 1) {
    const [id] = this.ids.splice(i, 1);
    this.ids.splice(i + by, 0, id!);
    this.render({ id: id!, what: by < 0 ? 'up' : 'down' });
    this.onChange();
  }

  private remove(i: number) {
    this.ids.splice(i, 1);
    this.render();
    this.select.focus();
    this.onChange();
  }
}

/**
 * Tags with suggestions from the API as the writer types (a combobox with a listbox), and a new
 * tag of a chosen kind when none fits.
 */
export class TagsField {
  readonly element: HTMLElement;
  private tags: Tag[] = [];
  private readonly names = new Map<number, Tag>();
  private readonly list = h('ul', { class: 'chips' });
  private readonly input: HTMLInputElement;
  private readonly kind: HTMLSelectElement;
  private readonly suggestions: HTMLUListElement;
  private timer = 0;
  private active = -1;

  constructor(
    known: Tag[],
    private readonly tagKinds: Record<string, string>,
    private readonly onChange: () => void,
    private readonly announce: (m: string) => void,
  ) {
    for (const tag of known) this.names.set(tag.id, tag);
    const listId = uid('tag-list');
    this.input = h('input', { type: 'text', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, autocomplete: 'off' });
    this.suggestions = h('ul', { id: listId, role: 'listbox', class: 'suggestions', 'aria-label': t('tags.suggestions'), hidden: true });
    this.kind = h('select', {}, Object.entries(tagKinds).map(([k, label]) => h('option', { value: k, selected: k === 'topic' }, label)));
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.suggest(), 150);
    });
    this.input.addEventListener('keydown', (e) => this.key(e));
    // Closed a moment after the field loses the focus, unless it has it back by then: choosing the
    // new tag's kind and returning to type is quicker than that on a fast machine.
    this.input.addEventListener('blur', () => setTimeout(() => document.activeElement !== this.input && this.close(), 200));
    this.element = h(
      'fieldset',
      { class: 'tags' },
      h('legend', {}, t('fields.tags')),
      this.list,
      h('div', { class: 'combo' }, field(t('tags.search'), this.input), this.suggestions),
      field(t('tags.kind'), this.kind),
    );
  }

  get value() {
    return this.tags.map((x) => x.id);
  }

  /** Names of tags this page has not seen (another writer's, met in a conflict). */
  learn(tags: Tag[]) {
    for (const tag of tags) this.names.set(tag.id, tag);
  }

  nameOf(id: number): string {
    return this.names.get(id)?.name ?? `#${id}`;
  }

  set value(ids: number[]) {
    this.tags = ids.map((id) => this.names.get(id) ?? { id, name: `#${id}`, kind: 'topic' });
    this.render();
  }

  private render() {
    fill(
      this.list,
      this.tags.length
        ? this.tags.map((tag, i) =>
            h(
              'li',
              { class: `tag tag-${tag.kind}` },
              h('span', { class: 'chip-name' }, tag.name),
              h('span', { class: 'chip-kind' }, this.tagKinds[tag.kind] ?? ''),
              h('button', { type: 'button', 'aria-label': t('tags.remove', { name: tag.name }), title: t('tags.remove', { name: tag.name }), onclick: () => this.remove(i) }, '✕'),
            ),
          )
        : [h('li', { class: 'none' }, t('tags.none'))],
    );
  }

  private remove(i: number) {
    this.tags.splice(i, 1);
    this.render();
    this.input.focus();
    this.onChange();
  }

  add(tag: Tag) {
    this.names.set(tag.id, tag);
    if (!this.tags.some((x) => x.id === tag.id)) this.tags.push(tag);
    this.input.value = '';
    this.close();
    this.render();
    this.input.focus();
    this.onChange();
  }

  private async create(name: string) {
    const { tag } = await api<{ tag: Tag }>('POST', '/api/v1/admin/tags', { name, kind: this.kind.value });
    this.announce(t('tags.created', { name: tag.name }));
    this.add(tag);
  }

  private async suggest() {
    const q = this.input.value.trim();
    if (!q) return this.close();
    const { items } = await api<{ items: Tag[] }>('GET', `/api/v1/admin/tags${query({ q })}`);
    if (this.input.value.trim() !== q) return;
    const exact = items.some((x) => x.name.toLocaleLowerCase('uk') === q.toLocaleLowerCase('uk'));
    const options = items
      .filter((x) => !this.tags.some((y) => y.id === x.id))
      .map((tag) => h('li', { role: 'option', id: uid('opt'), 'aria-selected': 'false', onmousedown: (e: Event) => (e.preventDefault(), this.add(tag)) }, `${tag.name} · ${this.tagKinds[tag.kind] ?? tag.kind}`));
    if (!exact) options.push(h('li', { role: 'option', id: uid('opt'), class: 'create', 'aria-selected': 'false', 'data-create': q, onmousedown: (e: Event) => (e.preventDefault(), void this.create(q)) }, t('tags.create', { name: q })));
    fill(this.suggestions, options);
    this.suggestions.hidden = options.length === 0;
    this.input.setAttribute('aria-expanded', String(options.length > 0));
    this.setActive(-1);
  }

  private close() {
    this.suggestions.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.setActive(-1);
  }

  private setActive(i: number) {
    const options = [...this.suggestions.children] as HTMLElement[];
    this.active = i;
    options.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
    if (options[i]) this.input.setAttribute('aria-activedescendant', options[i]!.id);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private key(e: KeyboardEvent) {
    const options = [...this.suggestions.children] as HTMLElement[];
    if (e.key === 'ArrowDown' && options.length) {
      e.preventDefault();
      this.setActive((this.active + 1) % options.length);
    } else if (e.key === 'ArrowUp' && options.length) {
      e.preventDefault();
      this.setActive((this.active - 1 + options.length) % options.length);
    } else if (e.key === 'Escape') {
      this.close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter takes the highlighted suggestion, or the first (often the new tag) when none is.
      const chosen = options[this.active] ?? options[0];
      if (chosen) chosen.dispatchEvent(new MouseEvent('mousedown'));
    }
  }
}

interface RecapItem {
  id: number;
  title: string;
}

/** 'Нагадаємо': paragraphs, plus links to earlier published articles found by search. */
export class RecapField {
  readonly element: HTMLElement;
  private readonly text: HTMLTextAreaElement;
  private readonly chosen = h('ul', { class: 'chips' });
  private readonly results = h('ul', { class: 'recap-results' });
  private readonly search: HTMLInputElement;
  private items: RecapItem[] = [];
  /** The paragraphs as last set: one left as it was keeps its runs. */
  private stored: RichText[] = [];
  private readonly titles = new Map<number, string>();
  private timer = 0;

  constructor(
    known: RecapItem[],
    private readonly onChange: () => void,
  ) {
    for (const k of known) this.titles.set(k.id, k.title);
    this.text = autoGrow(h('textarea', { rows: 3, name: 'recap' }));
    this.text.addEventListener('input', onChange);
    this.search = h('input', { type: 'search', autocomplete: 'off' });
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.find(), 200);
    });
    this.element = h(
      'fieldset',
      { class: 'recap' },
      h('legend', {}, t('recap.legend')),
      field(t('recap.paragraphs'), this.text),
      h('h3', { class: 'sub' }, t('recap.links')),
      this.chosen,
      field(t('recap.search'), this.search),
      this.results,
    );
  }

  /** Titles of linked articles this page has not seen. */
  learn(items: RecapItem[]) {
    for (const k of items) this.titles.set(k.id, k.title);
  }

  titleOf(id: number): string {
    return this.titles.get(id) ?? t('recap.article', { id });
  }

  get value(): Recap | null {
    const typed = this.text.value.split(/\n\s*\n/).map((p) => p.replace(/[ \t\r\n]+/g, ' ').trim()).filter(Boolean);
    const paragraphs = keepOrPlainEach(this.stored, typed, (a, b) => a.replace(/\s+/g, ' ') === b);
    const articleIds = this.items.map((i) => i.id);
    return paragraphs.length || articleIds.length ? { paragraphs, articleIds } : null;
  }

  set value(r: Recap | null) {
    this.stored = r?.paragraphs ?? [];
    this.text.value = r ? r.paragraphs.map((p) => plainText(p).replace(/\s+/g, ' ')).join('\n\n') : '';
    this.text.dispatchEvent(new Event('input-resize'));
    this.items = (r?.articleIds ?? []).map((id) => ({ id, title: this.titles.get(id) ?? t('recap.article', { id }) }));
    this.render();
  }

  private render() {
    fill(
      this.chosen,
      this.items.length
        ? this.items.map((item, i) =>
            h('li', {}, h('span', { class: 'chip-name' }, item.title), h('button', { type: 'button', 'aria-label': t('recap.remove', { title: item.title }), title: t('recap.remove', { title: item.title }), onclick: () => (this.items.splice(i, 1), this.render(), this.search.focus(), this.onChange()) }, '✕')),
          )
        : [h('li', { class: 'none' }, t('recap.none'))],
    );
  }

  private async find() {
    const q = this.search.value.trim();
    if (!q) return fill(this.results);
    const { items } = await api<{ items: Array<{ id: number; title: string; publishedAt: string | null }> }>('GET', `/api/v1/admin/recap-search${query({ q })}`);
    if (this.search.value.trim() !== q) return;
    fill(
      this.results,
      items
        .filter((x) => !this.items.some((y) => y.id === x.id))
        .map((x) =>
          h('li', {}, h('button', { type: 'button', class: 'linkish', 'aria-label': t('recap.add', { title: x.title }), onclick: () => {
            this.titles.set(x.id, x.title);
            this.items.push({ id: x.id, title: x.title });
            this.render();
            fill(this.results);
            this.search.value = '';
            this.search.focus();
            this.onChange();
          } }, x.title)),
        ),
    );
  }
}
