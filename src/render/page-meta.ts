import { uk } from '../core/i18n/uk.js';
import { CROP_NAMES, cropPath, cropSize, type CropRatio } from '../core/media-sizes.js';
import type { MediaRef } from '../core/model.js';
import { LOGO } from './assets/logo.js';
import { html, jsonForScript, type Html } from './html.js';
import { absolute, type SiteContext } from './site.js';

/**
 * What a page tells link previews and search engines about itself: Open Graph and Twitter card
 * tags, and JSON-LD (schema.org) for Google's rich results. One place for all pages, so that the
 * home, list and article pages describe the site the same way.
 */

/** An image as previews and structured data want it: absolute, with its size. */
export interface PageImage {
  url: string;
  width: number;
  height: number;
  alt: string;
  type: string;
}

/** The site's logo (PNG: Google reads raster logos only), also the picture of pages without one. */
export const logoImage = (site: SiteContext): PageImage => ({
  url: absolute(site, LOGO.pngPath),
  width: LOGO.width,
  height: LOGO.height,
  alt: site.name,
  type: 'image/png',
});

/** A stored photo's crop of one ratio, named and sized without asking storage (core/media-sizes.ts). */
export function cropImage(site: SiteContext, media: MediaRef, ratio: CropRatio, alt: string): PageImage {
  return { url: absolute(site, cropPath(media.url, ratio)), ...cropSize(media.width, media.height, ratio), alt, type: 'image/jpeg' };
}

/** The three crops Google's article rich results ask for: 16:9, 4:3 and 1:1. */
export const articleImages = (site: SiteContext, media: MediaRef, alt: string): PageImage[] => CROP_NAMES.map((r) => cropImage(site, media, r, alt));

export interface SocialCard {
  /** Open Graph type: 'article', 'website' (home, sections, tags) or 'profile' (an author). */
  type: 'article' | 'website' | 'profile';
  title: string;
  description?: string | undefined;
  /** The canonical path of the page. */
  path: string;
  /** Absent: the site's logo. */
  image?: PageImage | undefined;
}

/**
 * Open Graph and Twitter card tags. A page with a wide picture (an article's 16:9 crop) gets the
 * large card; others a summary card with their square picture or the logo, so that a shared
 * section link is not a bare line.
 */
export function socialTags(site: SiteContext, card: SocialCard): Html {
  const image = card.image ?? logoImage(site);
  const wide = image.width >= 1.5 * image.height;
  return html`<meta property="og:type" content="${card.type}">
<meta property="og:site_name" content="${site.name}">
<meta property="og:locale" content="${uk.locale}">
<meta property="og:title" content="${card.title}">
${card.description ? html`<meta property="og:description" content="${card.description}">` : ''}
<meta property="og:url" content="${absolute(site, card.path)}">
<meta property="og:image" content="${image.url}">
<meta property="og:image:type" content="${image.type}">
<meta property="og:image:width" content="${image.width}">
<meta property="og:image:height" content="${image.height}">
<meta property="og:image:alt" content="${image.alt}">
<meta name="twitter:card" content="${wide ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${card.title}">
${card.description ? html`<meta name="twitter:description" content="${card.description}">` : ''}
<meta name="twitter:image" content="${image.url}">
<meta name="twitter:image:alt" content="${image.alt}">`;
}

/** JSON-LD nodes in one block, as a @graph: one script per page, whatever it describes. */
export const jsonLd = (nodes: object[]): Html =>
  html`<script type="application/ld+json">${jsonForScript({ '@context': 'https://schema.org', '@graph': nodes })}</script>`;

export const imageObject = (i: PageImage) => ({ '@type': 'ImageObject', url: i.url, width: i.width, height: i.height });

/** The newsroom as publisher: its name, home and logo (Google's Organization and Article docs). */
export const organization = (site: SiteContext) => ({
  '@type': 'NewsMediaOrganization',
  '@id': `${site.url}/#organization`,
  name: site.name,
  url: `${site.url}/`,
  logo: imageObject(logoImage(site)),
});

/** The site, with the search box Google may show under it: '/search?q=…'. */
export const website = (site: SiteContext) => ({
  '@type': 'WebSite',
  '@id': `${site.url}/#website`,
  name: site.name,
  url: `${site.url}/`,
  inLanguage: uk.lang,
  publisher: { '@id': `${site.url}/#organization` },
  potentialAction: {
    '@type': 'SearchAction',
    target: { '@type': 'EntryPoint', urlTemplate: `${site.url}/search?q={search_term_string}` },
    'query-input': 'required name=search_term_string',
  },
});

/** The trail the page shows ('Головна › Світ › Політика'), the home page first. */
export const breadcrumbList = (site: SiteContext, trail: Array<{ name: string; path: string }>) => ({
  '@type': 'BreadcrumbList',
  itemListElement: [{ name: uk.nav.home, path: '/' }, ...trail].map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: absolute(site, c.path) })),
});

/** A source given as an absolute http(s) URL, or null: 'glavcom.ua' names a source but is no URL. */
export const sourceUrl = (source: string | null): string | null => (source && /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(source) ? source : null);
