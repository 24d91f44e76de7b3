import { uk } from '../core/i18n/uk.js';
import { sectionPath } from '../core/model.js';
import type { HomeData } from '../services/public-content.js';
import { articleCard, feedList, PHOTO_SIZES } from './components.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { jsonLd, organization, socialTags, website } from './page-meta.js';
import type { SiteContext } from './site.js';

/** Home: the main stories with photos and leads, the news feed, and a block per top-level section. */
export function renderHomePage(site: SiteContext, data: HomeData): string {
  const content = html`<h1 class="visually-hidden">${site.name}: ${uk.home.title}</h1>
<div class="home">
<section class="home-main" aria-labelledby="h-main"><h2 id="h-main" class="block-title">${uk.home.main}</h2>
${data.main.length === 0 ? html`<p>${uk.home.empty}</p>` : data.main.map((a, i) => articleCard(a, site.now, { level: 3, big: i === 0 }))}
</section>
<section class="home-feed" aria-labelledby="h-feed"><h2 id="h-feed" class="block-title">${uk.home.feed}</h2>
${feedList(data.feed, site.now)}
${data.feedHasMore ? html`<p class="more"><a href="/news/?page=2">${uk.home.moreNews}</a></p>` : ''}
</section>
</div>
${data.sections.map(
  (b) => html`<section class="home-section" aria-labelledby="h-s${b.section.id}"><h2 id="h-s${b.section.id}" class="block-title"><a href="${sectionPath(b.section)}">${b.section.name}</a></h2>
<div class="grid">${b.items.map((a) => articleCard(a, site.now, { level: 3, sizes: PHOTO_SIZES.grid }))}</div></section>`,
)}`;
  const extraHead = html`${socialTags(site, { type: 'website', title: site.name, description: uk.siteTagline, path: '/' })}
${jsonLd([website(site), organization(site)])}`;
  return layout(site, { title: site.name, description: uk.siteTagline, canonicalPath: '/', feedBase: '/', feedTitle: site.name, extraHead }, content);
}
