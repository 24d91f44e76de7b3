import { plainText } from '../../core/rich-text.js';
import { formatDateAt } from '../../core/uk-format.js';
import { api } from './api.js';
import { fill, h } from './dom.js';
import type { ArticleForm } from './form.js';
import { mergeArticle, type FieldName } from './merge.js';
import { fieldsOf, sameFields } from './payload.js';
import { t, tg } from './strings.js';
import { fieldName, type Sync } from './sync.js';
import type { ArticleDraft, ArticleFields, Block, EditorArticle, Person, PersonRef, Section } from './types.js';

export interface ConflictContext {
  form: ArticleForm;
  sync: Sync;
  sections: Section[];
  authors: Person[];
  /** Says what was merged from whom (null: nothing to say any more). */
  note(text: string | null): void;
}

interface Revision {
  id: number;
  version: number;
  user: PersonRef | null;
}

/** What the history tells of a conflict: the version the form's changes were made on, and who saved since. */
interface History {
  base: ArticleFields | null;
  /** Whoever saved the versions after the base, newest first, each once. */
  people: PersonRef[];
  /** Who saved the stored version. */
  latest: PersonRef | null;
}

/**
 * Someone saved the article since this editor's version. A three-way merge against the version
 * the writer started from (merge.ts): what only they changed comes into the form, what only the
 * writer changed stays, and when no field was changed on both sides the result is saved without
 * a question. Otherwise only the fields both changed, differently, are offered to choose.
 */
export async function settleConflict(conflictBox: HTMLElement, current: EditorArticle, ctx: ConflictContext) {
  const { form, sync } = ctx;
  ctx.note(null);
  const since = sync.baseVersion;
  const history = await historyOf(current, since, sync.baseOf(since));
  const theirs = fieldsOf(current);
  const { merged, taken, conflicts } = mergeArticle(history.base, form.collect(), theirs);
  form.apply(merged, taken);
  const fields = listOf(taken.map((f) => t(`conflict.fields.${f}`)));
  if (!conflicts.length) {
    // Nothing of the writer's own beyond theirs: there is nothing to save.
    sync.resolve(current, !sameFields(merged, theirs), true);
    if (taken.length) ctx.note(mergedText(history, fields, current.version));
    return;
  }
  showChoice(conflictBox, current, conflicts, history, taken.length ? t('conflict.alsoTaken', { version: current.version, fields }) : null, ctx);
}

/** The base from this editor's memory, else from the article's revisions; who saved after it. */
async function historyOf(current: EditorArticle, since: number | null, known: ArticleFields | null): Promise<History> {
  let items: Revision[] = [];
  try {
    ({ items } = await api<{ items: Revision[] }>('GET', `/api/v1/admin/articles/${current.id}/revisions`));
  } catch {
    // Without the history: the base this editor has, if any, and nobody named.
  }
  const people: PersonRef[] = [];
  for (const r of items) if (r.user && r.version > (since ?? current.version - 1) && r.version <= current.version && !people.some((p) => p.id === r.user!.id)) people.push(r.user);
  const latest = items.find((r) => r.version === current.version)?.user ?? null;
  let base = known;
  const kept = since === null ? undefined : items.find((r) => r.version === since);
  if (!base && kept) {
    try {
      base = fieldsOf((await api<{ revision: { article: EditorArticle } }>('GET', `/api/v1/admin/articles/${current.id}/revisions/${kept.id}`)).revision.article);
    } catch {
      // Compared two ways: every field that differs is offered.
    }
  }
  return { base, people, latest };
}

/** 'заголовок, лід і теги'. */
function listOf(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${t('conflict.and')} ${items[items.length - 1]}`;
}

function mergedText({ people }: History, fields: string, version: number): string {
  if (people.length > 1) return t('conflict.mergedMany', { names: listOf(people.map((p) => p.name)), fields });
  const [by] = people;
  return by ? tg('conflict.merged', by.gender, { name: by.name, fields }) : t('conflict.mergedNobody', { version, fields });
}

/** The fields both sides changed, differently: the writer picks mine or theirs for each (mine by default). */
function showChoice(conflictBox: HTMLElement, current: EditorArticle, conflicts: FieldName[], history: History, alsoTaken: string | null, ctx: ConflictContext) {
  const { form, sync } = ctx;
  const mine = form.collect();
  const close = () => ((conflictBox.hidden = true), fill(conflictBox));
  const rows = conflicts.map((f) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, fieldName(f)),
      h('td', {}, describe(f, mine, ctx)),
      h('td', {}, describe(f, current, ctx)),
      h(
        'td',
        {},
        h('label', {}, h('input', { type: 'radio', name: `pick-${f}`, value: 'mine', checked: true }), ` ${t('conflict.useMine')}`),
        ' ',
        h('label', {}, h('input', { type: 'radio', name: `pick-${f}`, value: 'theirs' }), ` ${t('conflict.useTheirs')}`),
      ),
    ),
  );
  const table = h('table', { class: 'compare' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('conflict.field')), h('th', { scope: 'col' }, t('conflict.mine')), h('th', { scope: 'col' }, t('conflict.theirs')), h('th', { scope: 'col' }, ''))), h('tbody', {}, rows));
  const apply = () => {
    // The form as it is now (the writer may have typed on), with theirs where picked.
    const picked: ArticleDraft = form.collect();
    const theirs = conflicts.filter((f) => table.querySelector<HTMLInputElement>(`input[name="pick-${f}"][value="theirs"]`)?.checked);
    for (const f of theirs) (picked as unknown as Record<string, unknown>)[f] = current[f];
    form.apply(picked, theirs);
    close();
    sync.resolve(current, true);
  };
  const when = formatDateAt(new Date(current.updatedAt));
  const by = history.latest;
  fill(
    conflictBox,
    h('h2', { id: 'conflict-title' }, t('conflict.title')),
    h('p', {}, by ? tg('conflict.text', by.gender, { name: by.name, version: current.version, at: when }) : t('conflict.textNobody', { version: current.version, at: when })),
    alsoTaken ? h('p', {}, alsoTaken) : null,
    h('p', {}, t('conflict.choose')),
    table,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', class: 'primary', onclick: apply }, t('conflict.apply')),
      h('button', { type: 'button', onclick: () => (form.apply(current), close(), sync.resolve(current, false)) }, t('conflict.takeTheirs')),
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
