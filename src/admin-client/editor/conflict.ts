import { plainText } from '../../core/rich-text.js';
import { formatDate } from '../../core/uk-format.js';
import { api } from './api.js';
import { fill, h } from './dom.js';
import type { ArticleForm } from './form.js';
import { payloadOf } from './payload.js';
import { t, tg } from './strings.js';
import { fieldName, type Sync } from './sync.js';
import { FIELD_NAMES, type ArticleDraft, type Block, type EditorArticle, type Person, type PersonRef, type Section } from './types.js';

export interface ConflictContext {
  form: ArticleForm;
  sync: Sync;
  sections: Section[];
  authors: Person[];
}

/**
 * Someone saved the article since this editor's version: nothing is overwritten until the writer
 * chooses to keep their version, take the stored one, or pick field by field.
 */
export function showConflict(conflictBox: HTMLElement, current: EditorArticle, mine: ArticleDraft, ctx: ConflictContext) {
  const { form, sync } = ctx;
  const sent = payloadOf(mine);
  const differing = FIELD_NAMES.filter((f) => JSON.stringify(current[f] ?? null) !== JSON.stringify(sent[f] ?? null));
  const close = () => ((conflictBox.hidden = true), fill(conflictBox));
  const compare = () => {
    const rows = differing.map((f) => {
      const name = `pick-${f}`;
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, fieldName(f)),
        h('td', {}, describe(f, mine, ctx)),
        h('td', {}, describe(f, current, ctx)),
        h(
          'td',
          {},
          h('label', {}, h('input', { type: 'radio', name, value: 'mine', checked: true }), ` ${t('conflict.useMine')}`),
          ' ',
          h('label', {}, h('input', { type: 'radio', name, value: 'theirs' }), ` ${t('conflict.useTheirs')}`),
        ),
      );
    });
    const table = h('table', { class: 'compare' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('conflict.field')), h('th', { scope: 'col' }, t('conflict.mine')), h('th', { scope: 'col' }, t('conflict.theirs')), h('th', { scope: 'col' }, ''))), h('tbody', {}, rows));
    const apply = h('button', { type: 'button', class: 'primary', onclick: () => {
      const merged: ArticleDraft = { ...mine };
      for (const f of differing) {
        const theirs = (table.querySelector<HTMLInputElement>(`input[name="pick-${f}"][value="theirs"]`)?.checked) ?? false;
        if (theirs) (merged as unknown as Record<string, unknown>)[f] = current[f];
      }
      form.apply(merged);
      close();
      sync.resolve(current, true);
    } }, t('conflict.apply'));
    conflictBox.append(differing.length ? table : h('p', {}, t('conflict.same')), apply);
    table.querySelector<HTMLInputElement>('input')?.focus();
  };
  const when = formatDate(new Date(current.updatedAt), { withTime: true });
  const text = h('p', {}, t('conflict.textNobody', { version: current.version, time: when }));
  // Who saved it: the newest revision's author, named with the verb in their gender.
  void api<{ items: Array<{ version: number; user: PersonRef | null }> }>('GET', `/api/v1/admin/articles/${current.id}/revisions`)
    .then(({ items }) => {
      const by = items.find((r) => r.version === current.version)?.user;
      if (by) text.textContent = tg('conflict.text', by.gender, { name: by.name, version: current.version, time: when });
    })
    .catch(() => {});
  fill(
    conflictBox,
    h('h2', { id: 'conflict-title' }, t('conflict.title')),
    text,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', class: 'primary', onclick: () => (close(), sync.resolve(current, true)) }, t('conflict.keepMine')),
      h('button', { type: 'button', onclick: () => (form.apply(current), close(), sync.resolve(current, false)) }, t('conflict.takeTheirs')),
      h('button', { type: 'button', onclick: (e: Event) => ((e.target as HTMLButtonElement).disabled = true, compare()) }, t('conflict.compare')),
    ),
  );
  conflictBox.hidden = false;
  conflictBox.focus();
}

/** A block as text for comparing two versions. */
function blockText(b: Block): string {
  switch (b.type) {
    case 'list':
      return b.items.map(plainText).join(' · ');
    case 'image':
      return `[${plainText(b.caption ?? [])}]`;
    case 'embed':
      return b.url;
    case 'social':
      return `${b.url}: ${b.text}`;
    default:
      return plainText(b.content);
  }
}

/** A field's value as text for comparing two versions. */
function describe(f: keyof ArticleDraft, a: ArticleDraft, { sections, authors, form }: ConflictContext): string {
  const v = a[f];
  switch (f) {
    case 'body':
      return a.body.map(blockText).join('\n\n');
    case 'sectionId':
      return sections.find((s) => s.id === a.sectionId)?.name ?? '—';
    case 'authorIds':
      return a.authorIds.map((id) => authors.find((p) => p.id === id)?.name ?? `#${id}`).join(', ');
    case 'photo':
      return a.photo ? `${a.photo.caption} (${a.photo.credit})` : '—';
    case 'tagIds':
      return a.tagIds.length ? a.tagIds.map((id) => form.tags.nameOf(id)).join(', ') : '—';
    case 'recap':
      return a.recap ? [...a.recap.paragraphs.map(plainText), ...a.recap.articleIds.map((id) => `→ ${form.recap.titleOf(id)}`)].join('\n\n') : '—';
    case 'isMain':
    case 'isBreaking':
      return v ? '✓' : '—';
    default:
      return Array.isArray(v) ? v.join(', ') : v === null || v === undefined || v === '' ? '—' : String(v);
  }
}
