import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { preferredEncoding, type ContentCoding } from '../accept-encoding.js';
import { cookieOf, SESSION_COOKIE } from '../cookies.js';
import type { FastHits } from './fast-hit.js';
import { etagOf, type CachedPage, type PageCache } from './page-cache.js';
import { COMPRESS_OVER, pageHeaders, type CacheState } from './page-headers.js';

export { etagFor, PUBLIC_CACHE_CONTROL } from './page-headers.js';

export interface PageResponse {
  status?: number;
  type?: string;
  body: string | Buffer;
  /** Change keys this response shows (see core/change-keys.ts). */
  deps: string[];
  /** Whatever is shown stops being true then (a breaking-news banner expiring). */
  validUntil?: Date | null;
  /**
   * When what it shows last changed (an article's edit, the newest item of a list), for
   * Last-Modified: a re-render of the same content must not look newer. Omitted (a search), the
   * render's time, kept as long as the bytes stay the same.
   */
  lastModified?: Date | null;
  location?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Set on every route that answers through the page cache: the query parameters it reads.
     * They and the path are its cache key, and they are all of `req.query` the route sees, so a
     * parameter it does not read (fbclid, utm_*, junk) can neither bypass the cache, nor fill it
     * with copies, nor change what is rendered.
     */
    pageQuery?: PageQuery;
  }
}

/** The query parameters a page reads: the same on every path of its route, or by path (the catch-all's). */
type PageQuery = readonly string[] | ((path: string) => readonly string[]);

const canonical = (names: readonly string[]) => Object.freeze([...new Set(names)].sort());

/** Route options of a page answering through the cache, reading these query parameters: `app.get(url, pageRoute('page'), …)`. */
export const pageRoute = (...query: string[]) => ({ config: { pageQuery: canonical(query) } });

/** As pageRoute, for a route whose paths read different parameters: `byPath` gives them for a path. */
export const pageRouteByPath = (byPath: (path: string) => readonly string[]) => ({ config: { pageQuery: (path: string) => canonical(byPath(path)) } });

/** The one predicate that decides what the page cache may serve: anonymous GET and HEAD. */
export function isCacheable(req: FastifyRequest): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !req.headers.authorization && cookieOf(req, SESSION_COOKIE) === undefined;
}

const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/** The query parameters a page request's route reads, or undefined for a route that is not a page. */
function pageQueryOf(req: FastifyRequest): readonly string[] | undefined {
  const declared = req.routeOptions.config?.pageQuery;
  return typeof declared === 'function' ? declared(pathOf(req.url)) : declared;
}

/**
 * The cache key of a page request: its path and the parameters its route reads, by name, each
 * value in the order given. '/news/?utm_source=x&page=2' and '/news/?page=2&fbclid=y' are one page.
 */
function keyOf(req: FastifyRequest): string {
  const known = (req as Timed)[kKey];
  if (known !== undefined) return known;
  const path = pathOf(req.url);
  const query = req.query as Record<string, string | string[] | undefined>;
  const parts: string[] = [];
  for (const name of pageQueryOf(req) ?? []) {
    const value = query[name];
    if (value !== undefined) for (const v of [value].flat()) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(v)}`);
  }
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

/** Only the parameters a page reads: what it renders depends on nothing else in the URL. */
function onlyDeclared(query: unknown, names: readonly string[]): Record<string, unknown> {
  const all = (query ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(all, name)) out[name] = all[name];
  return out;
}

/** When a cacheable request began (performance.now()): what changed after that may be missing from its render. */
const kRenderStart = Symbol('shpalta.renderStart');
/** The render this request registered (others wait for it), ended when it stores or closes. */
const kRender = Symbol('shpalta.render');
/** The request's cache key, made once before routing's handler runs. */
const kKey = Symbol('shpalta.cacheKey');
type Timed = FastifyRequest & { [kRenderStart]?: number; [kRender]?: object; [kKey]?: string };

/** The longest a request waits for another's render of the same page before rendering it itself. */
const SHARED_RENDER_WAIT_MS = 5_000;

/**
 * Answers cached pages before routing; a miss goes on to the route, which calls sendPage. While
 * one request renders a page, others for it wait and get its result: after a publication drops
 * the home page, a hundred readers asking for it at once cost one render, not a hundred.
 */
export function installPageCache(app: FastifyInstance, cache: PageCache, fast?: { hits: FastHits; kindOf(req: FastifyRequest): string }) {
  app.addHook('onRequest', async (req, reply) => {
    const declared = pageQueryOf(req);
    // Not a page (a media file, the newsroom, a sitemap): the cache is not asked.
    if (!declared) return;
    req.query = onlyDeclared(req.query, declared);
    if (!isCacheable(req)) return;
    (req as Timed)[kRenderStart] = performance.now();
    const key = ((req as Timed)[kKey] = keyOf(req));
    let page = cache.get(key);
    if (!page) {
      const rendering = cache.renderOf(key);
      // Another request is rendering it: the previous version, if kept, answers meanwhile.
      const previous = rendering ? cache.getStale(key) : undefined;
      if (previous) return serve(req, reply, previous, 'STALE');
      if (rendering) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([rendering, new Promise<void>((r) => (timer = setTimeout(r, SHARED_RENDER_WAIT_MS)))]);
        clearTimeout(timer);
        page = cache.get(key);
        if (page) cache.shared++;
        // Not served by the render it waited for: its own begins now.
        else (req as Timed)[kRenderStart] = performance.now();
      } else {
        const render = cache.beginRender(key);
        (req as Timed)[kRender] = render;
        // However the render ends (stored, failed, the client gone), the waiters are let go.
        reply.raw.once('close', () => cache.endRender(key, render));
      }
    }
    if (!page) return;
    // A URL asked for again while its page is held: the next GETs of it may be answered before
    // routing (fast-hit.ts). A URL asked for once (a crawler's walk) is never remembered.
    if (fast && req.method === 'GET') fast.hits.remember(req.url, key, fast.kindOf(req));
    return serve(req, reply, page, 'HIT');
  });
}

/** Renders a response through the cache: stored for the next reader, then served like a hit. */
export function sendPage(cache: PageCache, req: FastifyRequest, reply: FastifyReply, r: PageResponse) {
  if (!pageQueryOf(req)) throw new Error(`Route ${req.routeOptions.url} answers through the page cache but declares no pageQuery: give it pageRoute(…)`);
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  const now = Date.now();
  const validUntil = r.validUntil ? r.validUntil.getTime() : Infinity;
  const cacheable = isCacheable(req);
  const key = cacheable ? keyOf(req) : '';
  const etag = etagOf(body);
  const page: CachedPage = {
    status: r.status ?? 200,
    type: r.type ?? 'text/html; charset=utf-8',
    body,
    etag,
    lastModified: lastModifiedOf(r.lastModified, etag, cacheable ? cache.getStale(key) : undefined, now),
    deps: r.deps,
    freshUntil: Math.min(now + cache.ttlMs, validUntil),
    storedAt: now,
    ...(r.location ? { location: r.location } : {}),
  };
  if (cacheable) {
    // Something it shows changed while it was being rendered: this reader gets it, nobody else.
    if (!cache.changedSince(page.deps, (req as Timed)[kRenderStart] ?? 0)) cache.set(key, page);
    const render = (req as Timed)[kRender];
    if (render) cache.endRender(key, render);
  }
  return serve(req, reply, page, 'MISS');
}

const toHttpDate = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toUTCString();

/**
 * Last-Modified of a render: the same bytes as the copy it replaces keep that copy's date (a
 * re-render after a TTL or an unrelated change is not news to a client holding it); otherwise
 * the content's own last change as the route states it, never in the future, and never older
 * than the copy replaced (something left the list, a name changed: the page changed now).
 */
function lastModifiedOf(stated: Date | null | undefined, etag: string, previous: CachedPage | undefined, now: number): string {
  if (previous && previous.etag === etag) return previous.lastModified;
  const at = stated ? Math.min(stated.getTime(), now) : now;
  if (previous && Math.floor(at / 1000) * 1000 <= Date.parse(previous.lastModified)) return toHttpDate(now);
  return toHttpDate(at);
}

/** Serves a stale copy when rendering failed (the database is down); false when there is none. */
export function serveStale(cache: PageCache, req: FastifyRequest, reply: FastifyReply): boolean {
  if (!pageQueryOf(req) || !isCacheable(req)) return false;
  const page = cache.getStale(keyOf(req));
  if (!page) return false;
  void serve(req, reply, page, 'STALE');
  return true;
}

function serve(req: FastifyRequest, reply: FastifyReply, page: CachedPage, state: CacheState) {
  const encoding: ContentCoding | null = page.body.length > COMPRESS_OVER ? preferredEncoding(req.headers['accept-encoding']) : null;
  const headers = pageHeaders(page, encoding, state);
  reply.code(page.status);
  if (page.status === 200 && notModified(req, headers.etag!, page.lastModified)) {
    // A 304 says nothing of the body's coding.
    delete headers['content-encoding'];
    return reply.headers(headers).code(304).send();
  }
  reply.headers(headers);
  let body = page.body;
  if (encoding === 'br') body = page.br ??= zlib.brotliCompressSync(page.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  else if (encoding === 'gzip') body = page.gzip ??= zlib.gzipSync(page.body, { level: 6 });
  reply.header('content-length', body.length);
  // HEAD as well: Fastify's HEAD route sends the headers and drops the body (given null, it failed with a 500).
  return reply.send(body);
}

/** If-None-Match against the tag of the encoding this request gets (weak comparison); else If-Modified-Since. */
export function notModified(req: FastifyRequest, etag: string, lastModified: string | null): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
  const ims = req.headers['if-modified-since'];
  return ims !== undefined && lastModified !== null && Date.parse(ims) >= Date.parse(lastModified);
}
