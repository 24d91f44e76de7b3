import { uk } from '../core/i18n/uk.js';
import { html, type Html } from './html.js';
import type { SiteContext } from './site.js';

export interface PageHead {
  title: string;
  description?: string;
  canonicalPath?: string;
  /** Feeds of this page's list: '/tag/x/' has '/tag/x/rss.xml' and '/tag/x/atom.xml'. */
  feedBase?: string;
  feedTitle?: string;
  /** Extra tags for <head>: Open Graph, JSON-LD. */
  extraHead?: Html;
  noindex?: boolean;
}


/** The shell every public page shares: landmarks, a skip link, the menu and the footer. */
export function layout(site: SiteContext, head: PageHead, content: Html): string {
  const fullTitle = head.title === site.name ? site.name : `${head.title} — ${site.name}`;
  return (
    '<!doctype html>\n' +
    html`<html lang="${uk.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
${head.description ? html`<meta name="description" content="${head.description}">` : ''}
${head.canonicalPath ? html`<link rel="canonical" href="${site.url + head.canonicalPath}">` : ''}
<link rel="stylesheet" href="${site.stylesheet}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/rss+xml" title="${site.name}" href="/rss.xml">
${head.feedBase ? html`<link rel="alternate" type="application/rss+xml" title="${head.feedTitle ?? head.title} — ${uk.feeds.rss}" href="${head.feedBase}rss.xml"><link rel="alternate" type="application/atom+xml" title="${head.feedTitle ?? head.title} — ${uk.feeds.atom}" href="${head.feedBase}atom.xml">` : ''}
${head.noindex ? html`<meta name="robots" content="noindex">` : ''}
${head.extraHead ?? ''}
</head>
<body>
<a class="skip" href="#content">${uk.nav.skipToContent}</a>
<header class="masthead">
<div class="wrap">
<a class="logo" href="/">${site.name}</a>
<a class="search-link" href="/search">${uk.search.title}</a>
<nav class="menu" aria-label="${uk.nav.mainMenu}"><ul>
${site.sections.map((s) => html`<li><a href="/${s.path}/">${s.name}</a></li>`)}
</ul></nav>
</div>
</header>
${site.breaking ? html`<div class="breaking" role="region" aria-label="${uk.breaking}"><div class="wrap"><strong>${uk.breaking}</strong> <a href="${site.breaking.path}">${site.breaking.title}</a></div></div>` : ''}
<main id="content" class="wrap" tabindex="-1">
${content}
</main>
<footer class="site"><div class="wrap">© ${site.now.getUTCFullYear()} ${site.name}. ${uk.footer.rights}. <a href="/rss.xml">${uk.feeds.rss}</a> · <a href="/atom.xml">${uk.feeds.atom}</a></div></footer>
</body>
</html>
`.value
  );
}
