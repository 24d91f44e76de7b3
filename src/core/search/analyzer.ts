import { stem } from './stem.js';

/**
 * The Ukrainian analyzer, used identically for indexing and for queries: text -> terms.
 * Steps per word: Unicode NFC; stress marks dropped; the apostrophes ’ ' ʼ ` unified (and then
 * dropped, so об’єкт and об'єкт are one term); lower case; Latin look-alike letters inside a
 * Cyrillic word folded (a 'Kиїв' typed with a Latin K); ґ as г; проект as проєкт; stop words
 * dropped; a stem per word (stem.ts).
 */

export interface Token {
  /** The word as written, for highlighting. */
  text: string;
  start: number;
  end: number;
  /** Its search term, or null for a stop word. */
  term: string | null;
}

const APOSTROPHES = /['’ʼ`‘′ʹ]/g;
const STRESS = /[\u0300\u0301]/g;
const HAS_STRESS = /[\u0300\u0301]/;
// Letters, with apostrophes only between letters (м’ята, об'єкт), or runs of digits.
const WORD = /\p{L}[\p{L}\p{M}]*(?:['’ʼ`‘′ʹ][\p{L}\p{M}]+)*|\d+/gu;
const CYRILLIC = /[\u0400-\u04ff]/;
const LOOK_ALIKES: Record<string, string> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'і', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у',
};

export const STOP_WORDS = new Set(
  `а але б би бо був була були було бути в вам вас весь від він вона вони воно все всі вже втім де для до
  дуже є же з за зі із й його її їх і й коли котрий ледь лише ми мене між мов може на над нам нас не ні
  нього них о об однак он по при про проте раз саме свій своє свої себе собі та так також там тем то тобто
  той ти тим тих тільки ту тут у усе усі хоча хто це цей ці ця чи що щоб як який яка яке які якщо`
    .split(/\s+/)
    .filter(Boolean),
);

/** A word, normalised but not stemmed: for prefixes (suggest) and exact comparisons. */
export function normalizeWord(word: string): string {
  // Ukrainian has no casing rules of its own: the default mapping is the Ukrainian one, and faster.
  let w = word.normalize('NFC').replace(STRESS, '').replace(APOSTROPHES, '').toLowerCase();
  if (CYRILLIC.test(w)) w = w.replace(/[a-z]/g, (c) => LOOK_ALIKES[c] ?? c);
  return w.replace(/ґ/g, 'г').replace(/проект/g, 'проєкт');
}

// News repeats its words: a word's term is worked out once (bounded, dropped when full).
const termCache = new Map<string, string | null>();

export function termOf(word: string): string | null {
  let term = termCache.get(word);
  if (term !== undefined) return term;
  const w = normalizeWord(word);
  term = w.length === 0 || STOP_WORDS.has(w) ? null : stem(w, /^\p{Lu}/u.test(word));
  if (termCache.size >= 200_000) termCache.clear();
  termCache.set(word, term);
  return term;
}

/**
 * The terms a typed query word may stand for. Text keeps its case (a capital marks a name, whose
 * -ав or і is not an ending or an alternation), but readers type names in lower case: a word
 * typed without capitals matches both readings ('ярослав' finds 'Ярослав').
 */
export function queryTerms(word: string): string[] {
  const w = normalizeWord(word);
  if (w.length === 0 || STOP_WORDS.has(w)) return [];
  if (/\p{Lu}/u.test(word)) return [stem(w, true)];
  return [...new Set([stem(w, false), stem(w, true)])];
}

/**
 * What a text must contain, once normalised (mayHoldTerms), to hold a word whose term is one of
 * `terms`: stem.ts changes at most the last three letters of what the stemmer leaves, and the
 * stemmer only cuts endings, so a term without its last three letters starts the normalised word.
 */
export function termStarts(terms: Iterable<string>): string[] {
  // A term of three letters or fewer may change its first (рік → рок): its start is empty.
  return [...new Set([...terms].map((t) => t.slice(0, Math.max(0, t.length - 3))))];
}

/**
 * Whether a text may hold a word with one of the terms whose starts are given, found without
 * tokenizing it: false only when it certainly holds none. The text is normalised as a whole, as
 * normalizeWord does each word, with and without folding Latin look-alike letters.
 */
export function mayHoldTerms(text: string, starts: readonly string[]): boolean {
  const base = text.normalize('NFC').replace(STRESS, '').replace(APOSTROPHES, '').toLowerCase();
  const fix = (t: string) => t.replace(/ґ/g, 'г').replace(/проект/g, 'проєкт');
  const plain = fix(base);
  if (starts.some((s) => plain.includes(s))) return true;
  const folded = base.replace(/[a-z]/g, (c) => LOOK_ALIKES[c] ?? c);
  if (folded === base) return false;
  const fixed = fix(folded);
  return starts.some((s) => fixed.includes(s));
}

export function tokenize(text: string): Token[] {
  // Offsets index the text as given (snippets slice it); each word is normalised on its own.
  const tokens: Token[] = [];
  const stressed = HAS_STRESS.test(text);
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    tokens.push({ text: raw, start: m.index!, end: m.index! + raw.length, term: termOf(stressed ? raw.replace(STRESS, '') : raw) });
  }
  return tokens;
}

/** The terms of a text in order, stop words left out. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const t of tokenize(text.replace(STRESS, ''))) if (t.term) terms.push(t.term);
  return terms;
}
