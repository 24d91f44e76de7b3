import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../../core/errors.js';
import { uk } from '../../../core/i18n/uk.js';
import { articlePath, authorPath, sectionPath, tagPath } from '../../../core/model.js';
import { newsEntry, robotsTxt, sitemapIndex, SITEMAP_MAX_URLS, urlEntry, URLSET_CLOSE, urlsetOpen } from '../../../render/sitemap.js';
import type { ListKind, Schema } from '../../../storage/schema.js';
import { countPublishedArticles, firstPublishedIdOfBlock, listPagesAfter, publishedArticlesFrom, publishedSince, type ArticleLocRow } from '../../../storage/repositories/sitemap.js';
import type { PublicDeps } from '../../deps.js';

/** Rows read per query: large enough to be few queries, small enough to keep memory flat. */
export const SITEMAP_BATCH = 1000;
/** Google News reads articles of the last two days, at most 1000 of them. */
const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
const NEWS_MAX = 1000;

const XML_TYPE = 'application/xml; charset=utf-8';
/**
 * Sitemaps bypass the page cache: a file can be megabytes and is read by a few crawlers, not by
 * readers; five minutes in a CDN is enough to absorb repeated fetches.
 */
const SITEMAP_CACHE_CONTROL = 'public, max-age=300';

const locOf = (siteUrl: string, r: Pick<ArticleLocRow, 'id' | 'slug' | 'sectionPath'>) =>
  siteUrl + articlePath({ id: r.id, slug: r.slug, sections: r.sectionPath ? [{ path: r.sectionPath }] : [] });

/**
 * The urlset of one article sitemap, from `firstId` on: up to `max` published articles in id
 * order, read `batch` at a time by keyset (id ≥ next), each batch written out before the next is
 * read.
 */
export async function* articleSitemap(db: Kysely<Schema>, siteUrl: string, firstId: number, { max = SITEMAP_MAX_URLS, batch = SITEMAP_BATCH } = {}): AsyncGenerator<string> {
  yield urlsetOpen();
  let next = firstId;
  let left = max;
  while (left > 0) {
    const want = Math.min(batch, left);
    const rows = await publishedArticlesFrom(db, next, want);
    if (rows.length) yield rows.map((r) => urlEntry(locOf(siteUrl, r), r.updatedAt)).join('');
    if (rows.length < want) break;
    left -= rows.length;
    next = rows.at(-1)!.id + 1;
  }
  yield URLSET_CLOSE;
}

const LIST_PATH: Record<ListKind, (key: string) => string> = {
  section: (path) => sectionPath({ path }),
  tag: (slug) => tagPath({ slug }),
  author: (slug) => authorPath({ slug }),
};

/**
 * Section, tag or author pages with articles, by keyset over their ids. lastmod is the later of
 * the record's own change (a rename) and its newest article, which is when its page changed.
 * A site with more than 50,000 tags would need tags-<n>.xml like the articles; until then the
 * file stops at the protocol's limit rather than break it.
 */
export async function* listSitemap(db: Kysely<Schema>, siteUrl: string, kind: ListKind, { batch = SITEMAP_BATCH } = {}): AsyncGenerator<string> {
  yield urlsetOpen();
  let after = 0;
  let left = SITEMAP_MAX_URLS;
  while (left > 0) {
    const { pages, lastId } = await listPagesAfter(db, kind, after, batch);
    if (lastId === null) break;
    const kept = pages.slice(0, left);
    if (kept.length) yield kept.map((p) => urlEntry(siteUrl + LIST_PATH[kind](p.key), p.latestAt > p.updatedAt ? p.latestAt : p.updatedAt)).join('');
    left -= kept.length;
    after = lastId;
  }
  yield URLSET_CLOSE;
}

async function* newsSitemap(db: Kysely<Schema>, siteUrl: string, now: Date): AsyncGenerator<string> {
  yield urlsetOpen(true);
  const rows = await publishedSince(db, new Date(now.getTime() - NEWS_WINDOW_MS), NEWS_MAX);
  yield rows.map((r) => newsEntry({ loc: locOf(siteUrl, r), title: r.title, publishedAt: r.publishedAt, publicationName: uk.siteName, language: uk.lang })).join('');
  yield URLSET_CLOSE;
}

/** True when the client takes gzip (q > 0): a 50,000-URL sitemap shrinks about tenfold. */
function acceptsGzip(req: FastifyRequest): boolean {
  const header = req.headers['accept-encoding'];
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return name === 'gzip' && (q === undefined || Number(q) > 0);
  });
}

/**
 * Sends XML as it is produced: the generator runs only as fast as the client reads, so memory
 * holds one batch whatever the file's size. A database error midway ends the response early
 * (the status is already sent); the crawler retries later.
 */
function sendXml(req: FastifyRequest, reply: FastifyReply, chunks: AsyncIterable<string> | string) {
  reply.code(200).type(XML_TYPE).header('cache-control', SITEMAP_CACHE_CONTROL).header('vary', 'Accept-Encoding');
  if (req.method === 'HEAD') return reply.send();
  const source = typeof chunks === 'string' ? Readable.from([chunks]) : Readable.from(chunks);
  if (!acceptsGzip(req)) return reply.send(source);
  const gzip = zlib.createGzip({ level: 6 });
  // pipeline passes an error of the source on to gzip, which Fastify is reading from.
  pipeline(source, gzip, () => {});
  return reply.header('content-encoding', 'gzip').send(gzip);
}

const ARTICLE_SITEMAP = /^articles-([1-9]\d{0,6})\.xml$/;

export function sitemapRoutes(app: FastifyInstance, deps: PublicDeps) {
  const db = deps.database.db;
  const { siteUrl } = deps;

  // The index is small (one line per 50,000 articles) and costs one count: built whole.
  app.get('/sitemap.xml', async (req, reply) => {
    const files = Math.ceil((await countPublishedArticles(db)) / SITEMAP_MAX_URLS);
    const locs = Array.from({ length: files }, (_, i) => `${siteUrl}/sitemaps/articles-${i + 1}.xml`);
    for (const name of ['sections', 'tags', 'authors', 'news']) locs.push(`${siteUrl}/sitemaps/${name}.xml`);
    return sendXml(req, reply, sitemapIndex(locs));
  });

  app.get('/sitemaps/sections.xml', async (req, reply) => sendXml(req, reply, listSitemap(db, siteUrl, 'section')));
  app.get('/sitemaps/tags.xml', async (req, reply) => sendXml(req, reply, listSitemap(db, siteUrl, 'tag')));
  app.get('/sitemaps/authors.xml', async (req, reply) => sendXml(req, reply, listSitemap(db, siteUrl, 'author')));
  app.get('/sitemaps/news.xml', async (req, reply) => sendXml(req, reply, newsSitemap(db, siteUrl, new Date())));

  /**
   * '/sitemaps/articles-<n>.xml': the n-th block of 50,000 published articles in id order. Its
   * first id is found with one OFFSET over ids; the rest is keyset. Publishing or unpublishing
   * shifts later blocks by a few articles, so one may briefly sit in two files or none: crawlers
   * reread sitemaps, and fixed id ranges instead would leave files half empty after deletions.
   */
  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (req, reply) => {
    const m = ARTICLE_SITEMAP.exec(req.params.file);
    if (!m) throw errors.notFound('Sitemap');
    const firstId = await firstPublishedIdOfBlock(db, Number(m[1]) - 1, SITEMAP_MAX_URLS);
    if (firstId === null) throw errors.notFound('Sitemap');
    return sendXml(req, reply, articleSitemap(db, siteUrl, firstId));
  });

  app.get('/robots.txt', async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', SITEMAP_CACHE_CONTROL).send(robotsTxt(siteUrl)),
  );
}
