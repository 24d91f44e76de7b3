import { uk } from '../core/i18n/uk.js';
import type { Block } from '../core/model.js';
import { html, type Html } from './html.js';

export interface BlockOptions {
  /** Turns a stored URL into the one to print (feeds need absolute ones); null drops it. */
  url: (u: string) => string | null;
  /** Pages load body images lazily; feeds leave that to the reader. */
  lazy: boolean;
}

const pageUrl = (u: string) => (/^(https?:)?\/\//i.test(u) || u.startsWith('/') ? u : null);

/** One body block as HTML, for the article page and the full-text feed alike. */
export function renderBlock(b: Block, opts: BlockOptions = { url: pageUrl, lazy: true }): Html {
  switch (b.type) {
    case 'paragraph':
      return html`<p>${b.text}</p>\n`;
    case 'heading':
      return b.level === 2 ? html`<h2>${b.text}</h2>\n` : html`<h3>${b.text}</h3>\n`;
    case 'quote':
      return html`<blockquote><p>«${b.text}»</p>${b.attribution ? html`<footer>– ${b.attribution}</footer>` : ''}</blockquote>\n`;
    case 'list': {
      const items = b.items.map((i) => html`<li>${i}</li>`);
      return b.ordered ? html`<ol>${items}</ol>\n` : html`<ul>${items}</ul>\n`;
    }
    case 'image': {
      const src = b.src ? opts.url(b.src) : null;
      if (!src && !b.caption) return html``;
      const img = src ? html`<img src="${src}" alt="${b.alt || b.caption || ''}"${opts.lazy ? html` loading="lazy"` : ''}>` : '';
      const caption = b.caption || b.credit ? html`<figcaption>${b.caption ?? ''}${b.credit ? html` <span class="credit">${uk.article.photoCredit}: ${b.credit}</span>` : ''}</figcaption>` : '';
      return html`<figure>${img}${caption}</figure>\n`;
    }
    case 'embed': {
      const url = /^https?:\/\//i.test(b.url) ? opts.url(b.url) : null;
      return url ? html`<p class="embed"><a href="${url}" rel="noopener nofollow">${b.title || url}</a></p>\n` : html``;
    }
  }
}
