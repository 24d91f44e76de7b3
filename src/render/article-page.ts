import { uk } from '../core/i18n/uk.js';
import { articlePath, authorPath, sectionPath, tagPath, type Article, type LeadPhoto } from '../core/model.js';
import { formatDate } from '../core/uk-format.js';
import { pageBlockOptions, renderBlock } from './blocks.js';
import { renderRichText } from './rich-text.js';
import { datetimeAttr, PHOTO_SIZES, picture } from './components.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { articleDates } from './article-dates.js';
import { correctionComments, correctionNotes, updatedLine } from './corrections.js';
import { articleImages, breadcrumbList, imageObject, jsonLd, organization, socialTags, sourceUrl } from './page-meta.js';
import { absolute, type SiteContext } from './site.js';
import { socialCitations } from './social-card.js';

/**
 * The article's page. `links` holds the current paths of the published articles its text links
 * to (services/public-content.ts linkedPaths); a link to any other prints as plain text.
 */
export function renderArticlePage(site: SiteContext, a: Article, links: ReadonlyMap<number, string> = new Map()): string {
  const path = articlePath(a);
  const blocks = pageBlockOptions((id) => links.get(id) ?? null);
  const published = a.publishedAt ?? a.createdAt;
  const content = html`<article class="article">
${breadcrumbs(a)}
<h1>${a.title}</h1>
${a.subtitle ? html`<p class="subtitle">${a.subtitle}</p>` : ''}
<div class="meta">
<time datetime="${datetimeAttr(published, a.publishedTimeKnown)}">${formatDate(published, { withTime: a.publishedTimeKnown })}</time>
${updatedLine(a.corrections, site.now)}
${a.authors.length ? html`<span class="byline">${a.authors.length > 1 ? uk.article.bylinePlural : uk.article.byline}: ${joinLinks(a.authors.map((p) => ({ href: authorPath(p), text: p.name, rel: 'author' })))}</span>` : ''}
${a.source ? html`<span class="source">${uk.article.source}: ${a.source}</span>` : ''}
</div>
${a.photo ? leadPhoto(a.photo) : ''}
${a.lead ? html`<p class="lead">${a.lead}</p>` : ''}
<div class="body">
${a.body.map((b) => renderBlock(b, blocks))}
</div>
${correctionNotes(a.corrections)}
${a.recap ? html`<aside class="recap" aria-label="${uk.article.recap}">${a.recap.paragraphs.map((p) => html`<p>${renderRichText(p, blocks)}</p>`)}</aside>` : ''}
${a.tags.length ? html`<nav aria-label="${uk.article.tags}"><ul class="tags">${a.tags.map((t) => html`<li><a href="${tagPath(t)}" rel="tag">${t.name}</a></li>`)}</ul></nav>` : ''}
</article>`;
  return layout(site, { title: a.title, description: a.lead, canonicalPath: path, extraHead: head(site, a, path) }, content);
}

function breadcrumbs(a: Article): Html {
  return html`<nav class="crumbs" aria-label="${uk.nav.breadcrumbs}"><ol>
<li><a href="/">${uk.nav.home}</a></li>
${a.sections.map((s) => html`<li><a href="${sectionPath(s)}">${s.name}</a></li>`)}
</ol></nav>`;
}

function leadPhoto(photo: LeadPhoto): Html {
  const img = photo.media
    ? html`<div class="photo-frame">${picture(photo.media, photo.alt || photo.caption, { sizes: PHOTO_SIZES.article, eager: true })}</div>`
    : '';
  return html`<figure class="lead-photo">${img}<figcaption>${photo.caption}${photo.credit ? html` <span class="credit">${uk.article.photoCredit}: ${photo.credit}</span>` : ''}</figcaption></figure>`;
}

function joinLinks(links: Array<{ href: string; text: string; rel?: string }>): Html {
  return html`${links.map((l, i) => html`${i ? ', ' : ''}<a href="${l.href}"${l.rel ? html` rel="${l.rel}"` : ''}>${l.text}</a>`)}`;
}

function head(site: SiteContext, a: Article, path: string): Html {
  const url = absolute(site, path);
  const alt = a.photo ? a.photo.alt || a.photo.caption : '';
  const images = a.photo?.media ? articleImages(site, a.photo.media, alt) : [];
  const dates = articleDates(a);
  const citations = socialCitations(a.body);
  const article = {
    '@type': 'NewsArticle',
    '@id': `${url}#article`,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: a.title,
    description: a.lead || undefined,
    datePublished: dates.publishedText,
    dateModified: dates.modifiedText,
    author: a.authors.map((p) => ({ '@type': 'Person', name: p.name, url: absolute(site, authorPath(p)) })),
    image: images.length ? images.map(imageObject) : undefined,
    articleSection: a.sections.map((s) => s.name),
    keywords: a.tags.map((t) => t.name),
    inLanguage: uk.lang,
    isBasedOn: sourceUrl(a.source) ?? undefined,
    citation: citations.length ? citations : undefined,
    correction: correctionComments(a.corrections),
    publisher: organization(site),
  };
  const trail = a.sections.map((s) => ({ name: s.name, path: sectionPath(s) }));
  return html`${socialTags(site, { type: 'article', title: a.title, description: a.lead, path, image: images[0] })}
<meta property="article:published_time" content="${dates.publishedText}">
<meta property="article:modified_time" content="${dates.modifiedText}">
${a.sections.at(-1) ? html`<meta property="article:section" content="${a.sections.at(-1)!.name}">` : ''}
${a.tags.map((t) => html`<meta property="article:tag" content="${t.name}">`)}
${jsonLd([article, breadcrumbList(site, [...trail, { name: a.title, path }])])}`;
}
