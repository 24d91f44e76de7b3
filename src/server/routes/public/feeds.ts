import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeKeys } from '../../../core/change-keys.js';
import { errors } from '../../../core/errors.js';
import { uk } from '../../../core/i18n/uk.js';
import { authorPath, sectionPath, tagPath, type ArticleSummary } from '../../../core/model.js';
import { renderAtom, renderRss, type FeedChannel } from '../../../render/feeds.js';
import { listInList, listPublished } from '../../../storage/repositories/articles.js';
import { feedExtras } from '../../../storage/repositories/feeds.js';
import { publicAuthorBySlug, publicTagBySlug } from '../../../storage/repositories/people-and-tags.js';
import { articleLinks, lastChangeOf } from '../../../services/public-content.js';
import { sectionChainByPath } from '../../../storage/repositories/sections.js';
import { pageRoute, sendPage } from '../../cache/respond.js';
import type { PublicDeps } from '../../deps.js';

/** Items per feed: a day or two of a busy newsroom, enough for a reader polling hourly. */
export const FEED_SIZE = 30;

export type FeedFormat = 'rss' | 'atom';

export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

/** A feed before rendering: the channel, its items, and the change keys that must drop it from the cache. */
interface FeedSource {
  channel: Omit<FeedChannel, 'siteUrl' | 'selfPath' | 'builtAt'>;
  items: ArticleSummary[];
  deps: string[];
  /** Only the site feed carries whole articles: list feeds are for following, not reading. */
  fullText: boolean;
}

const titled = (name: string) => uk.feeds.title(name, uk.siteName);

async function siteFeed(deps: PublicDeps): Promise<FeedSource> {
  return {
    channel: { title: uk.siteName, description: uk.feeds.siteDescription, pagePath: '/', key: 'site' },
    items: await listPublished(deps.database.db, { limit: FEED_SIZE }),
    // 'home' changes whenever any published article does, which is what this feed lists.
    deps: [changeKeys.home],
    fullText: true,
  };
}

async function sectionFeed(deps: PublicDeps, path: string): Promise<FeedSource> {
  const db = deps.database.db;
  const chain = await sectionChainByPath(db, path);
  const section = chain.at(-1);
  if (!section || section.path !== path) throw errors.notFound('Section');
  return {
    channel: { title: titled(section.name), description: uk.feeds.sectionDescription(section.name), pagePath: sectionPath(section), key: `section:${section.id}` },
    // The section's list holds its subsections' articles too (article_listings has a row per ancestor).
    items: await listInList(db, 'section', section.id, { limit: FEED_SIZE }),
    deps: [changeKeys.sectionList(section.id), ...chain.map((s) => changeKeys.section(s.id))],
    fullText: false,
  };
}

async function tagFeed(deps: PublicDeps, slug: string): Promise<FeedSource> {
  const tag = await publicTagBySlug(deps.database.db, slug);
  if (!tag) throw errors.notFound('Tag');
  return {
    channel: { title: titled(tag.name), description: uk.feeds.tagDescription(tag.name), pagePath: tagPath(tag), key: `tag:${tag.id}` },
    items: await listInList(deps.database.db, 'tag', tag.id, { limit: FEED_SIZE }),
    deps: [changeKeys.tag(tag.id), changeKeys.tagList(tag.id)],
    fullText: false,
  };
}

async function authorFeed(deps: PublicDeps, slug: string): Promise<FeedSource> {
  const author = await publicAuthorBySlug(deps.database.db, slug);
  if (!author) throw errors.notFound('Author');
  return {
    channel: { title: titled(author.name), description: uk.feeds.authorDescription(author.name), pagePath: authorPath(author), key: `author:${author.id}` },
    items: await listInList(deps.database.db, 'author', author.id, { limit: FEED_SIZE }),
    deps: [changeKeys.author(author.id), changeKeys.authorList(author.id)],
    fullText: false,
  };
}

/** Renders a feed through the page cache, like any page: one render per change, not per poll. */
async function sendFeed(deps: PublicDeps, req: FastifyRequest, reply: FastifyReply, format: FeedFormat, source: FeedSource) {
  const extras = await feedExtras(deps.database.db, source.items.map((a) => a.id), source.fullText);
  // Full text links to our articles at their current paths: every item's links resolved in one query.
  const links = await articleLinks(deps.database, extras.values());
  const entries = source.items.map((a) => ({ ...a, ...extras.get(a.id), links: links.paths }));
  const channel: FeedChannel = {
    ...source.channel,
    siteUrl: deps.siteUrl,
    selfPath: `${source.channel.pagePath}${format}.xml`,
    builtAt: new Date(),
  };
  const body = format === 'rss' ? renderRss(channel, entries) : renderAtom(channel, entries);
  const keys = [...source.deps, ...links.ids.map((id) => changeKeys.article(id))];
  return sendPage(deps.cache, req, reply, { body, type: FEED_TYPES[format], deps: keys, lastModified: lastChangeOf(source.items) });
}

const SECTION_FEED = /^\/([a-z0-9-]+(?:\/[a-z0-9-]+)*)\/(rss|atom)\.xml$/;

/**
 * '/<section path>/rss.xml' and '/atom.xml' under it. Section paths have any depth, so these
 * cannot be routes of their own: the pages catch-all hands over every path ending in a feed name.
 */
export async function sendSectionFeed(deps: PublicDeps, req: FastifyRequest, reply: FastifyReply, pathname: string) {
  const m = SECTION_FEED.exec(pathname);
  if (!m) throw errors.notFound('Feed');
  return sendFeed(deps, req, reply, m[2] as FeedFormat, await sectionFeed(deps, m[1]!));
}

/** The site's, tags' and authors' feeds; sections' come through sendSectionFeed. */
export function feedRoutes(app: FastifyInstance, deps: PublicDeps) {
  for (const format of ['rss', 'atom'] as const) {
    app.get(`/${format}.xml`, pageRoute(), async (req, reply) => sendFeed(deps, req, reply, format, await siteFeed(deps)));
    app.get<{ Params: { slug: string } }>(`/tag/:slug/${format}.xml`, pageRoute(), async (req, reply) => sendFeed(deps, req, reply, format, await tagFeed(deps, req.params.slug)));
    app.get<{ Params: { slug: string } }>(`/author/:slug/${format}.xml`, pageRoute(), async (req, reply) => sendFeed(deps, req, reply, format, await authorFeed(deps, req.params.slug)));
  }
}
