/**
 * Our blocks (contract/model.ts) and the writing surface's document (schema.ts, as ProseMirror's
 * JSON), both ways. Inline content is the same JSON on both sides (marks on text runs), so only
 * the blocks around it are translated. Pure: no DOM, no ProseMirror; test/surface-convert.test.ts
 * holds the round trip over every block and mark.
 */
import type { Block, RichText } from '../../../contract/model.js';
import { isBlank, normalize } from '../../../core/rich-text.js';

/** A node of ProseMirror's JSON (Node.toJSON). */
export interface PMJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMJson[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

const inline = (rt: RichText | undefined): PMJson[] => (rt ?? []).map((n) => JSON.parse(JSON.stringify(n)) as PMJson);
const withContent = (node: PMJson, rt: RichText | undefined): PMJson => {
  const content = inline(rt);
  return content.length ? { ...node, content } : node;
};

function nodeOf(b: Block): PMJson {
  switch (b.type) {
    case 'paragraph':
      return withContent({ type: 'paragraph' }, b.content);
    case 'heading':
      return withContent({ type: 'heading', attrs: { level: b.level } }, b.content);
    case 'quote':
      return withContent({ type: 'quote', attrs: { attribution: b.attribution ?? '' } }, b.content);
    case 'image':
      return withContent({ type: 'image', attrs: { mediaId: b.mediaId ?? null, src: b.src ?? null, credit: b.credit ?? '', alt: b.alt ?? '', upload: null } }, b.caption);
    case 'list': {
      const items = b.items.length ? b.items : [[]];
      return { type: 'list', attrs: { ordered: b.ordered }, content: items.map((i) => withContent({ type: 'list_item' }, i)) };
    }
    case 'embed':
      return { type: 'embed', attrs: { url: b.url, title: b.title ?? '' } };
    case 'social':
      return { type: 'social', attrs: { post: { ...b } } };
  }
}

/** The document for a body: one empty paragraph when there is nothing yet. */
export function docOf(blocks: readonly Block[]): PMJson {
  const content = blocks.map(nodeOf);
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

/** Rich text in its stored form, without spaces at either end. */
export function tidy(content: PMJson[] | undefined): RichText {
  const rt = normalize((content ?? []) as RichText);
  const first = rt[0];
  if (first?.type === 'text') first.text = first.text.trimStart();
  const last = rt[rt.length - 1];
  if (last?.type === 'text') last.text = last.text.trimEnd();
  return normalize(rt);
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

function blockOf(n: PMJson): Block | null {
  const a = n.attrs ?? {};
  switch (n.type) {
    case 'paragraph': {
      const content = tidy(n.content);
      return isBlank(content) ? null : { type: 'paragraph', content };
    }
    case 'heading': {
      const content = tidy(n.content);
      return isBlank(content) ? null : { type: 'heading', level: a.level === 3 ? 3 : 2, content };
    }
    case 'quote': {
      const content = tidy(n.content);
      const attribution = text(a.attribution);
      if (isBlank(content)) return null;
      return attribution ? { type: 'quote', content, attribution } : { type: 'quote', content };
    }
    case 'image': {
      const b: Block = { type: 'image', caption: tidy(n.content), credit: text(a.credit), alt: text(a.alt) };
      if (typeof a.mediaId === 'number') b.mediaId = a.mediaId;
      if (typeof a.src === 'string' && a.src) b.src = a.src;
      return b;
    }
    case 'list': {
      const items = (n.content ?? []).map((i) => tidy(i.content)).filter((i) => !isBlank(i));
      return items.length ? { type: 'list', ordered: a.ordered === true, items } : null;
    }
    case 'embed': {
      const title = text(a.title);
      return title ? { type: 'embed', url: text(a.url), title } : { type: 'embed', url: text(a.url) };
    }
    case 'social':
      return a.post ? ({ ...(a.post as object), type: 'social' } as Block) : null;
    default:
      return null;
  }
}

/** The body of a document: blocks with nothing in them (an empty paragraph, a blank list) are left out. */
export function blocksOf(doc: PMJson): Block[] {
  return (doc.content ?? []).map(blockOf).filter((b): b is Block => b !== null);
}
