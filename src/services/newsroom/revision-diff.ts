import { diffWords } from 'diff';
import type { EditorArticle } from './article-form.js';

/** Plain text of a field for comparing versions. */
function fieldText(a: EditorArticle, field: string): string {
  switch (field) {
    case 'body':
      return a.body
        .map((b) => {
          switch (b.type) {
            case 'paragraph':
            case 'heading':
              return b.text;
            case 'quote':
              return `«${b.text}»${b.attribution ? ` — ${b.attribution}` : ''}`;
            case 'image':
              return `[фото ${b.mediaId}: ${b.caption} / ${b.credit}]`;
            case 'list':
              return b.items.map((i) => `• ${i}`).join('\n');
            case 'embed':
              return `[${b.url}]`;
          }
        })
        .join('\n\n');
    case 'photo':
      return a.photo ? `[фото ${a.photo.mediaId}] ${a.photo.caption} / ${a.photo.credit} / ${a.photo.alt}` : '';
    case 'recap':
      return a.recap ? [...a.recap.paragraphs, ...a.recap.articleIds.map((i) => `→ ${i}`)].join('\n') : '';
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
export function diffArticles(older: EditorArticle, newer: EditorArticle) {
  return DIFF_FIELDS.flatMap((field) => {
    const a = fieldText(older, field);
    const b = fieldText(newer, field);
    if (a === b) return [];
    return [{ field, parts: diffWords(a, b, { intlSegmenter: WORDS }).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) })) }];
  });
}
