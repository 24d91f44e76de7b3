import { uk } from '../core/i18n/uk.js';
import type { Block, MediaRef } from '../core/model.js';
import { plainText } from '../core/rich-text.js';
import { html, type Html } from './html.js';
import { bodyImg } from './media-img.js';
import { NO_ARTICLE_LINKS, renderRichText, type LinkOptions } from './rich-text.js';
import { renderSocialCard } from './social-card.js';

export interface BlockOptions extends LinkOptions {
  /** Turns a stored URL into the one to print (feeds need absolute ones); null drops it. */
  url: (u: string) => string | null;
  /** Pages load body images lazily; feeds leave that to the reader. */
  lazy: boolean;
}

/** An image block as read for display: `media` is its mediaId's file, added on read (storage/repositories/media.ts withBlockMedia). */
type ImageBlock = Extract<Block, { type: 'image' }> & { media?: MediaRef };

const pageUrl = (u: string) => (/^(https?:)?\/\//i.test(u) || u.startsWith('/') ? u : null);

/** How the article page prints blocks: its own paths, images lazily, linked articles at `articlePath`. */
export const pageBlockOptions = (articlePath: LinkOptions['articlePath'] = NO_ARTICLE_LINKS): BlockOptions => ({ url: pageUrl, lazy: true, articlePath });

/** One body block as HTML, for the article page and the full-text feed alike. */
export function renderBlock(b: Block, opts: BlockOptions = pageBlockOptions()): Html {
  const rich = (rt: Parameters<typeof renderRichText>[0]) => renderRichText(rt, opts);
  switch (b.type) {
    case 'paragraph':
      return html`<p>${rich(b.content)}</p>\n`;
    case 'heading':
      return b.level === 2 ? html`<h2>${rich(b.content)}</h2>\n` : html`<h3>${rich(b.content)}</h3>\n`;
    case 'quote':
      return html`<blockquote><p>«${rich(b.content)}»</p>${b.attribution ? html`<footer>– ${b.attribution}</footer>` : ''}</blockquote>\n`;
    case 'list': {
      const items = b.items.map((i) => html`<li>${rich(i)}</li>`);
      return b.ordered ? html`<ol>${items}</ol>\n` : html`<ul>${items}</ul>\n`;
    }
    case 'image': {
      const media = (b as ImageBlock).media;
      const src = media ? opts.url(media.url) : b.src ? opts.url(b.src) : null;
      const captionText = b.caption ? plainText(b.caption) : '';
      if (!src && !captionText) return html``;
      const alt = b.alt || captionText;
      const img = media && src ? bodyImg(media, src, alt, opts) : src ? html`<img src="${src}" alt="${alt}"${opts.lazy ? html` loading="lazy"` : ''}>` : '';
      const caption = captionText || b.credit ? html`<figcaption>${b.caption ? rich(b.caption) : ''}${b.credit ? html` <span class="credit">${uk.article.photoCredit}: ${b.credit}</span>` : ''}</figcaption>` : '';
      return html`<figure>${img}${caption}</figure>\n`;
    }
    case 'embed': {
      const url = /^https?:\/\//i.test(b.url) ? opts.url(b.url) : null;
      return url ? html`<p class="embed"><a href="${url}" rel="noopener nofollow">${b.title || url}</a></p>\n` : html``;
    }
    case 'social':
      return renderSocialCard(b, opts);
  }
}
