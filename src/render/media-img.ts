import type { MediaRef } from '../core/model.js';
import { PHOTO_SIZES } from './components.js';
import { html, type Html } from './html.js';

/** Body photos span the article's column (at most 44rem), as its lead photo does. */
const BODY_SIZES = PHOTO_SIZES.article;

/**
 * A stored photo of the body (an image block's, a social post's) with its WebP variants in
 * srcset, every URL made by `url` as the caller needs it (feeds want absolute ones).
 */
export function bodyImg(media: MediaRef, src: string, alt: string, opts: { url: (u: string) => string | null; lazy: boolean }): Html {
  const variant = (w: number) => opts.url(media.url.replace(/\.[a-z]+$/, `-w${w}.webp`));
  const srcset = media.variantWidths.map((w) => `${variant(w)} ${w}w`).concat(`${src} ${media.width}w`).join(', ');
  return html`<img src="${src}" srcset="${srcset}" sizes="${BODY_SIZES}" width="${media.width}" height="${media.height}" alt="${alt}"${opts.lazy ? html` loading="lazy" decoding="async"` : ''}>`;
}
