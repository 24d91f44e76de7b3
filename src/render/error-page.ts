import { uk } from '../core/i18n/uk.js';
import type { ArticleSummary } from '../core/model.js';
import { feedList, searchForm } from './components.js';
import { html } from './html.js';
import { layout } from './layout.js';
import type { SiteContext } from './site.js';

const texts = {
  404: { title: uk.errors.notFoundTitle, text: uk.errors.notFoundText },
  410: { title: uk.errors.goneTitle, text: uk.errors.goneText },
  500: { title: uk.errors.serverTitle, text: uk.errors.serverText },
  503: { title: uk.errors.unavailableTitle, text: uk.errors.unavailableText },
} as const;

export type ErrorPageStatus = keyof typeof texts;

/** Error pages help the reader on: a search box and the latest news where they can be had. */
export function renderErrorPage(site: SiteContext, status: ErrorPageStatus, latest: ArticleSummary[] = []): string {
  const t = texts[status];
  return layout(
    site,
    { title: t.title, noindex: true },
    html`<div class="error"><h1 class="section-title">${t.title}</h1><p>${t.text}</p>
${status === 503 ? '' : html`<p>${uk.errors.tryAgain}</p>${searchForm()}`}
${latest.length ? html`<h2 class="block-title">${uk.errors.latest}</h2>${feedList(latest, site.now)}` : ''}
<p><a href="/">${uk.errors.backHome}</a></p></div>`,
  );
}
