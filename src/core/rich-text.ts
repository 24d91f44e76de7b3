/**
 * Rich text (marks on text runs, contract/model.ts) as plain values: its plain text, the rich
 * text of a plain string, and its one normal form. Pure: no Node, no DOM; the newsroom's editor
 * imports it too.
 */
import type { Block, Inline, LinkAttrs, Mark, Recap, RichText, TextRun } from '../contract/model.js';

/** The text a reader reads: runs joined, line breaks as '\n'. Search, snippets and counts use it. */
export function plainText(rt: RichText): string {
  let out = '';
  for (const n of rt) out += n.type === 'text' ? n.text : '\n';
  return out;
}

/** A plain string as rich text: one unmarked run, or nothing for an empty string ('\n' stays a break). */
export function richText(text: string): RichText {
  const out: Inline[] = [];
  text.split('\n').forEach((line, i) => {
    if (i > 0) out.push({ type: 'hardBreak' });
    if (line) out.push({ type: 'text', text: line });
  });
  return out;
}

/** True when rich text reads as nothing but spaces. */
export const isBlank = (rt: RichText) => !plainText(rt).trim();

const MARK_ORDER: Record<Mark['type'], number> = { link: 0, bold: 1, italic: 2 };

function sameLink(a: LinkAttrs, b: LinkAttrs): boolean {
  return a.href === b.href && a.articleId === b.articleId;
}

function sameMarks(a: readonly Mark[] | undefined, b: readonly Mark[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((m, i) => {
    const n = y[i]!;
    return m.type === n.type && (m.type !== 'link' || (n.type === 'link' && sameLink(m.attrs, n.attrs)));
  });
}

/**
 * The one form rich text is stored in: no empty runs, adjacent runs with the same marks joined,
 * each run's marks unique by type and in the order link, bold, italic, `marks` absent when
 * empty, no line break at either end.
 */
export function normalize(rt: RichText): RichText {
  const out: Inline[] = [];
  for (const n of rt) {
    if (n.type === 'hardBreak') {
      out.push({ type: 'hardBreak' });
      continue;
    }
    if (!n.text) continue;
    const seen = new Map<Mark['type'], Mark>();
    for (const m of n.marks ?? []) if (!seen.has(m.type)) seen.set(m.type, m);
    const marks = [...seen.values()].sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type]);
    const prev = out[out.length - 1];
    if (prev?.type === 'text' && sameMarks(prev.marks, marks)) {
      prev.text += n.text;
      continue;
    }
    const run: TextRun = { type: 'text', text: n.text };
    if (marks.length) run.marks = marks.map((m) => (m.type === 'link' ? { type: 'link', attrs: { ...m.attrs } } : { type: m.type }));
    out.push(run);
  }
  while (out[0]?.type === 'hardBreak') out.shift();
  while (out[out.length - 1]?.type === 'hardBreak') out.pop();
  return out;
}

/** The link of a run, if it has one. */
export function linkOf(n: Inline): LinkAttrs | null {
  if (n.type !== 'text') return null;
  const m = n.marks?.find((k) => k.type === 'link');
  return m?.type === 'link' ? m.attrs : null;
}

/** The ids of the articles rich text links to, each once, in order of first appearance. */
export function linkedArticleIds(texts: Iterable<RichText>): number[] {
  const ids = new Set<number>();
  for (const rt of texts) for (const n of rt) {
    const l = linkOf(n);
    if (l?.articleId != null) ids.add(l.articleId);
  }
  return [...ids];
}

/** Addresses a link may have: the web and mail, never javascript:, data: or a relative path. */
export function isAllowedHref(href: string): boolean {
  return /^(https?:\/\/[^\s/?#]+[^\s]*|mailto:[^\s]+)$/i.test(href);
}

/** The rich texts a body block holds (content, caption, list items), in reading order. */
export function blockRichTexts(b: Block): RichText[] {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
    case 'quote':
      return [b.content];
    case 'image':
      return b.caption ? [b.caption] : [];
    case 'list':
      return b.items;
    case 'embed':
    case 'social':
      return [];
  }
}

/** Every rich text of an article's body and recap: what links and plain text are read from. */
export function articleRichTexts(body: readonly Block[], recap: Recap | null | undefined): RichText[] {
  return [...body.flatMap(blockRichTexts), ...(recap?.paragraphs ?? [])];
}

/** A block with each of its rich texts replaced by `f` of it (a block without rich text is returned as is). */
export function mapBlockRichText<B extends Block>(b: B, f: (rt: RichText) => RichText): B {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
    case 'quote':
      return { ...b, content: f(b.content) };
    case 'image':
      return b.caption ? { ...b, caption: f(b.caption) } : b;
    case 'list':
      return { ...b, items: b.items.map(f) };
    default:
      return b;
  }
}

/**
 * A block's text as a reader reads it, without markup: search, snippets, counts. A quote's
 * attribution, an image's alt and an embed's title are read too; a social post its account and
 * quoted text (who said it is found as well as what: 'Зеленський Telegram').
 */
export function blockPlainText(b: Block): string {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
      return plainText(b.content);
    case 'quote':
      return `${plainText(b.content)} ${b.attribution ?? ''}`;
    case 'list':
      return b.items.map(plainText).join(' ');
    case 'image':
      return `${b.caption ? plainText(b.caption) : ''} ${b.alt ?? ''}`;
    case 'embed':
      return b.title ?? '';
    case 'social':
      return `${b.accountName} ${b.handle} ${b.text}`;
  }
}

/** Every article an article's fields link to: its recap's links, then those in its text; each once. */
export function linkedArticles(a: { body: readonly Block[]; recap: Recap | null | undefined }): number[] {
  return [...new Set([...(a.recap?.articleIds ?? []), ...linkedArticleIds(articleRichTexts(a.body, a.recap))])];
}

/** Rich text without its links to these articles (their text stays, unlinked). */
export function withoutLinksTo(rt: RichText, ids: ReadonlySet<number>): RichText {
  return normalize(rt.map((n) => (n.type === 'text' && n.marks ? { ...n, marks: n.marks.filter((m) => m.type !== 'link' || m.attrs.articleId === null || !ids.has(m.attrs.articleId)) } : n)));
}

/**
 * Rich text with `mark` added to the first occurrence of `phrase` within one run (the run split
 * around it), or null when no run holds it.
 */
export function markPhrase(rt: RichText, phrase: string, mark: Mark): RichText | null {
  const at = rt.findIndex((n) => n.type === 'text' && n.text.includes(phrase));
  if (at < 0 || !phrase) return null;
  const n = rt[at] as TextRun;
  const i = n.text.indexOf(phrase);
  const piece = (text: string, marks: Mark[] | undefined): TextRun[] => (text ? [{ type: 'text', text, ...(marks?.length ? { marks } : {}) }] : []);
  const parts = [...piece(n.text.slice(0, i), n.marks), ...piece(phrase, [...(n.marks ?? []), mark]), ...piece(n.text.slice(i + phrase.length), n.marks)];
  return normalize([...rt.slice(0, at), ...parts, ...rt.slice(at + 1)]);
}
