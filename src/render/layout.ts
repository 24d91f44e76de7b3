import { uk } from '../core/i18n/uk.js';
import { html, type Html } from './html.js';
import type { SiteContext } from './site.js';

export interface PageHead {
  title: string;
  description?: string;
  canonicalPath?: string;
  /** Extra tags for <head>: Open Graph, JSON-LD, feed links. */
  extraHead?: Html;
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
${head.extraHead ?? ''}
</head>
<body>
<a class="skip" href="#content">${uk.nav.skipToContent}</a>
<header class="masthead">
<div class="wrap">
<a class="logo" href="/">${site.name}</a>
<nav class="menu" aria-label="${uk.nav.mainMenu}"><ul>
${site.sections.map((s) => html`<li><a href="/${s.path}/">${s.name}</a></li>`)}
</ul></nav>
</div>
</header>
<main id="content" class="wrap" tabindex="-1">
${content}
</main>
<footer class="site"><div class="wrap">© ${site.now.getUTCFullYear()} ${site.name}. ${uk.footer.rights}.</div></footer>
</body>
</html>
`.value
  );
}
