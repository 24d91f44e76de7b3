import { normalizeWord, termOf } from './analyzer.js';

/**
 * The terms of a name (a tag, an author, a section), for filters and suggestions: each word's
 * stem and its normalised full form, ' '-separated and framed by spaces so that SQL can match
 * a whole term with LIKE '% term %' or a term's start with LIKE '% prefix%'.
 */
export function nameTerms(name: string): string {
  const words = name.split(/[\s\-–—]+/).filter(Boolean);
  const terms = new Set<string>();
  for (const w of words) {
    const t = termOf(w);
    if (t) terms.add(t);
    const n = normalizeWord(w).replace(/[^\p{L}\d]/gu, '');
    if (n) terms.add(n);
  }
  return terms.size ? ` ${[...terms].join(' ')} ` : '';
}

/**
 * What a typed prefix may be the beginning of: the prefix itself ('зелен') and, for a whole
 * inflected word ('Зеленського', 'Зеленсько'), its stem, so any case finds the name.
 */
export function prefixCandidates(typed: string): string[] {
  const words = typed.trim().split(/\s+/).filter(Boolean);
  const last = words.at(-1);
  if (!last) return [];
  const n = normalizeWord(last).replace(/[^\p{L}\d]/gu, '');
  if (n.length < 2) return [];
  const stem = termOf(last);
  return [...new Set([n, ...(stem && stem.length >= 3 ? [stem] : [])])];
}
