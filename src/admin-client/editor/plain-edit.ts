import { plainText, richText } from '../../core/rich-text.js';
import type { RichText } from './types.js';

/*
 * Until the rich editor replaces the textareas, rich text is edited here as its plain text. Text
 * left as it was keeps its stored runs, so that saving never drops the marks and links someone
 * else (or an import) put there; text that was changed is saved as plain runs.
 */

/** What a textarea holding `stored` as plain text now gives. */
export function keepOrPlain(stored: RichText, value: string): RichText {
  const typed = value.trim();
  return typed === plainText(stored).trim() ? stored : richText(typed);
}

/** Several texts edited as one textarea (list items, recap paragraphs): each unchanged one keeps its runs. */
export function keepOrPlainEach(stored: readonly RichText[], values: string[], same = (a: string, b: string) => a === b): RichText[] {
  const unused = [...stored];
  return values.map((v) => {
    const at = unused.findIndex((rt) => same(plainText(rt).trim(), v.trim()));
    return at < 0 ? richText(v.trim()) : unused.splice(at, 1)[0]!;
  });
}
