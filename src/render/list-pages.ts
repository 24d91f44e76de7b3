import { uk } from '../core/i18n/uk.js';
import { authorPath, sectionPath, tagPath, type ArticleSummary } from '../core/model.js';
import type { Page, SectionPageData } from '../services/public-content.js';
import type { AuthorProfile } from '../storage/repositories/people-and-tags.js';
import type { TagRef } from '../core/model.js';
import { articleCard, breadcrumbs, feedList, pagePath, pagination, picture } from './components.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { breadcrumbList, cropImage, jsonLd, socialTags } from './page-meta.js';
import type { SiteContext } from './site.js';

const titled = (title: string, page: number) => (page > 1 ? `${title}, ${uk.lists.page(page)}` : title);

function list(site: SiteContext, p: Page<ArticleSummary>, basePath: string): Html {
  return html`${p.items.length === 0 ? html`<p>${uk.lists.empty}</p>` : html`<div class="list">${p.items.map((a) => articleCard(a, site.now))}</div>`}
${pagination(basePath, p.page, p.hasNext)}`;
}

export function renderNewsPage(site: SiteContext, p: Page<ArticleSummary>): string {
  const content = html`<h1 class="section-title">${titled(uk.home.feed, p.page)}</h1>${feedList(p.items, site.now)}${pagination('/news/', p.page, p.hasNext)}`;
  const title = titled(uk.home.feed, p.page);
  const extraHead = socialTags(site, { type: 'website', title, path: pagePath('/news/', p.page) });
  return layout(site, { title, canonicalPath: pagePath('/news/', p.page), feedBase: '/', feedTitle: site.name, extraHead }, content);
}

export function renderSectionPage(site: SiteContext, d: SectionPageData): string {
  const section = d.chain.at(-1)!;
  const base = sectionPath(section);
  const content = html`${breadcrumbs(d.chain, false)}
<h1 class="section-title">${titled(section.name, d.page)}</h1>
${d.children.length ? html`<nav class="subsections" aria-label="${uk.lists.subsections}"><ul>${d.children.map((c) => html`<li><a href="${sectionPath(c)}">${c.name}</a></li>`)}</ul></nav>` : ''}
${list(site, d, base)}`;
  const title = titled(section.name, d.page);
  const description = uk.feeds.sectionDescription(section.name);
  const extraHead = html`${socialTags(site, { type: 'website', title, description, path: pagePath(base, d.page) })}
${jsonLd([breadcrumbList(site, d.chain.map((s) => ({ name: s.name, path: sectionPath(s) })))])}`;
  return layout(site, { title, description, canonicalPath: pagePath(base, d.page), feedBase: base, feedTitle: section.name, extraHead }, content);
}

export function renderTagPage(site: SiteContext, d: Page<ArticleSummary> & { tag: TagRef }): string {
  const base = tagPath(d.tag);
  const content = html`<p class="kicker">${uk.tagKinds[d.tag.kind]}</p>
<h1 class="section-title">${titled(d.tag.name, d.page)}</h1>
${list(site, d, base)}`;
  const title = titled(d.tag.name, d.page);
  const description = `${uk.lists.tagArticles} «${d.tag.name}»`;
  const extraHead = socialTags(site, { type: 'website', title, description, path: pagePath(base, d.page) });
  return layout(site, { title, description, canonicalPath: pagePath(base, d.page), feedBase: base, feedTitle: d.tag.name, extraHead }, content);
}

export function renderAuthorPage(site: SiteContext, d: Page<ArticleSummary> & { author: AuthorProfile }): string {
  const base = authorPath(d.author);
  const content = html`<div class="author-card">
${d.author.photo ? html`<div class="author-photo">${picture(d.author.photo, d.author.name, { sizes: '6rem', eager: true })}</div>` : ''}
<div><h1 class="section-title">${titled(d.author.name, d.page)}</h1>${d.author.bio ? html`<p class="bio">${d.author.bio}</p>` : ''}</div>
</div>
<h2 class="block-title">${uk.lists.authorArticles}</h2>
${list(site, d, base)}`;
  const title = titled(d.author.name, d.page);
  const description = d.author.bio ?? undefined;
  // A portrait is shown square: its 1:1 crop is the picture of a shared author link.
  const image = d.author.photo ? cropImage(site, d.author.photo, '1x1', d.author.name) : undefined;
  const extraHead = socialTags(site, { type: 'profile', title, description, path: pagePath(base, d.page), image });
  return layout(site, { title, description, canonicalPath: pagePath(base, d.page), feedBase: base, feedTitle: d.author.name, extraHead }, content);
}
