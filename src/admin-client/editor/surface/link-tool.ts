/**
 * The link tool (Ctrl+K or the toolbar): an address (http, https or mailto; anything else is
 * refused with a message), or one of our published articles found by search and linked by id,
 * so that the link follows the article's address. A modal dialog: focus stays in it, Esc closes
 * it, and the text gets the focus back with the link on the words that were selected (or the
 * address or title typed in, when none were).
 */
import type { Mark } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { isAllowedHref } from '../../../core/rich-text.js';
import { api, query } from '../api.js';
import { fill, h, uid } from '../dom.js';
import { t } from '../strings.js';
import { schema } from './schema.js';

const link = schema.marks.link!;

interface Found {
  id: number;
  title: string;
  publishedAt: string | null;
}

export class LinkTool {
  readonly dialog: HTMLDialogElement;
  private readonly address: HTMLInputElement;
  private readonly search: HTMLInputElement;
  private readonly results = h('ul', { class: 'link-results' });
  private readonly error = h('p', { class: 'error', role: 'alert' });
  private readonly remove: HTMLButtonElement;
  private view: EditorView | null = null;
  private range: { from: number; to: number } = { from: 0, to: 0 };
  private timer = 0;

  constructor() {
    const titleId = uid('link-title');
    const addressId = uid('link-address');
    const searchId = uid('link-search');
    this.address = h('input', { id: addressId, type: 'text', inputmode: 'url', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${addressId}-hint` });
    this.search = h('input', { id: searchId, type: 'search', autocomplete: 'off' });
    this.remove = h('button', { type: 'button', class: 'danger', onclick: () => this.apply(null) }, t('surface.linkRemove'));
    const form = h(
      'form',
      { class: 'link-address', method: 'dialog' },
      h('div', { class: 'field' }, h('label', { for: addressId }, t('surface.linkAddress')), this.address, h('p', { class: 'hint', id: `${addressId}-hint` }, t('surface.linkAddressHint'))),
      this.error,
      h('button', { type: 'submit', class: 'primary' }, t('surface.linkApply')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.applyAddress();
    });
    this.search.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.find(), 200);
    });
    this.dialog = h(
      'dialog',
      { class: 'link-dialog', 'aria-labelledby': titleId },
      h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, t('surface.linkTitle')), h('button', { type: 'button', class: 'close', onclick: () => this.close() }, t('media.close'))),
      form,
      h('div', { class: 'field' }, h('label', { for: searchId }, t('surface.linkSearch')), this.search),
      this.results,
      this.remove,
    );
    this.dialog.addEventListener('close', () => this.view?.focus());
    document.body.append(this.dialog);
  }

  /** Opens the tool for the selection (or the link the caret is in). */
  open(view: EditorView) {
    this.view = view;
    const { from, to, $from } = view.state.selection;
    const current = $from.marks().find((m) => m.type === link) ?? (from !== to ? markIn(view, from, to) : undefined);
    this.range = from === to && current ? extent(view, from, current) : { from, to };
    this.address.value = current?.attrs.href ?? '';
    this.search.value = '';
    fill(this.results);
    fill(this.error);
    this.address.removeAttribute('aria-invalid');
    this.remove.hidden = !current;
    this.dialog.showModal();
    this.address.focus();
  }

  private close() {
    if (this.dialog.open) this.dialog.close();
  }

  private applyAddress() {
    let href = this.address.value.trim();
    if (/^www\./i.test(href)) href = `https://${href}`;
    if (!href) return this.apply(null);
    if (!isAllowedHref(href)) {
      this.address.setAttribute('aria-invalid', 'true');
      fill(this.error, t('surface.linkRefused'));
      return;
    }
    this.apply({ href, articleId: null }, href);
  }

  /** Sets (or, with null, takes off) the link on the range; an empty range gets `text` linked. */
  private apply(attrs: { href: string | null; articleId: number | null } | null, text?: string) {
    const view = this.view;
    this.close();
    if (!view) return;
    let { from, to } = this.range;
    const tr = view.state.tr;
    if (from === to && attrs && text) {
      tr.insertText(text, from);
      to = from + text.length;
    }
    tr.removeMark(from, to, link);
    if (attrs) tr.addMark(from, to, link.create(attrs));
    tr.setSelection(TextSelection.create(tr.doc, to));
    view.dispatch(tr.scrollIntoView());
    view.focus();
  }

  private async find() {
    const q = this.search.value.trim();
    if (!q) return fill(this.results);
    const { items } = await api<{ items: Found[] }>('GET', `/api/v1/admin/recap-search${query({ q })}`);
    if (this.search.value.trim() !== q) return;
    fill(
      this.results,
      items.length
        ? items.map((x) =>
            h('li', {}, h('button', { type: 'button', class: 'linkish', 'aria-label': t('surface.linkTo', { title: x.title }), onclick: () => this.apply({ href: null, articleId: x.id }, x.title) }, x.title)),
          )
        : [h('li', { class: 'none' }, t('surface.linkNoArticles'))],
    );
  }
}

function markIn(view: EditorView, from: number, to: number): Mark | undefined {
  let found: Mark | undefined;
  view.state.doc.nodesBetween(from, to, (node) => {
    found ??= node.marks.find((m) => m.type === link);
  });
  return found;
}

/** The stretch of text around `pos` that carries the same link. */
function extent(view: EditorView, pos: number, mark: Mark): { from: number; to: number } {
  const $pos = view.state.doc.resolve(pos);
  const parent = $pos.parent;
  const start = $pos.start();
  let from = pos;
  let to = pos;
  parent.forEach((child, childOffset) => {
    const a = start + childOffset;
    const b = a + child.nodeSize;
    if (mark.isInSet(child.marks) && a <= pos && b >= pos) {
      from = Math.min(from, a);
      to = Math.max(to, b);
    }
  });
  return { from, to };
}
