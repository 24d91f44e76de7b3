import { Readable, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import type { Kysely } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../../core/errors.js';
import { uk } from '../../../core/i18n/uk.js';
import { articlePath, authorPath, sectionPath, tagPath } from '../../../core/model.js';
import { newsEntry, robotsTxt, sitemapIndex, SITEMAP_MAX_URLS, urlEntry, URLSET_CLOSE, urlsetOpen } from '../../../render/sitemap.js';
import type { ListKind, Schema } from '../../../storage/schema.js';
import { articleDates } from '../../../render/article-dates.js';
import { articleRangeLastChange, firstPublishedIdOfBlock, listKindLastChange, listPagesAfter, publishedArticlesFrom, publishedSince, type ArticleLocRow } from '../../../storage/repositories/sitemap.js';
import type { PublicDeps } from '../../deps.js';
import { preferredEncoding } from '../../accept-encoding.js';

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
    if (rows.length) yield rows.map((r) => urlEntry(locOf(siteUrl, r), articleDates(r).modifiedText)).join('');
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

/**
 * What the news sitemap lists: the articles of the last two days, or when there are none the
 * newest article without its news fields (Google: older URLs may stay if their <news:news> is
 * removed). A <urlset> must hold at least one <url>, so an empty one would be invalid; on a site
 * with no article at all there is no news sitemap. `news` says which of the two it is.
 */
async function newsRows(db: Kysely<Schema>, now: Date): Promise<{ rows: ArticleLocRow[]; news: boolean }> {
  const recent = await publishedSince(db, new Date(now.getTime() - NEWS_WINDOW_MS), NEWS_MAX);
  return recent.length ? { rows: recent, news: true } : { rows: await publishedSince(db, null, 1), news: false };
}

function newsSitemap({ rows, news }: { rows: ArticleLocRow[]; news: boolean }, siteUrl: string): string {
  const entries = rows.map((r) => {
    const dates = articleDates(r);
    if (!news) return urlEntry(locOf(siteUrl, r), dates.modifiedText);
    return newsEntry({ loc: locOf(siteUrl, r), title: r.title, publicationDate: dates.publishedText, publicationName: uk.siteName, language: uk.lang });
  });
  return urlsetOpen(news) + entries.join('') + URLSET_CLOSE;
}

/** When any of these articles last changed (an edit or its publication). */
const lastChangeOf = (rows: ArticleLocRow[]) => rows.reduce<Date | null>((m, r) => (m && m > articleDates(r).modified ? m : articleDates(r).modified), null);

/**
 * Every sitemap with when it last changed, for the index. A sitemap with nothing to list is
 * left out (and answers 404): the schema allows no empty <urlset>. The home page's is always
 * there, so the index is never empty either. Costs a few indexed queries per 50,000 articles.
 */
async function sitemapFiles(db: Kysely<Schema>, siteUrl: string, now: Date): Promise<Array<{ loc: string; lastmod: Date | null }>> {
  const file = (name: string) => `${siteUrl}/sitemaps/${name}.xml`;
  const newest = await publishedSince(db, null, 1);
  const files = [{ loc: file('pages'), lastmod: lastChangeOf(newest) }];
  const firsts: number[] = [];
  for (let i = 0; ; i++) {
    const first = await firstPublishedIdOfBlock(db, i, SITEMAP_MAX_URLS);
    if (first === null) break;
    firsts.push(first);
  }
  for (const [i, first] of firsts.entries()) files.push({ loc: file(`articles-${i + 1}`), lastmod: await articleRangeLastChange(db, first, firsts[i + 1] ?? null) });
  for (const [name, kind] of [['sections', 'section'], ['tags', 'tag'], ['authors', 'author']] as const) {
    const lastmod = await listKindLastChange(db, kind);
    if (lastmod) files.push({ loc: file(name), lastmod });
  }
  const news = await newsRows(db, now);
  if (news.rows.length) files.push({ loc: file('news'), lastmod: lastChangeOf(news.rows) });
  return files;
}

/** The home page: the one URL every site has, so the index always lists a sitemap. */
async function pagesSitemap(db: Kysely<Schema>, siteUrl: string): Promise<string> {
  return urlsetOpen() + urlEntry(`${siteUrl}/`, lastChangeOf(await publishedSince(db, null, 1))) + URLSET_CLOSE;
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
  // A 50,000-URL sitemap shrinks about tenfold in gzip, the one coding crawlers all take.
  if (preferredEncoding(req.headers['accept-encoding'], ['gzip']) !== 'gzip') return reply.send(source);
  const gzip = zlib.createGzip({ level: 6 });
  // pipeline passes an error of the source on to gzip, which Fastify is reading from.
  pipeline(source, gzip, () => {});
  return reply.header('content-encoding', 'gzip').send(gzip);
}

const ARTICLE_SITEMAP = /^articles-([1-9]\d{0,6})\.xml$/;

export function sitemapRoutes(app: FastifyInstance, deps: PublicDeps) {
  const db = deps.database.db;
  const { siteUrl } = deps;

  // The index is small (one line per 50,000 articles): built whole.
  app.get('/sitemap.xml', async (req, reply) => sendXml(req, reply, sitemapIndex(await sitemapFiles(db, siteUrl, new Date()))));

  app.get('/sitemaps/pages.xml', async (req, reply) => sendXml(req, reply, await pagesSitemap(db, siteUrl)));
  for (const [name, kind] of [['sections', 'section'], ['tags', 'tag'], ['authors', 'author']] as const) {
    app.get(`/sitemaps/${name}.xml`, async (req, reply) => {
      if (!(await listKindLastChange(db, kind))) throw errors.notFound('Sitemap');
      return sendXml(req, reply, listSitemap(db, siteUrl, kind));
    });
  }
  app.get('/sitemaps/news.xml', async (req, reply) => {
    const news = await newsRows(db, new Date());
    if (!news.rows.length) throw errors.notFound('Sitemap');
    return sendXml(req, reply, newsSitemap(news, siteUrl));
  });

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
