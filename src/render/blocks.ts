import { uk } from '../core/i18n/uk.js';
import type { Block, MediaRef } from '../core/model.js';
import { PHOTO_SIZES } from './components.js';
import { html, type Html } from './html.js';

export interface BlockOptions {
  /** Turns a stored URL into the one to print (feeds need absolute ones); null drops it. */
  url: (u: string) => string | null;
  /** Pages load body images lazily; feeds leave that to the reader. */
  lazy: boolean;
}

/** An image block as read for display: `media` is its mediaId's file, added on read (storage/repositories/media.ts withBlockMedia). */
type ImageBlock = Extract<Block, { type: 'image' }> & { media?: MediaRef };

/** Body photos span the article's column (at most 44rem), as its lead photo does. */
const BODY_SIZES = PHOTO_SIZES.article;

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
      const media = (b as ImageBlock).media;
      const src = media ? opts.url(media.url) : b.src ? opts.url(b.src) : null;
      if (!src && !b.caption) return html``;
      const alt = b.alt || b.caption || '';
      const img = media && src ? mediaImg(media, src, alt, opts) : src ? html`<img src="${src}" alt="${alt}"${opts.lazy ? html` loading="lazy"` : ''}>` : '';
      const caption = b.caption || b.credit ? html`<figcaption>${b.caption ?? ''}${b.credit ? html` <span class="credit">${uk.article.photoCredit}: ${b.credit}</span>` : ''}</figcaption>` : '';
      return html`<figure>${img}${caption}</figure>\n`;
    }
    case 'embed': {
      const url = /^https?:\/\//i.test(b.url) ? opts.url(b.url) : null;
      return url ? html`<p class="embed"><a href="${url}" rel="noopener nofollow">${b.title || url}</a></p>\n` : html``;
    }
  }
}

/** A stored photo with its WebP variants in srcset, every URL made as the caller needs it. */
function mediaImg(media: MediaRef, src: string, alt: string, opts: BlockOptions): Html {
  const variant = (w: number) => opts.url(media.url.replace(/\.[a-z]+$/, `-w${w}.webp`));
  const srcset = media.variantWidths.map((w) => `${variant(w)} ${w}w`).concat(`${src} ${media.width}w`).join(', ');
  return html`<img src="${src}" srcset="${srcset}" sizes="${BODY_SIZES}" width="${media.width}" height="${media.height}" alt="${alt}"${opts.lazy ? html` loading="lazy" decoding="async"` : ''}>`;
}
