import { diffWords } from 'diff';
import { uk } from '../../core/i18n/uk.js';
import type { RichText } from '../../contract/model.js';
import { linkOf, plainText } from '../../core/rich-text.js';
import type { EditorArticle } from './article-form.js';
import { socialDiffText } from './social-block.js';

/**
 * What the ids an article holds are called, so that a diff speaks in names ('Світ › Політика',
 * not '3'). An id without a name here (a deleted tag, an article the reader of the diff may not
 * open) is shown by number as 'тег №5', 'стаття №17'.
 */
export interface DiffLabels {
  sections: ReadonlyMap<number, string>;
  authors: ReadonlyMap<number, string>;
  tags: ReadonlyMap<number, string>;
  articles: ReadonlyMap<number, string>;
}

const named = (names: ReadonlyMap<number, string>, id: number, kind: string) => names.get(id) ?? `${kind} №${id}`;

/**
 * Rich text in words: its plain text, each link named after the words it covers ('текст
 * [посилання на «Заголовок»]', '[посилання на https://…]'), so that a changed link shows as a
 * change. Bold and italic are left out: a diff of words does not show them.
 */
function richWords(rt: RichText | undefined, labels: DiffLabels): string {
  const d = uk.admin.diffValues;
  let out = '';
  for (let i = 0; i < (rt?.length ?? 0); ) {
    const link = linkOf(rt![i]!);
    let j = i + 1;
    while (link && j < rt!.length && linkOf(rt![j]!)?.href === link.href && linkOf(rt![j]!)?.articleId === link.articleId) j++;
    out += plainText(rt!.slice(i, j));
    if (link) out += ` [${d.linkTo} ${link.articleId !== null ? `«${named(labels.articles, link.articleId, d.article)}»` : link.href}]`;
    i = j;
  }
  return out;
}

/** Plain text of a field for comparing versions, in the words the newsroom uses. */
function fieldText(a: EditorArticle, field: string, labels: DiffLabels): string {
  const d = uk.admin.diffValues;
  const words = (rt: RichText | undefined) => richWords(rt, labels);
  switch (field) {
    case 'body':
      return a.body
        .map((b) => {
          switch (b.type) {
            case 'paragraph':
            case 'heading':
              return words(b.content);
            case 'quote':
              return `«${words(b.content)}»${b.attribution ? ` — ${b.attribution}` : ''}`;
            case 'image':
              return `[${d.photo}: ${words(b.caption)} / ${b.credit}]`;
            case 'list':
              return b.items.map((i) => `• ${words(i)}`).join('\n');
            case 'embed':
              return `[${b.url}]`;
            case 'social':
              return socialDiffText(b);
          }
        })
        .join('\n\n');
    case 'photo':
      // The file itself by its number: another photo with the same texts is still a change.
      return a.photo ? `[${d.photo} №${a.photo.mediaId}] ${a.photo.caption} / ${a.photo.credit} / ${a.photo.alt}` : '';
    case 'recap':
      return a.recap ? [...a.recap.paragraphs.map(words), ...a.recap.articleIds.map((i) => `→ «${named(labels.articles, i, d.article)}»`)].join('\n') : '';
    case 'sectionId':
      return a.sectionId === null ? d.noSection : named(labels.sections, a.sectionId, d.section);
    case 'authorIds':
      return a.authorIds.map((i) => named(labels.authors, i, d.author)).join(', ');
    case 'tagIds':
      return a.tagIds.map((i) => named(labels.tags, i, d.tag)).join(', ');
    case 'isMain':
    case 'isBreaking':
      return a[field] ? d.yes : d.no;
    case 'status':
      return uk.admin.statuses[a.status];
    default: {
      const v = (a as unknown as Record<string, unknown>)[field];
      return Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v);
    }
  }
}

/** Ukrainian words: jsdiff's own tokenizer knows Latin letters only. */
const WORDS = new Intl.Segmenter('uk', { granularity: 'word' });

export const DIFF_FIELDS = ['title', 'subtitle', 'lead', 'body', 'sectionId', 'authorIds', 'tagIds', 'source', 'photo', 'recap', 'isMain', 'isBreaking', 'slug', 'status'] as const;

/** Word-level differences, field by field, from `older` to `newer`; unchanged fields left out. */
export function diffArticles(older: EditorArticle, newer: EditorArticle, labels: DiffLabels) {
  return DIFF_FIELDS.flatMap((field) => {
    const a = fieldText(older, field, labels);
    const b = fieldText(newer, field, labels);
    if (a === b) return [];
    return [{ field, parts: diffWords(a, b, { intlSegmenter: WORDS }).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) })) }];
  });
}
