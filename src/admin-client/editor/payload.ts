/**
 * The form's fields as they are sent, and as they are compared (a working copy against the
 * stored article, three versions in a conflict). Pure: no DOM, so that tests compile it for Node.
 */
import type { ArticleDraft, ArticleFields, Block, FormBlock, SocialPostBlock } from './types.js';

/**
 * A block that is only a placeholder: a pasted image not uploaded yet, an embed without its
 * address, a social post without its address, account or words (just pasted and still being
 * read from the platform, or being filled in by hand).
 */
export const isPlaceholder = (b: Block): boolean =>
  (b.type === 'image' && !b.mediaId) || ((b.type === 'embed' || b.type === 'social') && !b.url.trim()) || (b.type === 'social' && !socialPostReady(b));

/** A post the server takes: whose it is, and what it says or shows. */
const socialPostReady = (b: SocialPostBlock) => b.accountName.trim() !== '' && (b.text.trim() !== '' || b.media !== null);

/**
 * What is sent: placeholders stay in the editor and its local copy until they are complete.
 * Sent, a post being filled in made the server refuse the whole article, autosaves and Ctrl+S alike.
 */
export function payloadOf(f: ArticleDraft): ArticleFields {
  return { ...f, body: f.body.filter((b) => !isPlaceholder(b)).map(cleanBlock) };
}

/** A complete block as it is sent (its optional texts trimmed, left out when empty). */
export function cleanBlock(b: Block): FormBlock {
  if (b.type === 'image') return { type: 'image', mediaId: b.mediaId!, caption: b.caption ?? [], credit: (b.credit ?? '').trim(), alt: (b.alt ?? '').trim() };
  if (b.type === 'quote') return b.attribution?.trim() ? { type: 'quote', content: b.content, attribution: b.attribution.trim() } : { type: 'quote', content: b.content };
  if (b.type === 'embed') return b.title?.trim() ? { type: 'embed', url: b.url.trim(), title: b.title.trim() } : { type: 'embed', url: b.url.trim() };
  return b;
}

/** A value as text that is the same whatever the order of its objects' keys (the server's parse may order them its own way). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The same content, whatever the order of keys. */
export function sameFields(a: ArticleDraft, b: ArticleDraft): boolean {
  return canonical(payloadOf(a)) === canonical(payloadOf(b));
}

/** The fields a writer edits, out of a stored article (its id, status and times left out). */
export function fieldsOf(a: ArticleFields): ArticleFields {
  const { title, subtitle, lead, body, sectionId, authorIds, tagIds, source, photo, recap, isMain, isBreaking, slug } = a;
  return { title, subtitle, lead, body, sectionId, authorIds, tagIds, source, photo, recap, isMain, isBreaking, slug };
}
