import { uk } from '../core/i18n/uk.js';
import { kyivOffsetIso } from '../core/kyiv-time.js';
import { articlePath, type ArticleSummary } from '../core/model.js';
import { formatDate } from '../core/uk-format.js';
import { html } from './html.js';
import { layout } from './layout.js';
import type { SiteContext } from './site.js';

/** The home page: the news feed, newest first. */
export function renderHomePage(site: SiteContext, feed: ArticleSummary[]): string {
  const content = html`<h1 class="section-title">${uk.home.feed}</h1>
${feed.length === 0 ? html`<p>${uk.home.empty}</p>` : html`<ul class="feed">
${feed.map((a) => {
  const at = a.publishedAt ?? a.createdAt;
  return html`<li><time datetime="${kyivOffsetIso(at)}">${a.publishedTimeKnown ? formatDate(at, { relative: true, now: site.now }) : formatDate(at)}</time><a href="${articlePath(a)}">${a.title}</a></li>\n`;
})}
</ul>`}`;
  return layout(site, { title: site.name, description: uk.siteTagline, canonicalPath: '/' }, content);
}
