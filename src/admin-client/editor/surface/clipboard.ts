/**
 * Pasted HTML made clean before the writing surface parses it (ProseMirror's transformPastedHTML):
 * what is kept is paragraphs, headings, quotes (with their attribution), lists, images, links
 * (web and mail only), bold and italic, however the source wrote them: `<b>`, or a span styled
 * `font-weight:700` as Google Docs writes it, or Word's list paragraphs (`mso-list`). Everything
 * else goes: styles, classes, scripts, tracking spans, Google Docs' `docs-internal-guid` wrapper
 * (a `<b>` that is not bold), Word's `mso-` markup, its bullets and its conditional comments,
 * footnote numbers. A table, which our articles lack, is kept as its text, a paragraph a row.
 *
 * The source is read by DOMParser into a detached document (no script runs, nothing loads) and
 * a new, clean document is written from what was read; the schema's parse rules then read only
 * that. A copy from our own surface (ProseMirror marks it `data-pm-slice`) is already clean.
 */
import { isAllowedHref } from '../../../core/rich-text.js';

interface Fmt {
  bold: boolean;
  italic: boolean;
  href: string | null;
}
type Run = { text: string; fmt: Fmt } | 'br';
type Out =
  | { kind: 'p' | 'h2' | 'h3'; runs: Run[] }
  | { kind: 'quote'; runs: Run[]; attribution: string }
  | { kind: 'ul' | 'ol'; items: Run[][] }
  | { kind: 'figure'; src: string; alt: string; caption: Run[] };

/** A start tag, its quoted attribute values read whole (they may hold '>'). */
const START_TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+))?)*\s*\/?>/g;
const HANDLER = /\son[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+)/gi;
const STYLE = /\sstyle\s*=/gi;
/** Word puts a <style> element on the clipboard, which would be refused (and reported) the same way. */
const STYLE_ELEMENT = /<style\b[^>]*>[\s\S]*?<\/style\s*>/gi;

/**
 * The markup without style elements and event handlers, and with `style` renamed to `data-style`: read as data, not
 * applied. (The detached document inherits the page's Content-Security-Policy, and Chromium
 * reports every inline style it refuses: a paste from Word would fill the console.)
 */
function inert(source: string): string {
  return source.replace(STYLE_ELEMENT, '').replace(START_TAG, (tag) => tag.replace(HANDLER, '').replace(STYLE, ' data-style='));
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'meta', 'link', 'button', 'input', 'select', 'textarea', 'xml', 'video', 'audio', 'canvas']);
const BLOCKISH = new Set(['p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'dl', 'dt', 'dd', 'pre', 'hr', 'center', 'address', 'body', 'html', 'figcaption', 'li']);
const HEADINGS: Record<string, 'h2' | 'h3'> = { h1: 'h2', h2: 'h2', h3: 'h3', h4: 'h3', h5: 'h3', h6: 'h3' };

const styleOf = (el: Element) => (el.getAttribute('data-style') ?? '').toLowerCase().replace(/\s+/g, '');
const isWordBullet = (el: Element) => /mso-list:ignore/.test(styleOf(el));
const isWordListItem = (el: Element) => el.tagName === 'P' && (/mso-list:l\d/.test(styleOf(el)) || /^MsoListParagraph/i.test(el.getAttribute('class') ?? ''));

/**
 * A footnote's mark: a link within the document whose text is its number ('1', '[2]', 'iv', '*'),
 * as LibreOffice (`#sdfootnote1sym`) and Word (`#_ftn1`) write both the mark in the text and the
 * one before the note. Our articles have no footnotes: the mark goes, the note's text stays.
 */
const isNoteMark = (el: Element) => el.tagName === 'A' && (el.getAttribute('href') ?? '').trim().startsWith('#') && /^\[?\s*(\d{1,3}|[ivxlc]{1,6}|[*†‡])\s*\]?$/i.test((el.textContent ?? '').trim());

const isBlock = (tag: string) => BLOCKISH.has(tag) || tag in HEADINGS || tag === 'ul' || tag === 'ol' || tag === 'blockquote';

/**
 * The marks an element adds or takes away. A style makes bold or italic only on an inline element
 * (Google Docs' and Word's spans): on a block it is the source page's design, which Chromium copies
 * along as computed styles (a lead set in semibold, a quote in italics), not the author's emphasis.
 */
function fmtOf(el: Element, fmt: Fmt): Fmt {
  const tag = el.tagName.toLowerCase();
  const style = isBlock(tag) ? '' : styleOf(el);
  let { bold, italic, href } = fmt;
  if (tag === 'b' || tag === 'strong') bold = true;
  if (tag === 'i' || tag === 'em') italic = true;
  const weight = /font-weight:(\w+)/.exec(style)?.[1];
  if (weight) bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  const slant = /font-style:(\w+)/.exec(style)?.[1];
  if (slant) italic = slant === 'italic' || slant === 'oblique';
  if (tag === 'a') {
    const h = (el.getAttribute('href') ?? '').trim();
    href = isAllowedHref(h) ? h : null;
  }
  return { bold, italic, href };
}

class Reader {
  readonly out: Out[] = [];
  private runs: Run[] = [];
  private kind: 'p' | 'h2' | 'h3' = 'p';

  flush() {
    const runs = trim(this.runs);
    if (runs.length) this.out.push({ kind: this.kind, runs });
    this.runs = [];
    this.kind = 'p';
  }

  /** The inline content of an element as runs; blocks inside it become line breaks. */
  inline(el: Node, fmt: Fmt): Run[] {
    const saved = this.runs;
    this.runs = [];
    this.walkInline(el, fmt);
    const runs = trim(this.runs);
    this.runs = saved;
    return runs;
  }

  private walkInline(node: Node, fmt: Fmt) {
    node.childNodes.forEach((c) => {
      if (c.nodeType === Node.TEXT_NODE) return void this.text(c.textContent ?? '', fmt);
      if (c.nodeType !== Node.ELEMENT_NODE) return;
      const el = c as Element;
      const tag = el.tagName.toLowerCase();
      if (SKIP.has(tag) || isWordBullet(el) || isNoteMark(el) || tag === 'img') return;
      if (tag === 'br') return void this.runs.push('br');
      const block = isBlock(tag);
      if (block && this.runs.length && this.runs[this.runs.length - 1] !== 'br') this.runs.push('br');
      this.walkInline(el, fmtOf(el, fmt));
      if (block && this.runs.length && this.runs[this.runs.length - 1] !== 'br') this.runs.push('br');
    });
  }

  private text(s: string, fmt: Fmt) {
    const text = s.replace(/[ \t\r\n\f]+/g, ' ');
    if (text) this.runs.push({ text, fmt });
  }

  walk(node: Node, fmt: Fmt) {
    node.childNodes.forEach((c) => {
      if (c.nodeType === Node.TEXT_NODE) return void this.text(c.textContent ?? '', fmt);
      if (c.nodeType !== Node.ELEMENT_NODE) return;
      const el = c as Element;
      const tag = el.tagName.toLowerCase();
      if (SKIP.has(tag) || isWordBullet(el) || isNoteMark(el)) return;
      if (tag === 'br') return void this.runs.push('br');
      if (isWordListItem(el)) return this.wordItem(el, fmt);
      if (tag in HEADINGS) {
        this.flush();
        this.kind = HEADINGS[tag]!;
        this.runs = this.inline(el, fmtOf(el, fmt));
        return this.flush();
      }
      if (tag === 'blockquote' || /^Mso(Intense)?Quote/i.test(el.getAttribute('class') ?? '')) return this.quote(el, fmt);
      if (tag === 'ul' || tag === 'ol') return this.list(el, tag, fmt);
      if (tag === 'figure' || tag === 'img') return this.figure(el, fmt);
      if (tag === 'table') return this.table(el, fmt);
      if (BLOCKISH.has(tag)) {
        this.flush();
        this.walk(el, fmtOf(el, fmt));
        return this.flush();
      }
      this.walk(el, fmtOf(el, fmt));
    });
  }

  private quote(el: Element, fmt: Fmt) {
    this.flush();
    const by = el.querySelector('footer, cite');
    const attribution = by ? (by.textContent ?? '').replace(/\s+/g, ' ').trim().replace(/^[–—-]\s*/, '') : '';
    by?.remove();
    const runs = unquote(this.inline(el, fmtOf(el, fmt)));
    if (runs.length) this.out.push({ kind: 'quote', runs, attribution });
  }

  private list(el: Element, tag: 'ul' | 'ol', fmt: Fmt) {
    this.flush();
    const items: Run[][] = [];
    // Our lists are flat: a nested list's items follow their parent's.
    const collect = (list: Element) => {
      for (const li of list.children) {
        if (li.tagName !== 'LI') continue;
        const nested = [...li.children].filter((x) => x.tagName === 'UL' || x.tagName === 'OL');
        nested.forEach((n) => n.remove());
        const runs = this.inline(li, fmtOf(li, fmt));
        if (runs.length) items.push(runs);
        nested.forEach(collect);
      }
    };
    collect(el);
    if (items.length) this.out.push({ kind: tag, items });
  }

  /**
   * A table, which our articles do not have: each row is a paragraph of its cells' text, between
   * vertical bars ('Київська | 12'), so that no row is torn into a paragraph per cell.
   */
  private table(el: Element, fmt: Fmt) {
    this.flush();
    const rows = [...el.querySelectorAll('tr')].filter((tr) => tr.closest('table') === el);
    for (const tr of rows) {
      const cells = [...tr.children].filter((c) => c.tagName === 'TD' || c.tagName === 'TH').map((c) => this.inline(c, fmtOf(c, fmt))).filter((runs) => runs.length);
      const runs = cells.flatMap((cell, i): Run[] => (i ? [{ text: ' | ', fmt: { bold: false, italic: false, href: null } }, ...cell] : cell));
      if (runs.length) this.out.push({ kind: 'p', runs });
    }
  }

  /** A Word list paragraph: its bullet says whether the list is numbered; neighbours join one list. */
  private wordItem(el: Element, fmt: Fmt) {
    this.flush();
    const bullet = [...el.querySelectorAll('[data-style]')].find(isWordBullet)?.textContent ?? '';
    const kind = /^\s*(\d+|[a-zа-я]|[ivxlc]+)[.)]/i.test(bullet) ? 'ol' : 'ul';
    const runs = this.inline(el, fmtOf(el, fmt));
    const last = this.out[this.out.length - 1];
    if (!runs.length) return;
    if (last && last.kind === kind) last.items.push(runs);
    else this.out.push({ kind, items: [runs] });
  }

  private figure(el: Element, fmt: Fmt) {
    this.flush();
    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
    if (!img) return this.walk(el, fmt);
    // A tracking pixel is no photo.
    if (['width', 'height'].some((d) => /^[0-2]$/.test(img.getAttribute(d) ?? ''))) return;
    const src = (img.getAttribute('src') ?? '').trim();
    const caption = el.querySelector('figcaption');
    const alt = (img.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
    this.out.push({ kind: 'figure', src: /^https:\/\//i.test(src) ? src : '', alt, caption: caption ? this.inline(caption, fmt) : [] });
  }
}

/** Runs without line breaks or spaces at either end; none when they hold nothing but spaces. */
function trim(runs: Run[]): Run[] {
  const blank = (r: Run | undefined) => r === 'br' || !r?.text.trim();
  if (runs.every((r) => r === 'br' || !r.text.replace(/\u00a0/g, ' ').trim())) return [];
  const out = [...runs];
  while (blank(out[0])) out.shift();
  while (blank(out[out.length - 1])) out.pop();
  const first = out[0] as Exclude<Run, 'br'>;
  out[0] = { ...first, text: first.text.trimStart() };
  const last = out[out.length - 1] as Exclude<Run, 'br'>;
  out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out;
}

/** A quote's own quotation marks go: the page sets them. */
function unquote(runs: Run[]): Run[] {
  const first = runs[0];
  const last = runs[runs.length - 1];
  if (first && last && first !== 'br' && last !== 'br' && first.text.startsWith('«') && last.text.endsWith('»')) {
    runs[0] = { ...first, text: first.text.slice(1) };
    const l = runs[runs.length - 1] as { text: string; fmt: Fmt };
    runs[runs.length - 1] = { ...l, text: l.text.slice(0, -1) };
  }
  return runs;
}

function writeRuns(doc: Document, parent: Element, runs: Run[]) {
  for (const r of runs) {
    if (r === 'br') {
      parent.append(doc.createElement('br'));
      continue;
    }
    let node: Node = doc.createTextNode(r.text);
    if (r.fmt.italic) node = wrap(doc, 'em', node);
    if (r.fmt.bold) node = wrap(doc, 'strong', node);
    if (r.fmt.href) {
      const a = wrap(doc, 'a', node);
      a.setAttribute('href', r.fmt.href);
      node = a;
    }
    parent.append(node);
  }
}

function wrap(doc: Document, tag: string, child: Node): Element {
  const el = doc.createElement(tag);
  el.append(child);
  return el;
}

function write(doc: Document, o: Out): Element {
  switch (o.kind) {
    case 'ul':
    case 'ol': {
      const list = doc.createElement(o.kind);
      for (const item of o.items) writeRuns(doc, list.appendChild(doc.createElement('li')), item);
      return list;
    }
    case 'quote': {
      const q = doc.createElement('blockquote');
      if (o.attribution) q.setAttribute('data-attribution', o.attribution);
      writeRuns(doc, q.appendChild(doc.createElement('p')), o.runs);
      return q;
    }
    case 'figure': {
      const f = doc.createElement('figure');
      const img = f.appendChild(doc.createElement('img'));
      if (o.src) img.setAttribute('src', o.src);
      img.setAttribute('alt', o.alt);
      writeRuns(doc, f.appendChild(doc.createElement('figcaption')), o.caption.length ? o.caption : o.alt ? [{ text: o.alt, fmt: { bold: false, italic: false, href: null } }] : []);
      return f;
    }
    default: {
      const el = doc.createElement(o.kind);
      writeRuns(doc, el, o.runs);
      return el;
    }
  }
}

/** Clean markup for pasted markup (see the top of this file). */
export function cleanPastedHtml(source: string): string {
  const safe = inert(source);
  if (/\sdata-pm-slice=/.test(source)) return safe.replace(/\sdata-style=(?:"[^"]*"|'[^']*'|[^\s"'<>`]+)/gi, '');
  const from = new DOMParser().parseFromString(safe, 'text/html');
  const reader = new Reader();
  reader.walk(from.body, { bold: false, italic: false, href: null });
  reader.flush();
  const doc = document.implementation.createHTMLDocument('');
  for (const o of reader.out) doc.body.append(write(doc, o));
  return doc.body.innerHTML;
}
