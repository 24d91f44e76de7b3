import { uk } from '../core/i18n/uk.js';
import { kyivOffsetIso } from '../core/kyiv-time.js';
import { articlePath, authorPath, sectionPath, tagPath, type Article, type LeadPhoto } from '../core/model.js';
import { formatDate } from '../core/uk-format.js';
import { renderBlock } from './blocks.js';
import { datetimeAttr, picture } from './components.js';
import { html, jsonForScript, type Html } from './html.js';
import { layout } from './layout.js';
import { absolute, type SiteContext } from './site.js';

export function renderArticlePage(site: SiteContext, a: Article): string {
  const path = articlePath(a);
  const published = a.publishedAt ?? a.createdAt;
  const content = html`<article class="article">
${breadcrumbs(a)}
<h1>${a.title}</h1>
${a.subtitle ? html`<p class="subtitle">${a.subtitle}</p>` : ''}
<div class="meta">
<time datetime="${datetimeAttr(published, a.publishedTimeKnown)}">${formatDate(published, { withTime: a.publishedTimeKnown })}</time>
${a.authors.length ? html`<span class="byline">${a.authors.length > 1 ? uk.article.bylinePlural : uk.article.byline}: ${joinLinks(a.authors.map((p) => ({ href: authorPath(p), text: p.name, rel: 'author' })))}</span>` : ''}
${a.source ? html`<span class="source">${uk.article.source}: ${a.source}</span>` : ''}
</div>
${a.photo ? leadPhoto(a.photo) : ''}
${a.lead ? html`<p class="lead">${a.lead}</p>` : ''}
<div class="body">
${a.body.map((b) => renderBlock(b))}
</div>
${a.recap ? html`<aside class="recap" aria-label="${uk.article.recap}">${a.recap.paragraphs.map((p) => html`<p>${p}</p>`)}</aside>` : ''}
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
    ? html`<div class="photo-frame">${picture(photo.media, photo.alt || photo.caption, { sizes: '(min-width: 48rem) 44rem, 100vw', eager: true })}</div>`
    : '';
  return html`<figure class="lead-photo">${img}<figcaption>${photo.caption}${photo.credit ? html` <span class="credit">${uk.article.photoCredit}: ${photo.credit}</span>` : ''}</figcaption></figure>`;
}

function joinLinks(links: Array<{ href: string; text: string; rel?: string }>): Html {
  return html`${links.map((l, i) => html`${i ? ', ' : ''}<a href="${l.href}"${l.rel ? html` rel="${l.rel}"` : ''}>${l.text}</a>`)}`;
}

function head(site: SiteContext, a: Article, path: string): Html {
  const url = absolute(site, path);
  const image = a.photo?.media ? absolute(site, a.photo.media.url) : null;
  const published = kyivOffsetIso(a.publishedAt ?? a.createdAt);
  const modified = kyivOffsetIso(a.updatedAt);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    headline: a.title,
    description: a.lead || undefined,
    datePublished: published,
    dateModified: modified,
    author: a.authors.map((p) => ({ '@type': 'Person', name: p.name, url: absolute(site, authorPath(p)) })),
    image: image ? [image] : undefined,
    articleSection: a.sections.map((s) => s.name),
    keywords: a.tags.map((t) => t.name),
    inLanguage: uk.lang,
    isBasedOn: a.source ?? undefined,
    publisher: { '@type': 'NewsMediaOrganization', name: site.name, url: site.url },
  };
  return html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.name}">
<meta property="og:locale" content="${uk.locale}">
<meta property="og:title" content="${a.title}">
<meta property="og:description" content="${a.lead}">
<meta property="og:url" content="${url}">
${image ? html`<meta property="og:image" content="${image}">${a.photo?.media ? html`<meta property="og:image:width" content="${a.photo.media.width}"><meta property="og:image:height" content="${a.photo.media.height}">` : ''}<meta property="og:image:alt" content="${a.photo?.alt ?? ''}">` : ''}
<meta property="article:published_time" content="${published}">
<meta property="article:modified_time" content="${modified}">
${a.sections.at(-1) ? html`<meta property="article:section" content="${a.sections.at(-1)!.name}">` : ''}
${a.tags.map((t) => html`<meta property="article:tag" content="${t.name}">`)}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`;
}
