/**
 * The body's ProseMirror schema: one node per kind of Block (contract/model.ts) and the three
 * marks. Text that flows (a paragraph, a heading, a quote, a caption, a list item) is node
 * content; what is a plain field (an attribution, a credit, an alt, a social post's provenance)
 * is an attribute, edited through the node's own labelled controls (node-views.ts).
 *
 * The parse rules read only clean markup (clipboard.ts makes it from what was pasted) and our
 * own copies (`data-*` attributes written by toDOM); attributes are checked as they are read.
 */
import { Schema, type DOMOutputSpec, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { isAllowedHref } from '../../../core/rich-text.js';
import { socialFromJson } from './social-url.js';

/** What a parse rule is given: an element, as far as these rules read it (no DOM types needed). */
interface El {
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
}

const attr = (el: unknown, name: string) => (el as El).getAttribute(name);
// Parse rules' elements are cast through `never`: this file is compiled for Node too (the round-trip test), without DOM types.

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  paragraph: {
    group: 'block',
    content: 'inline*',
    parseDOM: [{ tag: 'p' }],
    toDOM: (): DOMOutputSpec => ['p', 0],
  },
  heading: {
    group: 'block',
    content: 'inline*',
    // A heading's weight is its own: bold inside one says nothing.
    marks: 'link italic',
    attrs: { level: { default: 2 } },
    defining: true,
    parseDOM: [
      { tag: 'h1', attrs: { level: 2 } },
      { tag: 'h2', attrs: { level: 2 } },
      { tag: 'h3', attrs: { level: 3 } },
      { tag: 'h4', attrs: { level: 3 } },
      { tag: 'h5', attrs: { level: 3 } },
      { tag: 'h6', attrs: { level: 3 } },
    ],
    toDOM: (n): DOMOutputSpec => [n.attrs.level === 3 ? 'h3' : 'h2', 0],
  },
  quote: {
    group: 'block',
    content: 'inline*',
    attrs: { attribution: { default: '' } },
    defining: true,
    parseDOM: [{ tag: 'blockquote', getAttrs: (el) => ({ attribution: attr(el, 'data-attribution') ?? '' }), contentElement: (el: unknown) => ((el as unknown as El).querySelector('p') ?? el) as never }],
    toDOM: (n): DOMOutputSpec => ['blockquote', { 'data-attribution': n.attrs.attribution }, ['p', 0]],
  },
  list: {
    group: 'block',
    content: 'list_item+',
    attrs: { ordered: { default: false } },
    parseDOM: [
      { tag: 'ul', attrs: { ordered: false } },
      { tag: 'ol', attrs: { ordered: true } },
    ],
    toDOM: (n): DOMOutputSpec => [n.attrs.ordered ? 'ol' : 'ul', 0],
  },
  list_item: {
    content: 'inline*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: (): DOMOutputSpec => ['li', 0],
  },
  image: {
    group: 'block',
    content: 'inline*',
    // `upload` names a file waiting for its credit and alt (uploads.ts); it is never stored.
    attrs: { mediaId: { default: null }, src: { default: null }, credit: { default: '' }, alt: { default: '' }, upload: { default: null } },
    defining: true,
    isolating: true,
    parseDOM: [
      {
        tag: 'figure',
        getAttrs: (el) => {
          const img = (el as unknown as El).querySelector('img');
          const id = Number(attr(el, 'data-media-id'));
          return { mediaId: Number.isSafeInteger(id) && id > 0 ? id : null, src: img?.getAttribute('src') ?? null, credit: attr(el, 'data-credit') ?? '', alt: img?.getAttribute('alt') ?? '' };
        },
        contentElement: (el: unknown) => ((el as unknown as El).querySelector('figcaption') ?? el) as never,
      },
    ],
    toDOM: (n): DOMOutputSpec => ['figure', { 'data-media-id': n.attrs.mediaId ?? '', 'data-credit': n.attrs.credit }, ['img', { src: n.attrs.src ?? '', alt: n.attrs.alt }], ['figcaption', 0]],
  },
  embed: {
    group: 'block',
    atom: true,
    selectable: true,
    attrs: { url: { default: '' }, title: { default: '' } },
    parseDOM: [{ tag: 'div[data-embed]', getAttrs: (el) => ({ url: attr(el, 'data-embed') ?? '', title: attr(el, 'data-title') ?? '' }) }],
    toDOM: (n): DOMOutputSpec => ['div', { 'data-embed': n.attrs.url, 'data-title': n.attrs.title }, n.attrs.title || n.attrs.url],
  },
  social: {
    group: 'block',
    atom: true,
    selectable: true,
    attrs: { post: { default: null } },
    parseDOM: [
      {
        tag: 'div[data-social]',
        getAttrs: (el) => {
          const post = socialFromJson(attr(el, 'data-social') ?? '');
          return post ? { post } : false;
        },
      },
    ],
    toDOM: (n): DOMOutputSpec => ['div', { 'data-social': JSON.stringify(n.attrs.post) }, n.attrs.post?.text ?? ''],
  },
  text: { group: 'inline' },
  hardBreak: {
    group: 'inline',
    inline: true,
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: (): DOMOutputSpec => ['br'],
  },
};

const marks: Record<string, MarkSpec> = {
  // First: a link holds the other marks (the order the stored form keeps, core/rich-text.ts).
  link: {
    attrs: { href: { default: null }, articleId: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[data-article-id]',
        getAttrs: (el) => {
          const id = Number(attr(el, 'data-article-id'));
          return Number.isSafeInteger(id) && id > 0 ? { href: null, articleId: id } : false;
        },
      },
      {
        tag: 'a[href]',
        getAttrs: (el) => {
          const href = (attr(el, 'href') ?? '').trim();
          return isAllowedHref(href) ? { href, articleId: null } : false;
        },
      },
    ],
    toDOM: (m): DOMOutputSpec => (m.attrs.articleId ? ['a', { 'data-article-id': String(m.attrs.articleId), href: `#article-${m.attrs.articleId}`, class: 'internal' }, 0] : ['a', { href: m.attrs.href, rel: 'noopener noreferrer' }, 0]),
  },
  bold: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
    toDOM: (): DOMOutputSpec => ['strong', 0],
  },
  italic: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }],
    toDOM: (): DOMOutputSpec => ['em', 0],
  },
};

export const schema = new Schema({ nodes, marks });
