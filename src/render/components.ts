import { uk } from '../core/i18n/uk.js';
import { kyivOffsetIso } from '../core/kyiv-time.js';
import { articlePath, sectionPath, type ArticleSummary, type MediaRef, type SectionRef } from '../core/model.js';
import { formatDate } from '../core/uk-format.js';
import { html, type Html } from './html.js';

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
export function articleCard(a: ArticleSummary, now: Date, opts: { level?: 2 | 3; big?: boolean } = {}): Html {
  const title = html`<a href="${articlePath(a)}">${a.title}</a>`;
  const photo = a.photo?.media
    ? html`<div class="card-photo">${picture(a.photo.media, a.photo.alt || a.photo.caption, { sizes: opts.big ? '(min-width: 48rem) 44rem, 100vw' : '(min-width: 48rem) 14rem, 100vw', eager: opts.big === true })}</div>`
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
