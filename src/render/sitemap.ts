import { kyivOffsetIso } from '../core/kyiv-time.js';
import { xml, XML_DECLARATION } from './xml.js';

/**
 * Pieces of sitemaps (sitemaps.org 0.9 and Google News 0.9). They are fragments, not whole
 * documents, because the routes stream a sitemap batch by batch: the opening, then entries as
 * the rows arrive, then the closing.
 */

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** The protocol's limit of URLs per sitemap file (and of files per index). */
export const SITEMAP_MAX_URLS = 50_000;

/** W3C Datetime, with Kyiv's offset like the rest of the site's machine-readable dates. */
const w3c = (d: Date) => kyivOffsetIso(d);

/**
 * The index: each sitemap with when it last changed, so that a crawler rereads only those.
 * The schema requires at least one <sitemap>: the caller always lists the home page's.
 */
export function sitemapIndex(files: Array<{ loc: string; lastmod: Date | null }>): string {
  const entries = files.map((f) => xml`<sitemap><loc>${f.loc}</loc>${f.lastmod ? xml`<lastmod>${w3c(f.lastmod)}</lastmod>` : ''}</sitemap>\n`);
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${entries.join('')}</sitemapindex>\n`;
}

/** The start of a <urlset>; with `news`, the Google News namespace is declared too. */
export const urlsetOpen = (news = false) => `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}"${news ? ` xmlns:news="${NEWS_NS}"` : ''}>\n`;

export const URLSET_CLOSE = '</urlset>\n';

/** A URL with its last change: a Date, or already W3C text (a day alone: '2026-01-07'). */
export function urlEntry(loc: string, lastmod?: Date | string | null): string {
  const text = lastmod instanceof Date ? w3c(lastmod) : lastmod;
  return xml`<url><loc>${loc}</loc>${text ? xml`<lastmod>${text}</lastmod>` : ''}</url>\n`.value;
}

export interface NewsEntry {
  loc: string;
  title: string;
  /** W3C Datetime text: a day alone when the time of publication is unknown. */
  publicationDate: string;
  publicationName: string;
  language: string;
}

export function newsEntry(e: NewsEntry): string {
  return xml`<url><loc>${e.loc}</loc><news:news><news:publication><news:name>${e.publicationName}</news:name><news:language>${e.language}</news:language></news:publication><news:publication_date>${e.publicationDate}</news:publication_date><news:title>${e.title}</news:title></news:news></url>\n`.value;
}

/**
 * Everything may be crawled but the newsroom's tools and the API. '/admin/' and '/admin$'
 * rather than a bare '/admin', which as a prefix would also hide a section such as
 * '/administratsiia/'. A crawler that does not know '$' reads '/admin$' literally and so blocks
 * nothing more.
 */
export function robotsTxt(siteUrl: string): string {
  return `User-agent: *\nDisallow: /admin$\nDisallow: /admin/\nDisallow: /api/\nAllow: /\n\nSitemap: ${siteUrl}/sitemap.xml\n`;
}
