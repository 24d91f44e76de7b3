import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { etagOf, type CachedPage, type PageCache } from './page-cache.js';

/**
 * For CDNs and browsers: readers get a page at most a minute old, a CDN may serve a stale copy
 * while it refetches, and for a day when we are down.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400';

const COMPRESS_OVER = 1024;

export interface PageResponse {
  status?: number;
  type?: string;
  body: string | Buffer;
  /** Change keys this response shows (see core/change-keys.ts). */
  deps: string[];
  /** Whatever is shown stops being true then (a breaking-news banner expiring). */
  validUntil?: Date | null;
  location?: string;
}

/** The one predicate that decides what the page cache may serve: anonymous GET and HEAD. */
export function isCacheable(req: FastifyRequest): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !req.headers.authorization && !/(^|;\s*)shpalta_session=/.test(req.headers.cookie ?? '');
}

const keyOf = (req: FastifyRequest) => req.url;

/** When a cacheable request began (performance.now()): what changed after that may be missing from its render. */
const kRenderStart = Symbol('shpalta.renderStart');
/** The render this request registered (others wait for it), ended when it stores or closes. */
const kRender = Symbol('shpalta.render');
type Timed = FastifyRequest & { [kRenderStart]?: number; [kRender]?: object };

/** The longest a request waits for another's render of the same page before rendering it itself. */
const SHARED_RENDER_WAIT_MS = 5_000;

/**
 * Answers cached pages before routing; a miss goes on to the route, which calls sendPage. While
 * one request renders a page, others for it wait and get its result: after a publication drops
 * the home page, a hundred readers asking for it at once cost one render, not a hundred.
 */
export function installPageCache(app: FastifyInstance, cache: PageCache) {
  app.addHook('onRequest', async (req, reply) => {
    if (!isCacheable(req)) return;
    (req as Timed)[kRenderStart] = performance.now();
    const key = keyOf(req);
    let page = cache.get(key);
    if (!page && cache.pageRoutes.has(req.routeOptions.url ?? '')) {
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
    if (page) return serve(req, reply, page, 'HIT');
  });
}

/** Renders a response through the cache: stored for the next reader, then served like a hit. */
export function sendPage(cache: PageCache, req: FastifyRequest, reply: FastifyReply, r: PageResponse) {
  const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
  const now = Date.now();
  const validUntil = r.validUntil ? r.validUntil.getTime() : Infinity;
  const page: CachedPage = {
    status: r.status ?? 200,
    type: r.type ?? 'text/html; charset=utf-8',
    body,
    etag: etagOf(body),
    lastModified: new Date(Math.floor(now / 1000) * 1000).toUTCString(),
    deps: r.deps,
    freshUntil: Math.min(now + cache.ttlMs, validUntil),
    storedAt: now,
    ...(r.location ? { location: r.location } : {}),
  };
  if (isCacheable(req)) {
    const key = keyOf(req);
    if (req.routeOptions.url) cache.pageRoutes.add(req.routeOptions.url);
    // Something it shows changed while it was being rendered: this reader gets it, nobody else.
    if (!cache.changedSince(page.deps, (req as Timed)[kRenderStart] ?? 0)) cache.set(key, page);
    const render = (req as Timed)[kRender];
    if (render) cache.endRender(key, render);
  }
  return serve(req, reply, page, 'MISS');
}

/** Serves a stale copy when rendering failed (the database is down); false when there is none. */
export function serveStale(cache: PageCache, req: FastifyRequest, reply: FastifyReply): boolean {
  if (!isCacheable(req)) return false;
  const page = cache.getStale(keyOf(req));
  if (!page) return false;
  void serve(req, reply, page, 'STALE');
  return true;
}

function serve(req: FastifyRequest, reply: FastifyReply, page: CachedPage, state: 'HIT' | 'MISS' | 'STALE') {
  reply
    .code(page.status)
    .header('content-type', page.type)
    .header('cache-control', PUBLIC_CACHE_CONTROL)
    .header('etag', page.etag)
    .header('last-modified', page.lastModified)
    .header('vary', 'Accept-Encoding')
    .header('x-cache', state);
  if (page.location) reply.header('location', page.location);
  if (page.status === 200 && notModified(req, page)) return reply.code(304).send();
  const encoding = page.body.length > COMPRESS_OVER ? pickEncoding(req.headers['accept-encoding']) : null;
  let body = page.body;
  if (encoding === 'br') body = page.br ??= zlib.brotliCompressSync(page.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  else if (encoding === 'gzip') body = page.gzip ??= zlib.gzipSync(page.body, { level: 6 });
  if (encoding) reply.header('content-encoding', encoding);
  reply.header('content-length', body.length);
  // HEAD as well: Fastify's HEAD route sends the headers and drops the body (given null, it failed with a 500).
  return reply.send(body);
}

function notModified(req: FastifyRequest, page: CachedPage): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag);
  const ims = req.headers['if-modified-since'];
  return ims !== undefined && Date.parse(ims) >= Date.parse(page.lastModified);
}

function pickEncoding(header: string | string[] | undefined): 'br' | 'gzip' | null {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const accepted = new Map<string, number>();
  for (const part of value.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  if ((accepted.get('br') ?? 0) > 0) return 'br';
  if ((accepted.get('gzip') ?? 0) > 0) return 'gzip';
  return null;
}
