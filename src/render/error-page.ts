import { uk } from '../core/i18n/uk.js';
import { html } from './html.js';
import { layout } from './layout.js';
import type { SiteContext } from './site.js';

const texts = {
  404: { title: uk.errors.notFoundTitle, text: uk.errors.notFoundText },
  410: { title: uk.errors.goneTitle, text: uk.errors.goneText },
  500: { title: uk.errors.serverTitle, text: uk.errors.serverText },
} as const;

export function renderErrorPage(site: SiteContext, status: 404 | 410 | 500): string {
  const t = texts[status];
  return layout(
    site,
    { title: t.title },
    html`<div class="error"><h1 class="section-title">${t.title}</h1><p>${t.text}</p><p><a href="/">${uk.errors.backHome}</a></p></div>`,
  );
}
