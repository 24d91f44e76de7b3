import { uk } from '../core/i18n/uk.js';
import { kyivOffsetIso } from '../core/kyiv-time.js';
import { articlePath, sectionPath, type ArticleSummary, type MediaRef, type SectionRef } from '../core/model.js';
import { formatDate } from '../core/uk-format.js';
import { html, type Html } from './html.js';

/**
 * `sizes` for each place a photo is shown, worked out from the stylesheet (site-css.ts), so
 * that the browser picks the copy its layout needs: the page column is .wrap (at most 72rem
 * with 1rem padding each side, so 70rem, or 100vw - 2rem below 72rem); the home page splits it
 * 2fr 1fr with a 2rem gap from 48rem; cards put their photo in a 14rem column from 48rem; the
 * home page's section blocks are 2 columns from 48rem and 4 from 64rem, 1.5rem apart; an
 * article is at most 44rem wide. test/browser-images.test.ts holds these to Chromium's layout.
 */
export const PHOTO_SIZES = {
  /** The first main story on the home page: the whole wide column. */
  mainBig: '(min-width: 72rem) 45.33rem, (min-width: 48rem) calc((100vw - 4rem) * 2 / 3), calc(100vw - 2rem)',
  /** Other main stories and every list's cards: beside the text from 48rem. */
  row: '(min-width: 48rem) 14rem, calc(100vw - 2rem)',
  /** A card in a home page section block. */
  grid: '(min-width: 72rem) 16.375rem, (min-width: 64rem) calc((100vw - 6.5rem) / 4), (min-width: 48rem) calc((100vw - 3.5rem) / 2), calc(100vw - 2rem)',
  /** An article's lead photo and body photos. */
  article: '(min-width: 46rem) 44rem, calc(100vw - 2rem)',
} as const;

/** The WebP variants of an image; the original stays the src for what cannot use them. */
export function picture(media: MediaRef, alt: string, opts: { sizes: string; eager?: boolean }): Html {
  const variant = (w: number) => media.url.replace(/\.[a-z]+$/, `-w${w}.webp`);
  const srcset = media.variantWidths.map((w) => `${variant(w)} ${w}w`).concat(`${media.url} ${media.width}w`).join(', ');
  return html`<img src="${media.url}" srcset="${srcset}" sizes="${opts.sizes}" width="${media.width}" height="${media.height}" alt="${alt}" ${opts.eager ? html`fetchpriority="high"` : html`loading="lazy"`} decoding="async">`;
}

/** A machine-readable date: with the time and offset when known, the day alone when not. */
export const datetimeAttr = (at: Date, timeKnown: boolean) => (timeKnown ? kyivOffsetIso(at) : kyivOffsetIso(at).slice(0, 10));

export function articleDate(a: Pick<ArticleSummary, 'publishedAt' | 'createdAt' | 'publishedTimeKnown'>, now: Date, relative = false): Html {
  const at = a.publishedAt ?? a.createdAt;
  const text = a.publishedTimeKnown ? formatDate(at, relative ? { relative: true, now } : { withTime: true }) : formatDate(at);
  return html`<time datetime="${datetimeAttr(at, a.publishedTimeKnown)}">${text}</time>`;
}

/** A story with its photo and lead, for main stories and lists. */
export function articleCard(a: ArticleSummary, now: Date, opts: { level?: 2 | 3; big?: boolean; sizes?: string } = {}): Html {
  const title = html`<a href="${articlePath(a)}">${a.title}</a>`;
  const sizes = opts.sizes ?? (opts.big ? PHOTO_SIZES.mainBig : PHOTO_SIZES.row);
  const photo = a.photo?.media
    ? html`<div class="card-photo">${picture(a.photo.media, a.photo.alt || a.photo.caption, { sizes, eager: opts.big === true })}</div>`
    : '';
  return html`<article class="card${opts.big ? ' card-big' : ''}${photo ? '' : ' card-text'}">${photo}<div class="card-text-part">
${(opts.level ?? 2) === 2 ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
<p class="card-meta">${articleDate(a, now, true)}${a.sections.at(-1) ? html` · <span>${a.sections.at(-1)!.name}</span>` : ''}</p>
${a.lead ? html`<p class="card-lead">${a.lead}</p>` : ''}
</div></article>`;
}

/** The news feed: time and headline, newest first. */
export function feedList(items: ArticleSummary[], now: Date): Html {
  return html`<ul class="feed">${items.map((a) => html`<li>${articleDate(a, now, true)}<a href="${articlePath(a)}">${a.title}</a></li>`)}</ul>`;
}

export function breadcrumbs(chain: SectionRef[], linkLast = true): Html {
  return html`<nav class="crumbs" aria-label="${uk.nav.breadcrumbs}"><ol>
<li><a href="/">${uk.nav.home}</a></li>
${chain.map((s, i) => (i === chain.length - 1 && !linkLast ? html`<li aria-current="page">${s.name}</li>` : html`<li><a href="${sectionPath(s)}">${s.name}</a></li>`))}
</ol></nav>`;
}

/** Previous and next links with stable URLs: '?page=N', page 1 without a parameter. */
export function pagination(basePath: string, page: number, hasNext: boolean): Html {
  if (page === 1 && !hasNext) return html``;
  const href = (n: number) => (n === 1 ? basePath : `${basePath}?page=${n}`);
  return html`<nav class="pager" aria-label="${uk.lists.pagination}">
${page > 1 ? html`<a rel="prev" href="${href(page - 1)}">← ${uk.lists.previous}</a>` : ''}
${hasNext ? html`<a rel="next" href="${href(page + 1)}">${uk.lists.next} →</a>` : ''}
</nav>`;
}

export const pagePath = (basePath: string, page: number) => (page === 1 ? basePath : `${basePath}?page=${page}`);

export function searchForm(): Html {
  return html`<form class="search" role="search" action="/search" method="get"><label for="q">${uk.search.label}</label><input id="q" name="q" type="search" placeholder="${uk.search.placeholder}" required><button type="submit">${uk.search.submit}</button></form>`;
}
