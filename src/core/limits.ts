import type { RichText } from '../contract/model.js';
import { plainText } from './rich-text.js';

/**
 * How much an article may hold. Rich text is held to its plain text's length (what a reader
 * reads), whatever its marks. The editor's schema (services/newsroom/articles.ts) and both
 * imports (plain text and the JSON export) check these same numbers, so that nothing can be
 * stored that the newsroom could not then save, publish or take down. Lengths are counted as
 * JavaScript (and zod) count them: UTF-16 code units, which for Ukrainian text are characters.
 *
 * They are not configurable: raising one means the editor accepts it too, a change of the code
 * made here. What an import may read (its file size) is configurable: see ImportLimits.
 */
export const ARTICLE_LIMITS = {
  title: 300,
  subtitle: 300,
  lead: 3_000,
  source: 300,
  slug: 200,
  /** Blocks of the body. */
  blocks: 1_000,
  paragraph: 20_000,
  heading: 500,
  quote: 5_000,
  attribution: 300,
  caption: 1_000,
  credit: 300,
  alt: 1_000,
  listItems: 200,
  listItem: 2_000,
  embedUrl: 2_000,
  embedTitle: 300,
  /** A link's address in rich text. */
  href: 2_000,
  /** A quoted social post: its text, its account's name and handle, its address. */
  socialText: 10_000,
  socialAccount: 200,
  socialHandle: 100,
  socialUrl: 2_000,
  authors: 20,
  tags: 60,
  recapParagraphs: 20,
  recapParagraph: 5_000,
  recapLinks: 30,
  /** A correction's or update's note, shown below the body. */
  correctionNote: 2_000,
  /** Corrections and updates marked on one article. */
  corrections: 200,
} as const;

/** Names of the records an article links to, as the newsroom's forms accept them. */
export const NAME_LIMITS = { section: 120, tag: 120, author: 200 } as const;

/** Sections nest this deep at most ('Україна › Економіка › Енергетика'): URLs and menus assume it. */
export const MAX_SECTION_DEPTH = 3;

/** What an import reads before it looks at the content: a bound on memory, and on what a page can become. */
export interface ImportLimits {
  /** The largest plain-text article file; a larger one is refused unread (IMPORT_MAX_FILE_KB). */
  maxFileBytes: number;
  /** The largest photo beside an article (MAX_UPLOAD_MB, as for an upload). */
  maxPhotoBytes: number;
  /** The longest record (one line) of a JSON export: an article with all its revisions. */
  maxRecordBytes: number;
}

/**
 * 512 KB holds a long read several times over (the reference article is 6 KB), and stays below
 * the newsroom's 1 MB request limit, so an imported article can still be saved from the editor.
 */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 512 * 1024,
  maxPhotoBytes: 20 * 1024 * 1024,
  maxRecordBytes: 64 * 1024 * 1024,
};

/** A text over its limit, in the words of an import error. */
export const tooLong = (what: string, length: number, max: number) =>
  `${what} is ${length.toLocaleString('en')} characters long; at most ${max.toLocaleString('en')} are allowed`;

/** A list over its limit. */
export const tooMany = (what: string, count: number, max: number) => `${count.toLocaleString('en')} ${what}; at most ${max.toLocaleString('en')} are allowed`;

/** An article's fields as both imports see them (the editor's own shape, loosely typed). */
export interface LimitedArticle {
  title: string;
  subtitle?: string | null;
  slug?: string;
  lead: string;
  source: string | null;
  body: ReadonlyArray<{ type: string; [k: string]: unknown }>;
  photo: { caption?: string | null; credit?: string | null; alt?: string | null } | null;
  recap: { paragraphs: readonly unknown[]; articleIds?: readonly unknown[] } | null;
  authorCount: number;
  tagCount: number;
}

/**
 * The first field of an article over the editor's limits, as a path ('body[4].text') and what
 * is wrong; null when it fits. A block of a type the editor does not know is refused too.
 */
export function articleOverLimit(a: LimitedArticle): { field: string; message: string } | null {
  const L = ARTICLE_LIMITS;
  const text = (field: string, value: unknown, max: number) => (lengthOf(value) > max ? { field, message: tooLong(field, lengthOf(value), max) } : null);
  const count = (field: string, n: number, max: number, what: string) => (n > max ? { field, message: tooMany(what, n, max) } : null);
  const first = (...checks: Array<() => { field: string; message: string } | null>) => {
    for (const c of checks) {
      const r = c();
      if (r) return r;
    }
    return null;
  };
  return first(
    () => text('title', a.title, L.title),
    () => text('subtitle', a.subtitle, L.subtitle),
    () => text('slug', a.slug, L.slug),
    () => text('lead', a.lead, L.lead),
    () => text('source', a.source, L.source),
    () => count('body', a.body.length, L.blocks, 'blocks in the body'),
    () => {
      for (const [i, b] of a.body.entries()) {
        const r = blockOverLimit(b, `body[${i}]`);
        if (r) return r;
      }
      return null;
    },
    () => text('photo.caption', a.photo?.caption, L.caption),
    () => text('photo.credit', a.photo?.credit, L.credit),
    () => text('photo.alt', a.photo?.alt, L.alt),
    () => count('recap.paragraphs', a.recap?.paragraphs.length ?? 0, L.recapParagraphs, 'recap paragraphs'),
    () => {
      for (const [i, p] of (a.recap?.paragraphs ?? []).entries()) {
        const r = text(`recap.paragraphs[${i}]`, p, L.recapParagraph);
        if (r) return r;
      }
      return null;
    },
    () => count('recap.articleIds', a.recap?.articleIds?.length ?? 0, L.recapLinks, 'recap links'),
    () => count('authorIds', a.authorCount, L.authors, 'authors'),
    () => count('tagIds', a.tagCount, L.tags, 'tags'),
  );
}

/** One body block against the editor's limit for its type. */
export function blockOverLimit(b: { type: string; [k: string]: unknown }, at: string): { field: string; message: string } | null {
  const L = ARTICLE_LIMITS;
  const text = (key: string, max: number) => {
    const n = lengthOf(b[key]);
    return n > max ? { field: `${at}.${key}`, message: tooLong(`${at}.${key}`, n, max) } : null;
  };
  switch (b.type) {
    case 'paragraph':
      return text('content', L.paragraph);
    case 'heading':
      return text('content', L.heading);
    case 'quote':
      return text('content', L.quote) ?? text('attribution', L.attribution);
    case 'image':
      return text('caption', L.caption) ?? text('credit', L.credit) ?? text('alt', L.alt);
    case 'list': {
      const items = Array.isArray(b.items) ? (b.items as unknown[]) : [];
      if (items.length > L.listItems) return { field: `${at}.items`, message: tooMany('list items', items.length, L.listItems) };
      const long = items.findIndex((x) => lengthOf(x) > L.listItem);
      return long < 0 ? null : { field: `${at}.items[${long}]`, message: tooLong(`${at}.items[${long}]`, lengthOf(items[long]), L.listItem) };
    }
    case 'embed':
      return text('url', L.embedUrl) ?? text('title', L.embedTitle);
    case 'social': {
      const media = (b.media ?? {}) as Record<string, unknown>;
      const inMedia = (key: string, max: number) => {
        const v = media[key];
        return typeof v === 'string' && v.length > max ? { field: `${at}.media.${key}`, message: tooLong(`${at}.media.${key}`, v.length, max) } : null;
      };
      return text('url', L.socialUrl) ?? text('accountName', L.socialAccount) ?? text('handle', L.socialHandle) ?? text('text', L.socialText) ?? inMedia('alt', L.alt) ?? inMedia('credit', L.credit);
    }
    default:
      return { field: `${at}.type`, message: `'${b.type}' is not a kind of block the editor knows (paragraph, heading, quote, image, list, embed, social)` };
  }
}

/** How long a text is to a reader: a string's length, rich text's plain text's; 0 for anything else. */
function lengthOf(v: unknown): number {
  if (typeof v === 'string') return v.length;
  return Array.isArray(v) && v.every((n) => n && typeof n === 'object') ? plainText(v as RichText).length : 0;
}
