import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { preferredEncoding, type ContentCoding } from '../accept-encoding.js';
import { SESSION_COOKIE } from '../cookies.js';
import { HSTS } from '../security-headers.js';
import type { CachedPage, PageCache } from './page-cache.js';
import { COMPRESS_OVER, pageHeaders } from './page-headers.js';

/** What the fast path must add to an answer exactly as the app's hooks do. */
export interface FastHitDeps {
  cache: PageCache;
  /** The request id, as Fastify makes it (the app's genReqId: X-Request-Id or the next 'req-N'). */
  requestId(req: IncomingMessage): string;
  /** The security headers of a path, and whether HSTS always goes with them (an https site). */
  securityHeaders(path: string): Readonly<Record<string, string>>;
  alwaysHttps: boolean;
  /** Counts the answer in /metrics as the onResponse hook does. */
  observe(kind: string, status: number, seconds: number): void;
}

/** The URLs remembered; past it they are forgotten at once (a flood of distinct URLs only slows hits down). */
const REMEMBERED_URLS = 20_000;

/**
 * The page cache's hit answered before Fastify sees the request: the common case of a busy site
 * (an anonymous reader's plain GET of a page held fresh) costs the parsing of its URL, the
 * hooks and the reply of the framework otherwise, several times the work of sending the bytes.
 *
 * It answers only what it can answer exactly as the routed hit (respond.ts) does, with the same
 * status, headers and body: a GET of a URL the page cache's hook has already mapped to a cache
 * key (the route's declared query parameters: the mapping depends on the URL alone), fresh in
 * the cache, without Authorization or a session cookie, without a conditional header (a 304 is
 * left to the route), in plain bytes or a compressed form already made, over plain HTTP to a
 * site that is either always https or not proxied. Anything else, and everything while the app
 * closes, goes on to Fastify as before.
 */
export class FastHits {
  private readonly urls = new Map<string, { key: string; kind: string; path: string }>();
  /** Each page's headers after the request id, by encoding (identity, br, gzip): made once per stored page. */
  private readonly headerLists = new WeakMap<CachedPage, Array<string[] | undefined>>();
  closing = false;

  constructor(private readonly deps: FastHitDeps) {}

  /** The page cache's hook served this URL (a cacheable GET) a hit of `key`; `kind` is its metrics label. */
  remember(url: string, key: string, kind: string): void {
    if (this.urls.has(url)) return;
    if (this.urls.size >= REMEMBERED_URLS) this.urls.clear();
    const q = url.indexOf('?');
    this.urls.set(url, { key, kind, path: q < 0 ? url : url.slice(0, q) });
  }

  /** Answers the request from the cache when it can; false leaves it to Fastify untouched. */
  answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.closing || req.method !== 'GET') return false;
    const target = this.urls.get(req.url ?? '');
    if (!target) return false;
    const h = req.headers;
    if (h.authorization !== undefined || h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined) return false;
    if (h.cookie !== undefined && h.cookie.includes(SESSION_COOKIE)) return false;
    // HSTS follows the request's protocol unless the site is https: that reading is Fastify's (a trusted proxy's X-Forwarded-Proto).
    if (!this.deps.alwaysHttps && (h['x-forwarded-proto'] !== undefined || (req.socket as { encrypted?: boolean }).encrypted)) return false;
    const page = this.deps.cache.fresh(target.key);
    if (!page) return false;
    const encoding = page.body.length > COMPRESS_OVER ? preferredEncoding(h['accept-encoding']) : null;
    const body = encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.body;
    // The first request for a compressed form makes it on the routed path.
    if (!body) return false;
    const started = performance.now();
    this.deps.cache.hits++;
    this.deps.cache.hitsBeforeRouting++;
    res.writeHead(page.status, ['x-request-id', this.deps.requestId(req), ...this.headersOf(page, encoding, target.path, body.length)]);
    res.end(body);
    // Counted once the answer is handed to the socket (the routed answer's onResponse waits for 'finish': the same moment for a body this size).
    this.deps.observe(target.kind, page.status, (performance.now() - started) / 1000);
    return true;
  }

  /** In the order the hooks and respond.ts set them: security headers, the page's, its length. */
  private headersOf(page: CachedPage, encoding: ContentCoding | null, path: string, length: number): string[] {
    let lists = this.headerLists.get(page);
    if (!lists) this.headerLists.set(page, (lists = []));
    const slot = encoding === 'br' ? 1 : encoding === 'gzip' ? 2 : 0;
    let headers = lists[slot];
    if (!headers) {
      headers = [];
      const security = this.deps.securityHeaders(path);
      for (const name in security) headers.push(name, security[name]!);
      if (this.deps.alwaysHttps) headers.push('strict-transport-security', HSTS);
      const own = pageHeaders(page, encoding, 'HIT');
      for (const name in own) headers.push(name, own[name]!);
      headers.push('content-length', String(length));
      lists[slot] = headers;
    }
    return headers;
  }
}

/**
 * The server Fastify serves on (its serverFactory): node:http with Fastify's own settings, whose
 * requests the fast path answers first when it can.
 */
export function fastHitServer(hits: FastHits) {
  return (handler: http.RequestListener, options: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number }) => {
    const server = http.createServer((req, res) => {
      if (!hits.answer(req, res)) handler(req, res);
    });
    server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
    server.requestTimeout = options.requestTimeout ?? 0;
    server.setTimeout(options.connectionTimeout ?? 0);
    return server;
  };
}
