import { richText } from '../../core/rich-text.js';
import type { Block } from './types.js';

/**
 * Pasted HTML becomes our blocks: p → paragraph, h1–h3 → heading, blockquote → quote,
 * ul/ol → list, img → an image block without media (the writer must upload it), anything else
 * → its plain text. The HTML is parsed by DOMParser into a detached document (no scripts run,
 * nothing loads) and only text is read from it: no pasted markup ever reaches the page.
 */
export function blocksFromHtml(source: string): Block[] {
  const doc = new DOMParser().parseFromString(withoutInlineCode(source), 'text/html');
  const out: Block[] = [];
  let inline = '';
  const flush = () => {
    const text = clean(inline);
    if (text) out.push({ type: 'paragraph', content: richText(text) });
    inline = '';
  };
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      inline += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = node as Element;
    const tag = el.tagName.toLowerCase();
    if (SKIP.has(tag)) return;
    switch (tag) {
      case 'p':
        flush();
        inline = textOf(el);
        flush();
        // Images inside a paragraph still need to be uploaded.
        el.querySelectorAll('img').forEach((img) => out.push(imageBlock(img)));
        return;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        flush();
        const text = clean(textOf(el));
        if (text) out.push({ type: 'heading', level: tag === 'h1' || tag === 'h2' ? 2 : 3, content: richText(text) });
        return;
      }
      case 'blockquote': {
        flush();
        const footer = el.querySelector('footer, cite');
        const attribution = footer ? clean(textOf(footer)).replace(/^[–—-]\s*/, '') : '';
        const clone = el.cloneNode(true) as Element;
        clone.querySelectorAll('footer, cite').forEach((f) => f.remove());
        const text = clean(paragraphsOf(clone).join(' ')).replace(/^«(.*)»$/s, '$1');
        if (text) out.push(attribution ? { type: 'quote', content: richText(text), attribution } : { type: 'quote', content: richText(text) });
        return;
      }
      case 'ul':
      case 'ol': {
        flush();
        const items = [...el.children].filter((c) => c.tagName.toLowerCase() === 'li').map((li) => clean(textOf(li))).filter(Boolean);
        if (items.length) out.push({ type: 'list', ordered: tag === 'ol', items: items.map((x) => richText(x)) });
        return;
      }
      case 'img':
        flush();
        out.push(imageBlock(el));
        return;
      case 'br':
        inline += '\n';
        return;
      default:
        if (BLOCKISH.has(tag)) {
          flush();
          el.childNodes.forEach(walk);
          flush();
        } else {
          el.childNodes.forEach(walk);
        }
    }
  };
  doc.body.childNodes.forEach(walk);
  flush();
  return out;
}

/** A start tag, its quoted attribute values read whole (they may hold '>'). */
const START_TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+))?)*\s*\/?>/g;
const INLINE_CODE = /\s(?:on[a-z]+|style)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>`]+)/gi;

/**
 * The pasted markup without style attributes and event handlers. Nothing of them would run or
 * apply (the document is detached and only text is read), but it inherits the page's
 * Content-Security-Policy, and Chromium reports every one it refuses as an error: a paste from
 * a word processor, with a style on each span, would fill the console.
 */
function withoutInlineCode(source: string): string {
  return source.replace(START_TAG, (tag) => tag.replace(INLINE_CODE, ''));
}

/** Plain pasted text: paragraphs separated by blank lines (single line breaks also split, as in most sources). */
export function blocksFromText(text: string): Block[] {
  return text
    .split(/\n\s*\n|\r\n\s*\r\n|\n/)
    .map(clean)
    .filter(Boolean)
    .map((t) => ({ type: 'paragraph' as const, content: richText(t) }));
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'meta', 'link', 'button', 'input', 'select', 'textarea']);
const BLOCKISH = new Set(['div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'figure', 'figcaption', 'table', 'tr', 'td', 'th', 'li', 'dl', 'dt', 'dd', 'pre', 'hr', 'nav', 'body', 'html']);

function imageBlock(img: Element): Block {
  const alt = clean(img.getAttribute('alt') ?? '');
  const figure = img.closest('figure');
  const caption = figure?.querySelector('figcaption') ? clean(textOf(figure.querySelector('figcaption')!)) : '';
  return { type: 'image', caption: richText(caption || alt), credit: '', alt };
}

function textOf(el: Element): string {
  let s = '';
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) s += n.textContent ?? '';
    else if (n.nodeType === Node.ELEMENT_NODE) {
      const tag = (n as Element).tagName.toLowerCase();
      if (SKIP.has(tag)) return;
      if (tag === 'br') s += ' ';
      n.childNodes.forEach(walk);
    }
  };
  walk(el);
  return s;
}

function paragraphsOf(el: Element): string[] {
  const ps = el.querySelectorAll('p');
  return ps.length ? [...ps].map(textOf) : [textOf(el)];
}

/** Collapses runs of ordinary whitespace and trims; a non-breaking space inside the text is typography and stays. */
const clean = (s: string) => s.replace(/[ \t\r\n\f]+/g, ' ').trim();
