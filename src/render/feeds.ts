import { uk } from '../core/i18n/uk.js';
import { kyivOffsetIso } from '../core/kyiv-time.js';
import { articlePath, authorPath, type ArticleSummary, type Block, type Correction, type LeadPhoto, type Recap } from '../core/model.js';
import { renderBlock } from './blocks.js';
import { renderRichText } from './rich-text.js';
import { correctionText } from './corrections.js';
import { html } from './html.js';
import { xml, XML_DECLARATION, type Xml } from './xml.js';

/** One list's feed: what the channel says about itself. Paths are the site's own ('/ukraina/'). */
export interface FeedChannel {
  /** Absolute origin without a trailing slash. */
  siteUrl: string;
  title: string;
  description: string;
  /** The HTML page this feed follows: '/', '/ukraina/', '/tag/kyiv/'. */
  pagePath: string;
  /** Where this feed itself lives: '/ukraina/rss.xml'. */
  selfPath: string;
  /**
   * What the feed is about, by id ('site', 'section:3'): the Atom feed id is built from it, so
   * renaming a section or a tag does not make readers see a new feed.
   */
  key: string;
  /** The time to show when the feed has no items. */
  builtAt: Date;
}

/** An article in a feed. The body and recap are there only in full-text feeds. */
export interface FeedEntry extends ArticleSummary {
  body?: Block[] | null;
  recap?: Recap | null;
  /** The current paths of the published articles its text links to (full-text feeds). */
  links?: ReadonlyMap<number, string>;
  /** The marked corrections and updates, newest first: their notes follow the text. */
  corrections?: Correction[];
  /** Size of the lead photo's file, for the RSS enclosure's required length. */
  photoBytes?: number | null;
}

/**
 * The year in the tag: URIs. RFC 4151 wants a date on which the site owned its domain; it must
 * never change, or every reader would see every item as new.
 */
const TAG_URI_DATE = '2026';

const hostOf = (siteUrl: string) => new URL(siteUrl).hostname;

/**
 * The identity of an article in every feed: built from its id alone, so a new title (and so a
 * new slug and link) or a move to another section is an update, not a new item.
 */
export const articleTagUri = (siteUrl: string, id: number) => `tag:${hostOf(siteUrl)},${TAG_URI_DATE}:article:${id}`;
const feedTagUri = (siteUrl: string, key: string) => `tag:${hostOf(siteUrl)},${TAG_URI_DATE}:feed:${key}`;

const published = (a: ArticleSummary) => a.publishedAt ?? a.createdAt;
/** An edit can predate publication (a scheduled article): 'updated' is never before 'published'. */
const updated = (a: ArticleSummary) => new Date(Math.max(a.updatedAt.getTime(), published(a).getTime()));

/** When the channel last changed: its newest item change, or the build time when it is empty. */
function lastChange(channel: FeedChannel, entries: FeedEntry[]): Date {
  const times = entries.map((e) => updated(e).getTime());
  return times.length ? new Date(Math.max(...times)) : channel.builtAt;
}

/** A site path or an absolute http(s) URL made absolute; anything else (javascript:, data:) is dropped. */
function absoluteUrl(siteUrl: string, url: string): string | null {
  if (url.startsWith('/') && !url.startsWith('//')) return siteUrl + url;
  return /^https?:\/\//i.test(url) ? url : null;
}

/** Sections from the root, then tags: the names a reader can filter by. */
const categories = (a: ArticleSummary) => [...a.sections.map((s) => s.name), ...a.tags.map((t) => t.name)];

export function renderRss(channel: FeedChannel, entries: FeedEntry[]): string {
  const { siteUrl } = channel;
  const items = entries.map((a) => {
    const link = siteUrl + articlePath(a);
    const photo = a.photo?.media ? a.photo : null;
    const content = a.body ? articleHtml(siteUrl, a) : null;
    return xml`<item>
<title>${rssText(a.title)}</title>
<link>${link}</link>
<guid isPermaLink="false">${articleTagUri(siteUrl, a.id)}</guid>
<pubDate>${published(a).toUTCString()}</pubDate>
${a.authors.map((p) => xml`<dc:creator>${p.name}</dc:creator>\n`)}${categories(a).map((c) => xml`<category>${c}</category>\n`)}${a.lead ? xml`<description>${leadHtml(a.lead)}</description>\n` : ''}${content !== null ? xml`<content:encoded>${content}</content:encoded>\n` : ''}${photo ? rssPhoto(siteUrl, photo, a.photoBytes ?? null) : ''}</item>
`;
  });
  return `${XML_DECLARATION}${xml`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>${rssText(channel.title)}</title>
<link>${siteUrl + channel.pagePath}</link>
<description>${channel.description}</description>
<language>${uk.lang}</language>
<lastBuildDate>${lastChange(channel, entries).toUTCString()}</lastBuildDate>
<atom:link href="${siteUrl + channel.selfPath}" rel="self" type="application/rss+xml"/>
${items}</channel>
</rss>
`}`;
}

/**
 * The lead photo twice: <enclosure> is what most readers show, but RSS requires its length,
 * so it is there only when the stored size is known; Media RSS needs no length and also
 * carries the caption and the credit.
 */
function rssPhoto(siteUrl: string, photo: LeadPhoto, bytes: number | null): Xml {
  const m = photo.media!;
  const url = siteUrl + m.url;
  return xml`${bytes ? xml`<enclosure url="${url}" type="${m.mime}" length="${bytes}"/>\n` : ''}<media:content url="${url}" type="${m.mime}" medium="image"${m.width ? xml` width="${m.width}" height="${m.height}"` : ''}${bytes ? xml` fileSize="${bytes}"` : ''}>${photo.caption ? xml`<media:description type="plain">${photo.caption}</media:description>` : ''}${photo.credit ? xml`<media:credit>${photo.credit}</media:credit>` : ''}</media:content>
`;
}

export function renderAtom(channel: FeedChannel, entries: FeedEntry[]): string {
  const { siteUrl } = channel;
  const items = entries.map((a) => {
    const photo = a.photo?.media ?? null;
    const content = a.body ? articleHtml(siteUrl, a) : null;
    return xml`<entry>
<id>${articleTagUri(siteUrl, a.id)}</id>
<title type="text">${a.title}</title>
<link rel="alternate" type="text/html" href="${siteUrl + articlePath(a)}"/>
<published>${kyivOffsetIso(published(a))}</published>
<updated>${kyivOffsetIso(updated(a))}</updated>
${a.authors.map((p) => xml`<author><name>${p.name}</name><uri>${siteUrl + authorPath(p)}</uri></author>\n`)}${categories(a).map((c) => xml`<category term="${c}"/>\n`)}${a.lead ? xml`<summary type="text">${a.lead}</summary>\n` : ''}${content !== null ? xml`<content type="html">${content}</content>\n` : ''}${photo ? xml`<link rel="enclosure" type="${photo.mime}" href="${siteUrl + photo.url}"${a.photoBytes ? xml` length="${a.photoBytes}"` : ''}/>\n` : ''}</entry>
`;
  });
  // The feed-level author covers entries without a byline: Atom requires one for every entry.
  return `${XML_DECLARATION}${xml`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${uk.lang}">
<id>${feedTagUri(siteUrl, channel.key)}</id>
<title type="text">${channel.title}</title>
<subtitle type="text">${channel.description}</subtitle>
<updated>${kyivOffsetIso(lastChange(channel, entries))}</updated>
<link rel="alternate" type="text/html" href="${siteUrl + channel.pagePath}"/>
<link rel="self" type="application/atom+xml" href="${siteUrl + channel.selfPath}"/>
<author><name>${uk.siteName}</name><uri>${siteUrl}/</uri></author>
${items}</feed>
`}`;
}

/**
 * An RSS title is meant as plain text, but RSS never said so and parsers disagree: feedparser
 * and many readers take it as HTML, so a headline quoting '<b>' would lose it and one with
 * '&lt;' in its text would show '<'. Written as HTML text ('&', '<' and '>' escaped for HTML,
 * then the whole once more for XML) it reads as typed wherever it is taken as HTML. Quotes and
 * apostrophes (м'ясо) need no escape in HTML text and are left alone, so the common headline
 * reads the same to every parser. Atom says type="text" and needs none of this.
 */
const rssText = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/** RSS descriptions are HTML by convention: the lead, plain text, is made HTML first. */
const leadHtml = (lead: string) => html`${lead}`.value;

/**
 * The whole article as HTML for full-text feeds: photo, lead, body, the notes of its corrections, recap. The result is a
 * string of HTML that the XML template then escapes once more, as text inside the feed.
 */
export function articleHtml(siteUrl: string, a: FeedEntry): string {
  const photo = a.photo;
  const photoUrl = photo?.media ? siteUrl + photo.media.url : null;
  const figure = photo && (photoUrl || photo.caption)
    ? html`<figure>${photoUrl ? html`<img src="${photoUrl}" alt="${photo.alt || photo.caption}"${photo.media!.width ? html` width="${photo.media!.width}" height="${photo.media!.height}"` : ''}>` : ''}${photo.caption || photo.credit ? html`<figcaption>${photo.caption}${photo.credit ? html` ${uk.article.photoCredit}: ${photo.credit}` : ''}</figcaption>` : ''}</figure>\n`
    : '';
  const opts = { url: (u: string) => absoluteUrl(siteUrl, u), lazy: false, articlePath: (id: number) => a.links?.get(id) ?? null };
  return html`${figure}${a.lead ? html`<p><strong>${a.lead}</strong></p>\n` : ''}${(a.body ?? []).map((b) => renderBlock(b, opts))}${(a.corrections ?? []).map((c) => html`<p><em>${correctionText(c)}</em></p>\n`)}${a.recap?.paragraphs.map((p) => html`<p>${renderRichText(p, opts)}</p>\n`) ?? ''}`.value;
}

