import { uk } from '../core/i18n/uk.js';
import { authorPath, sectionPath, tagPath, type ArticleSummary } from '../core/model.js';
import type { Page, SectionPageData } from '../services/public-content.js';
import type { AuthorProfile } from '../storage/repositories/people-and-tags.js';
import type { TagRef } from '../core/model.js';
import { articleCard, breadcrumbs, feedList, pagePath, pagination, picture } from './components.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import type { SiteContext } from './site.js';

const titled = (title: string, page: number) => (page > 1 ? `${title}, ${uk.lists.page(page)}` : title);

function list(site: SiteContext, p: Page<ArticleSummary>, basePath: string): Html {
  return html`${p.items.length === 0 ? html`<p>${uk.lists.empty}</p>` : html`<div class="list">${p.items.map((a) => articleCard(a, site.now))}</div>`}
${pagination(basePath, p.page, p.hasNext)}`;
}

export function renderNewsPage(site: SiteContext, p: Page<ArticleSummary>): string {
  const content = html`<h1 class="section-title">${titled(uk.home.feed, p.page)}</h1>${feedList(p.items, site.now)}${pagination('/news/', p.page, p.hasNext)}`;
  return layout(site, { title: titled(uk.home.feed, p.page), canonicalPath: pagePath('/news/', p.page), feedBase: '/', feedTitle: site.name }, content);
}

export function renderSectionPage(site: SiteContext, d: SectionPageData): string {
  const section = d.chain.at(-1)!;
  const base = sectionPath(section);
  const content = html`${breadcrumbs(d.chain, false)}
<h1 class="section-title">${titled(section.name, d.page)}</h1>
${d.children.length ? html`<nav class="subsections" aria-label="${uk.lists.subsections}"><ul>${d.children.map((c) => html`<li><a href="${sectionPath(c)}">${c.name}</a></li>`)}</ul></nav>` : ''}
${list(site, d, base)}`;
  return layout(site, { title: titled(section.name, d.page), canonicalPath: pagePath(base, d.page), feedBase: base, feedTitle: section.name }, content);
}

export function renderTagPage(site: SiteContext, d: Page<ArticleSummary> & { tag: TagRef }): string {
  const base = tagPath(d.tag);
  const content = html`<p class="kicker">${uk.tagKinds[d.tag.kind]}</p>
<h1 class="section-title">${titled(d.tag.name, d.page)}</h1>
${list(site, d, base)}`;
  return layout(site, { title: titled(d.tag.name, d.page), description: `${uk.lists.tagArticles} «${d.tag.name}»`, canonicalPath: pagePath(base, d.page), feedBase: base, feedTitle: d.tag.name }, content);
}

export function renderAuthorPage(site: SiteContext, d: Page<ArticleSummary> & { author: AuthorProfile }): string {
  const base = authorPath(d.author);
  const content = html`<div class="author-card">
${d.author.photo ? html`<div class="author-photo">${picture(d.author.photo, d.author.name, { sizes: '6rem', eager: true })}</div>` : ''}
<div><h1 class="section-title">${titled(d.author.name, d.page)}</h1>${d.author.bio ? html`<p class="bio">${d.author.bio}</p>` : ''}</div>
</div>
<h2 class="block-title">${uk.lists.authorArticles}</h2>
${list(site, d, base)}`;
  return layout(site, { title: titled(d.author.name, d.page), description: d.author.bio ?? undefined, canonicalPath: pagePath(base, d.page), feedBase: base, feedTitle: d.author.name }, content);
}
