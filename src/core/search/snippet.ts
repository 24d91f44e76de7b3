import { mayHoldTerms, termStarts, tokenize } from './analyzer.js';

export interface SnippetPart {
  text: string;
  /** A word that matched the query, in the form the article wrote it. */
  mark: boolean;
}

const WINDOW_WORDS = 32;

/**
 * The passage of an article that best shows why it matched: the window of about 32 words with
 * the most distinct query terms, with the matching words marked as written ('Зеленського'
 * for a query 'Зеленський').
 */
export function snippet(paragraphs: string[], terms: ReadonlySet<string>): SnippetPart[] {
  let best: { text: string; tokens: ReturnType<typeof tokenize>; from: number; score: number } | null = null;
  // A paragraph without any of the terms scores 0 and cannot beat the first one's windows (ties
  // keep the first): only the first is read whatever it holds, the others when they may match.
  const starts = termStarts(terms);
  for (const [index, text] of paragraphs.entries()) {
    if (index > 0 && !mayHoldTerms(text, starts)) continue;
    const tokens = tokenize(text);
    const matched = tokens.map((t) => (t.term && terms.has(t.term) ? t.term : null));
    // The window slides one word at a time: counts of its query terms, kept as it moves.
    const counts = new Map<string, number>();
    let hits = 0;
    const enter = (term: string | null) => {
      if (term === null) return;
      counts.set(term, (counts.get(term) ?? 0) + 1);
      hits++;
    };
    for (let k = 0; k < Math.min(WINDOW_WORDS, tokens.length); k++) enter(matched[k]!);
    for (let i = 0; i < Math.max(1, tokens.length - WINDOW_WORDS + 1); i++) {
      if (i > 0) {
        const left = matched[i - 1]!;
        if (left !== null) {
          const n = counts.get(left)! - 1;
          if (n === 0) counts.delete(left);
          else counts.set(left, n);
          hits--;
        }
        enter(matched[i + WINDOW_WORDS - 1] ?? null);
      }
      const score = counts.size * 10 + hits;
      if (!best || score > best.score) best = { text, tokens, from: i, score };
      if (tokens.length <= WINDOW_WORDS) break;
    }
  }
  if (!best) return [];
  const { text, tokens, from } = best;
  const window = tokens.slice(from, from + WINDOW_WORDS);
  if (window.length === 0) return [{ text: text.slice(0, 200), mark: false }];
  const start = from === 0 ? 0 : window[0]!.start;
  const end = from + WINDOW_WORDS >= tokens.length ? text.length : window.at(-1)!.end;
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: '… ', mark: false });
  let at = start;
  for (const t of window) {
    if (!(t.term && terms.has(t.term))) continue;
    if (t.start > at) parts.push({ text: text.slice(at, t.start), mark: false });
    parts.push({ text: t.text, mark: true });
    at = t.end;
  }
  if (end > at) parts.push({ text: text.slice(at, end), mark: false });
  if (end < text.length) parts.push({ text: ' …', mark: false });
  return parts;
}
