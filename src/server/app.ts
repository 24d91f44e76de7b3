import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { changeKeys } from '../core/change-keys.js';
import { DEFAULT_PREVIEW_FETCH } from '../services/social-preview/fetch.js';
import { ping, type Database } from '../storage/database.js';
import { ChangeFeed } from './cache/change-feed.js';
import { PageCache } from './cache/page-cache.js';
import { installPageCache } from './cache/respond.js';
import { FastHits, fastHitServer } from './cache/fast-hit.js';
import { localMediaStore, type MediaStore } from '../storage/media-store.js';
import { installGuard } from './admin/guard.js';
import { installCookies } from './cookies.js';
import { newsroomRoutes } from './admin/routes.js';
import type { PublicDeps } from './deps.js';
import { Metrics, opsRoutes, routeKind, type ReadinessCheck } from './ops.js';
import { RedisBus } from './cache/redis-bus.js';
import { trackUnfinished, type Unfinished } from './drain.js';
import { fastifyTrustProxy } from './proxy.js';
import { frameworkErrorHandler, installErrorHandling } from './errors.js';
import { articleApiRoutes } from './routes/api/articles/routes.js';
import { assetRoutes } from './routes/public/assets.js';
import { mediaRoutes } from './routes/public/media.js';
import { feedRoutes } from './routes/public/feeds.js';
import { pageRoutes } from './routes/public/pages.js';
import { searchRoutes } from './routes/public/search.js';
import { installSecurityHeaders, securityHeadersOf } from './security-headers.js';
import { sitemapRoutes } from './routes/public/sitemaps.js';
import { siteContextSource } from './site-context.js';

export interface AppDeps {
  config: Pick<Config, 'siteUrl' | 'mediaDir' | 'logLevel'> & Partial<Pick<Config, 'cacheMaxBytes' | 'cacheTtlSeconds' | 'maxUploadBytes' | 'redisUrl' | 'trustProxy' | 'metricsToken' | 'socialPreview'>>;
  /** The primary: every write, and every read of the newsroom. */
  database: Database;
  /** A read replica (DATABASE_REPLICA_URL): public pages, feeds, search and the public API read it. */
  replica?: Database;
  /** The newsroom's notion of now (sessions, scheduling, revisions): tests move it. */
  clock?: () => Date;
  /** Where media files are kept (MEDIA_STORE); the folder `config.mediaDir` when not given. */
  media?: MediaStore;
}

export type ShpaltaApp = FastifyInstance & { shpalta: PublicDeps; unfinished: Unfinished };

/** Builds the whole HTTP app; it never listens (tests use inject, main.ts listens). */
export async function buildApp(deps: AppDeps): Promise<ShpaltaApp> {
  const { config, database } = deps;
  // What readers see is read from the replica when there is one; its change log says when.
  const reader = deps.replica ?? database;
  const cache = new PageCache({ maxBytes: config.cacheMaxBytes ?? 64 * 1024 * 1024, ttlMs: (config.cacheTtlSeconds ?? 300) * 1000 });
  const changes = new ChangeFeed(reader, { followsReplica: deps.replica !== undefined });
  const clock = deps.clock ?? (() => new Date());
  // The banner's hour is counted on the clock that publishes.
  const site = siteContextSource(reader, config.siteUrl, clock);
  changes.onChange((keys) => {
    if (keys.includes(changeKeys.site)) site.invalidate();
    cache.invalidate(keys);
  });
  const publicDeps: PublicDeps = { database: reader, primary: database, cache, site, changes, siteUrl: config.siteUrl, metrics: new Metrics(cache, database) };
  const maxUploadBytes = config.maxUploadBytes ?? 20 * 1024 * 1024;
  const media = deps.media ?? localMediaStore(config.mediaDir);
  const requestLogging = config.logLevel === 'debug' || config.logLevel === 'trace';
  const metrics = publicDeps.metrics!;
  const nextRequestId = requestIds();
  // A page cache hit is answered before Fastify when it can be exactly as Fastify would (cache/fast-hit.ts);
  // not while every request is logged, which only Fastify does.
  const fastHits = requestLogging
    ? null
    : new FastHits({
        cache,
        requestId: (req) => (req.headers['x-request-id'] as string | undefined) || nextRequestId(),
        securityHeaders: securityHeadersOf,
        alwaysHttps: config.siteUrl.startsWith('https://'),
        observe: (kind, status, seconds) => metrics.record(kind, status, seconds),
      });

  const app = Fastify({
    frameworkErrors: frameworkErrorHandler(publicDeps),
    logger: { level: config.logLevel },
    // One log line per request costs more than serving a cached page; at debug they are on.
    logController: new LogController({ disableRequestLogging: !requestLogging }),
    // Only the configured proxies may name the client (TRUST_PROXY): sign-in throttling counts req.ip.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // A proxy's request id is kept (and logged with every line of the request); otherwise one is made.
    requestIdHeader: 'x-request-id',
    // Fastify's own 'req-<n in base 36>', from one counter shared with the hits answered before it.
    genReqId: () => nextRequestId(),
    ...(fastHits ? { serverFactory: fastHitServer(fastHits) } : {}),
    routerOptions: { maxParamLength: 500 },
  });
  // First, so that every route's handler is counted: shutdown closes the database after the last.
  const unfinished = trackUnfinished(app);
  installSecurityHeaders(app, config.siteUrl);
  installErrorHandling(app, publicDeps);
  // Before the page cache: it reads the session cookie to leave signed-in editors to the routes.
  await installCookies(app);
  installPageCache(app, cache, fastHits ? { hits: fastHits, kindOf: routeKind } : undefined);
  const readiness: ReadinessCheck[] = [];
  if (deps.replica) readiness.push({ name: 'replica', check: () => ping(deps.replica!) });
  opsRoutes(app, { database, metrics: publicDeps.metrics!, readiness, metricsToken: config.metricsToken ?? null });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 20 } });
  installGuard(app, database, clock);
  newsroomRoutes(app, { ...publicDeps, database, media, clock, maxUploadBytes, socialPreview: config.socialPreview ?? DEFAULT_PREVIEW_FETCH });
  assetRoutes(app);
  mediaRoutes(app, media);
  articleApiRoutes(app, publicDeps);
  feedRoutes(app, publicDeps);
  sitemapRoutes(app, publicDeps);
  searchRoutes(app, publicDeps);
  pageRoutes(app, publicDeps);
  await changes.start();
  const bus = config.redisUrl ? new RedisBus(config.redisUrl, changes, cache, app.log) : null;
  if (bus) readiness.push({ name: 'redis', critical: false, check: () => bus.check() });
  // Closing, Fastify answers 503 to requests on connections kept alive: the fast path leaves them to it.
  if (fastHits) app.addHook('preClose', (done) => ((fastHits.closing = true), done()));
  app.addHook('onClose', async () => {
    changes.stop();
    await bus?.close();
  });
  app.decorate('shpalta', publicDeps);
  app.decorate('unfinished', unfinished);
  await app.ready();
  return app as unknown as ShpaltaApp;
}

/** Request ids as Fastify makes them by default: 'req-1', 'req-2', … (base 36), kept a small integer. */
function requestIds(): () => string {
  let next = 0;
  return () => {
    next = (next + 1) & 0x7fffffff;
    return `req-${next.toString(36)}`;
  };
}
