import { errors } from '../errors.js';
import { kyivLocalToUtc } from '../kyiv-time.js';
import { uk } from '../i18n/uk.js';
import { analyze, queryTerms, tokenize } from './analyzer.js';

/**
 * The reader's query language:
 *   words            all must match (in any grammatical form)
 *   "a phrase"       the words next to each other
 *   -word            must not match
 *   розділ:спорт  section:sport     a section (with its subsections), by slug or name
 *   тег:Київ  tag:"Стів Віткофф"      a tag
 *   автор:"Іванна Гончар"  author:…   an author
 *   дата:2026-01-01..2026-01-31  date:2026-01  date:2026-01-07   a date range (Kyiv time)
 * A mistake gets a message that says what to write instead, never a server error.
 */
export interface ParsedQuery {
  /**
   * All must match. Each clause is a sequence of positions (one for a word, several for a
   * phrase); each position lists the terms that may stand there.
   */
  must: string[][][];
  not: string[];
  /** The words as typed, for highlighting their forms. */
  highlight: string[];
  section: string | null;
  tag: string | null;
  author: string | null;
  from: Date | null;
  to: Date | null;
}

const FILTERS: Record<string, 'section' | 'tag' | 'author' | 'date'> = {
  розділ: 'section', рубрика: 'section', section: 'section',
  тег: 'tag', tag: 'tag',
  автор: 'author', author: 'author',
  дата: 'date', date: 'date',
};

const invalid = (message: string) => errors.invalidInput('q', message);

export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { must: [], not: [], highlight: [], section: null, tag: null, author: null, from: null, to: null };
  const text = input.normalize('NFC').trim();
  if (text.length > 500) throw invalid(uk.search.errors.tooLong);
  // filter:"quoted value" | filter:value | -"phrase" | -word | "phrase" | word
  // The value may be empty ('тег:', 'тег: Київ'), so that a filter left blank is named as such.
  const PART = /(\S+?):(?:"([^"]*)"|«([^»]*)»|(\S*))|(-?)(?:"([^"]*)"?|«([^»]*)»?|(\S+))/gu;
  for (const m of text.matchAll(PART)) {
    const [, name, v1, v2, v3, minus, p1, p2, word] = m;
    if (name !== undefined) {
      const kind = FILTERS[name.toLocaleLowerCase('uk')];
      const value = (v1 ?? v2 ?? v3 ?? '').trim();
      if (!kind) {
        addWords(q, m[0], false);
        continue;
      }
      if (!value) throw invalid(uk.search.errors.emptyFilter(name, kind === 'date' ? '2026-01-01..2026-01-31' : 'Київ'));
      if (kind === 'date') Object.assign(q, parseDateRange(value));
      else q[kind] = value;
      continue;
    }
    const phrase = p1 ?? p2;
    if (phrase !== undefined) {
      const terms = analyze(phrase);
      if (terms.length === 0) continue;
      if (minus) q.not.push(...terms);
      else {
        q.must.push(tokenize(phrase).flatMap((t) => (t.term ? [queryTerms(t.text)] : [])));
        q.highlight.push(phrase);
      }
    } else if (word !== undefined) addWords(q, word, minus === '-');
  }
  q.must = distinctClauses(q.must);
  if (q.must.length === 0 && q.not.length > 0) throw invalid(uk.search.errors.onlyExcluded);
  if (q.from && q.to && q.from > q.to) throw invalid(uk.search.errors.dateOrder);
  return q;
}

/**
 * A word given twice, in the same or another form ('Київ Києва'), asks for nothing more than
 * once; kept twice, the database would think the words rarer together than each alone and read
 * the matches the slow way.
 */
function distinctClauses(must: string[][][]): string[][][] {
  const seen = new Set<string>();
  return must.filter((clause) => {
    const key = JSON.stringify(clause.map((alts) => [...alts].sort()));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function addWords(q: ParsedQuery, text: string, excluded: boolean) {
  const words = tokenize(text).filter((t) => t.term !== null);
  for (const w of words) {
    const forms = queryTerms(w.text);
    if (excluded) q.not.push(...forms);
    else q.must.push([forms]);
  }
  if (!excluded && words.length) q.highlight.push(text);
}


/** '2026-01-01..2026-01-31', '2026-01..2026-03', '2026', '2026-01-07', open ends '..2026-01-31'. */
function parseDateRange(value: string): { from: Date | null; to: Date | null } {
  const [a, b, extra] = value.split('..');
  if (extra !== undefined) throw invalid(uk.search.errors.badRange(value));
  if (b === undefined) return { from: boundary(a!, 'start', value), to: boundary(a!, 'end', value) };
  return { from: a ? boundary(a, 'start', value) : null, to: b ? boundary(b, 'end', value) : null };
}

function boundary(part: string, edge: 'start' | 'end', whole: string): Date {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(part.trim());
  const bad = () => invalid(uk.search.errors.badDate(whole));
  if (!m) throw bad();
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : null;
  const d = m[3] ? Number(m[3]) : null;
  if (mo !== null && (mo < 1 || mo > 12)) throw bad();
  // The month's real length: 2026-02-30 is a mistake, not 2026-03-02.
  if (d !== null && (d < 1 || d > new Date(Date.UTC(y, mo!, 0)).getUTCDate())) throw bad();
  if (edge === 'start') return kyivLocalToUtc(y, mo ?? 1, d ?? 1);
  // The end is inclusive: the start of the next day, month or year, minus nothing (compared with <).
  if (d !== null) return kyivLocalToUtc(y, mo!, d + 1);
  if (mo !== null) return kyivLocalToUtc(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1);
  return kyivLocalToUtc(y + 1, 1, 1);
}
