import type { Block } from '../model.js';
import { errors } from '../errors.js';
import { ARTICLE_LIMITS as L, NAME_LIMITS, tooLong, tooMany } from '../limits.js';
import { plainText, richText } from '../rich-text.js';
import { controlCharacterIn } from '../untrusted-text.js';

/**
 * The plain-text article format, as a news site prints an article (see demo/README.md):
 *
 *    date 2026-01-07 [14:05] Головна Світ Політика
 *   Headline
 *   <blank>
 *   Author[, Co-author]
 *   source
 *   Author (again: byline and author card)
 *   [photo caption
 *   фото: credit]
 *   <blank>
 *   Lead paragraph
 *   <blank>
 *   Body paragraphs separated by blank lines; «quote», – attribution; Нагадаємо, … recap
 *   <blank>
 *   Теги: tags separated by single spaces
 *
 * Parsing is pure: it names the file and line of the first thing it cannot read or that is over
 * the editor's limits (core/limits.ts), and leaves the grouping of breadcrumb and tag words
 * (which needs known names), and so the limits on sections and tags, to the importer.
 */
export interface ParsedPlainArticle {
  date: { year: number; month: number; day: number; hour: number | null; minute: number | null };
  /** Breadcrumb words after 'Головна'; multi-word section names are grouped later. */
  sectionWords: string[];
  title: string;
  authors: string[];
  source: string | null;
  photo: { caption: string; credit: string } | null;
  lead: string;
  body: Block[];
  /** The 'Нагадаємо, …' paragraph and those after it (plain text: the format has no marks), or null. */
  recap: string[] | null;
  tagWords: string[];
  /** The line of 'Теги:', for the importer's errors about tags; null without one. */
  tagLine: number | null;
}

interface Paragraph {
  text: string;
  line: number;
}

const DATE_LINE = /^date\s+(\d{4})-(\d{2})-(\d{2})(?:\s+(\d{1,2}):(\d{2}))?(?:\s+(.*))?$/;
const CREDIT_LINE = /^фото\s*:\s*(.*)$/i;
const TAGS_LINE = /^Теги\s*:\s*(.*)$/;
const RECAP_START = /^Нагадаємо[,:\s]/;
const HOME_CRUMB = 'Головна';

export function parsePlainArticle(input: string, file: string): ParsedPlainArticle {
  const fail = (line: number, message: string) => errors.importFormat(file, line, message);
  const content = input.replace(/^\uFEFF/, '').normalize('NFC');
  const control = controlCharacterIn(content);
  if (control) throw fail(control.line, control.message);
  const lines = content.split(/\r\n|\r|\n/);
  const limit = (line: number, what: string, text: string, max: number) => {
    if (text.length > max) throw fail(line, tooLong(what, text.length, max));
  };

  const first = (lines[0] ?? '').trim();
  const dm = DATE_LINE.exec(first);
  if (!dm) throw fail(1, `expected ' date YYYY-MM-DD' and the section path (e.g. ' date 2026-01-07 Головна Світ Політика'), found '${clip(first)}'`);
  const date = {
    year: Number(dm[1]),
    month: Number(dm[2]),
    day: Number(dm[3]),
    hour: dm[4] === undefined ? null : Number(dm[4]),
    minute: dm[5] === undefined ? null : Number(dm[5]),
  };
  if (!isRealDate(date.year, date.month, date.day)) throw fail(1, `'${dm[1]}-${dm[2]}-${dm[3]}' is not a date`);
  if (date.hour !== null && (date.hour > 23 || (date.minute ?? 0) > 59)) throw fail(1, `'${dm[4]}:${dm[5]}' is not a time of day`);
  const crumbs = (dm[6] ?? '').split(/\s+/).filter(Boolean);
  const sectionWords = crumbs[0] === HOME_CRUMB ? crumbs.slice(1) : crumbs;

  const title = (lines[1] ?? '').trim();
  if (!title) throw fail(2, 'expected the headline on the second line');
  limit(2, 'the headline', title, L.title);
  if ((lines[2] ?? '').trim() !== '') throw fail(3, 'expected a blank line after the headline');

  let i = 3;
  const meta: Paragraph[] = [];
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) meta.push({ text: lines[i]!.trim(), line: i + 1 });
  if (meta.length === 0) throw fail(4, 'expected the author and the source after the headline');
  const { authors, source, photo } = parseMeta(meta, fail);

  const paragraphs = splitParagraphs(lines, i);
  let tagWords: string[] = [];
  const last = paragraphs[paragraphs.length - 1];
  const tm = last ? TAGS_LINE.exec(last.text) : null;
  const tagLine = tm ? last!.line : null;
  if (tm) {
    tagWords = tm[1]!.split(/\s+/).filter(Boolean);
    paragraphs.pop();
  }
  const strayTags = paragraphs.find((p) => TAGS_LINE.test(p.text));
  if (strayTags) throw fail(strayTags.line, "the 'Теги:' line must be the last one");

  const leadParagraph = paragraphs.shift();
  if (!leadParagraph) throw fail(lines.length, 'expected the lead paragraph after the byline');
  const recapAt = paragraphs.findIndex((p) => RECAP_START.test(p.text));
  const recapParagraphs = recapAt >= 0 ? paragraphs.splice(recapAt) : [];
  limit(leadParagraph.line, 'the lead', leadParagraph.text, L.lead);
  const body = paragraphs.map((p) => toBlock(p.text));
  if (body.length > L.blocks) throw fail(paragraphs[L.blocks]!.line, tooMany('paragraphs in the body', body.length, L.blocks));
  body.forEach((b, k) => {
    const line = paragraphs[k]!.line;
    if (b.type === 'quote') {
      limit(line, 'the quotation', plainText(b.content), L.quote);
      limit(line, 'who is quoted', b.attribution ?? '', L.attribution);
    } else if (b.type === 'paragraph') limit(line, 'the paragraph', plainText(b.content), L.paragraph);
  });
  if (recapParagraphs.length > L.recapParagraphs) throw fail(recapParagraphs[L.recapParagraphs]!.line, tooMany('recap paragraphs', recapParagraphs.length, L.recapParagraphs));
  for (const p of recapParagraphs) limit(p.line, 'the recap paragraph', p.text, L.recapParagraph);

  return {
    date,
    sectionWords,
    title,
    authors,
    source,
    photo,
    lead: leadParagraph.text,
    body,
    recap: recapParagraphs.length ? recapParagraphs.map((p) => p.text) : null,
    tagWords,
    tagLine,
  };
}

function parseMeta(meta: Paragraph[], fail: (line: number, message: string) => Error) {
  let photo: ParsedPlainArticle['photo'] = null;
  let rest = meta;
  const at = { source: 0, caption: 0, credit: 0 };
  const creditAt = meta.findIndex((m) => CREDIT_LINE.test(m.text));
  if (creditAt >= 0) {
    const creditLine = meta[creditAt]!;
    const credit = CREDIT_LINE.exec(creditLine.text)![1]!.trim();
    if (!credit) throw fail(creditLine.line, "the photo credit after 'фото:' is empty");
    const after = meta[creditAt + 1];
    if (after) throw fail(after.line, `unexpected line after the photo credit: '${clip(after.text)}'`);
    const captionLine = meta[creditAt - 1];
    // The caption is the line before the credit, unless that line is the byline itself.
    const hasCaption = captionLine !== undefined && creditAt - 1 > 0 && captionLine.text !== meta[0]!.text;
    photo = { caption: hasCaption ? captionLine.text : '', credit };
    at.credit = creditLine.line;
    at.caption = hasCaption ? captionLine.line : 0;
    rest = meta.slice(0, hasCaption ? creditAt - 1 : creditAt);
  }
  const byline = rest[0]!.text;
  let source: string | null = null;
  for (const m of rest.slice(1)) {
    if (m.text === byline) continue;
    if (source === null) {
      source = m.text;
      at.source = m.line;
    } else throw fail(m.line, `unexpected line in the byline block: '${clip(m.text)}' (expected author, source, author${photo ? '' : ', photo caption and фото: credit'})`);
  }
  const authors = byline.split(/\s*,\s*|\s+(?:та|і|й)\s+/).map((a) => a.trim()).filter(Boolean);
  // The editor's limits: authors, source, photo caption (also its alt text) and credit.
  const bylineLine = meta[0]!.line;
  if (authors.length > L.authors) throw fail(bylineLine, tooMany('authors', authors.length, L.authors));
  const long = authors.find((a) => a.length > NAME_LIMITS.author);
  if (long) throw fail(bylineLine, tooLong("an author's name", long.length, NAME_LIMITS.author));
  if (source && source.length > L.source) throw fail(at.source, tooLong('the source', source.length, L.source));
  if (photo && photo.caption.length > L.caption) throw fail(at.caption, tooLong('the photo caption', photo.caption.length, L.caption));
  if (photo && photo.credit.length > L.credit) throw fail(at.credit, tooLong('the photo credit', photo.credit.length, L.credit));
  return { authors, source, photo };
}

/** Blank lines separate paragraphs; lines within one paragraph are joined by a space. */
function splitParagraphs(lines: string[], from: number): Paragraph[] {
  const out: Paragraph[] = [];
  let current: Paragraph | null = null;
  for (let i = from; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text) {
      current = null;
      continue;
    }
    if (current) current.text += ` ${text}`;
    else out.push((current = { text, line: i + 1 }));
  }
  return out;
}

/**
 * A paragraph that opens with « and whose matching » ends it, or is followed only by a dash
 * and who said it, is a quotation; «Главком» пише… is an ordinary paragraph. The format is
 * plain: its text becomes unmarked runs (lines were joined by spaces, so there are no breaks).
 */
export function toBlock(text: string): Block {
  if (!text.startsWith('«')) return { type: 'paragraph', content: richText(text) };
  let depth = 0;
  let close = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '«') depth++;
    else if (ch === '»' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return { type: 'paragraph', content: richText(text) };
  const quoted = text.slice(1, close).trim();
  // A name in quotes («Укренерго» – оператор системи – повідомило…) is not a statement.
  if (quoted.split(/\s+/).length < 3) return { type: 'paragraph', content: richText(text) };
  const tail = text.slice(close + 1).trim();
  if (tail === '' || tail === '.') return { type: 'quote', content: richText(quoted) };
  const am = /^,?\s*[–—-]\s*([^–—«»]+?)\.?$/.exec(tail);
  if (am) return { type: 'quote', content: richText(quoted), attribution: am[1]! };
  return { type: 'paragraph', content: richText(text) };
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
