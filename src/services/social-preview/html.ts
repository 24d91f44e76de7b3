/*
 * The little of HTML a post's page is read for: its <meta> tags, the text of one element, an
 * attribute. Not a parser: the pages read are the platforms' own, their shapes known, and what
 * is taken from them is text that the editor checks and our pages escape. Anything this misreads
 * leaves a field empty for the editor to fill.
 */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', mdash: '—', ndash: '–', hellip: '…',
  laquo: '«', raquo: '»', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', copy: '©',
};

/** Character references decoded; an unknown name is left as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** A start tag's attributes, names lower-cased, values decoded. */
export function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const inner = tag.replace(/^<[a-z0-9-]+/i, '').replace(/\/?>$/, '');
  for (const m of inner.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    const name = m[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

/** `<meta property|name|itemprop=KEY content=…>` as KEY (lower case) → content; the first of each key wins. */
export function metaTags(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const a = attributes(tag);
    const key = (a.get('property') ?? a.get('name') ?? a.get('itemprop'))?.toLowerCase();
    const content = a.get('content');
    if (key && content !== undefined && !out.has(key)) out.set(key, content.trim());
  }
  return out;
}

/** A page without its scripts and styles, whose strings may look like markup. */
export const withoutScripts = (html: string) => html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');

/** Markup as the text a reader sees: line breaks and paragraphs kept, tags and scripts dropped, references decoded. */
export function htmlToText(fragment: string): string {
  const text = withoutScripts(fragment)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|blockquote|li)\s*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The first element `tag` whose class list has `className`: its start tag and its inner HTML,
 * up to the end tag that closes it (elements of the same name nest inside).
 */
export function elementWithClass(html: string, tag: string, className: string): { start: string; inner: string } | null {
  const open = new RegExp(`<${tag}\\b[^>]*>`, 'gi');
  for (const m of html.matchAll(open)) {
    const classes = (attributes(m[0]).get('class') ?? '').split(/\s+/);
    if (!classes.includes(className)) continue;
    const from = m.index! + m[0].length;
    const tokens = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
    tokens.lastIndex = from;
    let depth = 1;
    for (let t = tokens.exec(html); t; t = tokens.exec(html)) {
      depth += t[1] ? -1 : t[0].endsWith('/>') ? 0 : 1;
      if (depth === 0) return { start: m[0], inner: html.slice(from, t.index) };
    }
    return { start: m[0], inner: html.slice(from) };
  }
  return null;
}
