import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ping, type Database } from '../storage/database.js';
import { migrationsCurrent } from '../storage/migrate.js';
import type { PageCache } from './cache/page-cache.js';

/**
 * What an operator watches: one registry per app (tests build several in one process), the
 * request counts and latencies by kind of route, the page cache, the database pool and the
 * scheduled jobs.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'shpalta_http_requests_total', help: 'HTTP requests by kind of route and status', labelNames: ['kind', 'status'] as const, registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'shpalta_http_request_duration_seconds',
    help: 'Time to answer, by kind of route',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({ name: 'shpalta_jobs_runs_total', help: 'Runs of the scheduled jobs by job and outcome', labelNames: ['job', 'outcome'] as const, registers: [this.registry] });
  readonly scheduledPublished = new Counter({ name: 'shpalta_scheduled_articles_published_total', help: 'Scheduled articles this instance published', registers: [this.registry] });

  /** Label sets by kind and status, made once: counting an answer is on every request's path. */
  private readonly byKind = new Map<string, { latency: { observe(v: number): void }; requests: Map<number, { inc(): void }> }>();

  /** Counts one answer and its time from arrival to the last byte handed to the socket. */
  record(kind: string, status: number, seconds: number): void {
    let series = this.byKind.get(kind);
    if (!series) this.byKind.set(kind, (series = { latency: this.latency.labels({ kind }), requests: new Map() }));
    let counter = series.requests.get(status);
    if (!counter) series.requests.set(status, (counter = this.requests.labels({ kind, status: String(status) })));
    counter.inc();
    series.latency.observe(seconds);
  }

  constructor(cache: PageCache, database: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: 'shpalta_' });
    new Gauge({ name: 'shpalta_page_cache_hits_total', help: 'Page cache hits since start', registers: [this.registry], collect() { this.set(cache.hits); } });
    new Gauge({ name: 'shpalta_page_cache_hits_before_routing_total', help: 'Page cache hits answered before routing (of the hits), since start', registers: [this.registry], collect() { this.set(cache.hitsBeforeRouting); } });
    new Gauge({ name: 'shpalta_page_cache_shared_renders_total', help: 'Requests that waited for another request rendering the same page, since start', registers: [this.registry], collect() { this.set(cache.shared); } });
    new Gauge({ name: 'shpalta_page_cache_misses_total', help: 'Page cache misses since start', registers: [this.registry], collect() { this.set(cache.misses); } });
    new Gauge({ name: 'shpalta_page_cache_bytes', help: 'Bytes held by the page cache', registers: [this.registry], collect() { this.set(cache.bytes); } });
    const pool = database.pool;
    if (pool) {
      const gauge = (name: string, help: string, read: () => number) =>
        new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
      gauge('shpalta_db_pool_connections', 'Open PostgreSQL connections', () => pool.totalCount);
      gauge('shpalta_db_pool_idle', 'Idle PostgreSQL connections', () => pool.idleCount);
      gauge('shpalta_db_pool_waiting', 'Queries waiting for a connection', () => pool.waitingCount);
    }
  }
}

/** The kind of page or endpoint a request is for: few values, so the metrics stay small. */
export function routeKind(req: FastifyRequest): string {
  const url = req.routeOptions.url ?? '';
  const path = req.url.split('?')[0] ?? '';
  if (url === '/healthz' || url === '/readyz' || url === '/metrics') return 'ops';
  if (path.startsWith('/api/v1/admin')) return 'admin-api';
  if (path.startsWith('/admin')) return 'admin';
  if (path.startsWith('/api/v1/search') || path.startsWith('/api/v1/suggest') || path === '/search') return 'search';
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/media/')) return 'media';
  if (/\/(rss|atom)\.xml$/.test(path)) return 'feed';
  if (path.includes('sitemap') || path === '/robots.txt') return 'sitemap';
  if (path.endsWith('.html')) return 'article';
  if (path === '/') return 'home';
  if (path.startsWith('/tag/')) return 'tag';
  if (path.startsWith('/author/')) return 'author';
  if (path === '/news/') return 'news';
  if (!url) return 'not-found';
  return 'section';
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadinessCheck {
  name: string;
  /** Not ready without it (default). A non-critical failure leaves the instance 'degraded' but serving (Redis). */
  critical?: boolean;
  check(): Promise<void>;
}

/** Whether an Authorization header carries this bearer token (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * /healthz (the process answers), /readyz (it can serve: database, migrations, and what else
 * registers) and, with METRICS_TOKEN, /metrics behind that bearer token. Without a token the
 * public port has no /metrics: request counts, latencies and memory tell an attacker when a
 * probe hurts (METRICS_LISTEN serves it on a port of its own instead).
 */
export function opsRoutes(app: FastifyInstance, deps: { database: Database; metrics: Metrics; readiness: ReadinessCheck[]; metricsToken: string | null }) {
  app.addHook('onResponse', (req, reply, done) => {
    deps.metrics.record(routeKind(req), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  const noStore = { 'cache-control': 'no-store' };
  app.get('/healthz', async (_req, reply) => reply.headers(noStore).send({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks: ReadinessCheck[] = [
      { name: 'database', check: () => within(2000, ping(deps.database)) },
      {
        name: 'migrations',
        check: async () => {
          if (!(await within(2000, migrationsCurrent(deps.database)))) throw new Error('migrations are pending: run shpalta migrate');
        },
      },
      ...deps.readiness,
    ];
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          await within(2000, c.check());
          return { name: c.name, ok: true as const };
        } catch (e) {
          return { name: c.name, ok: false as const, error: (e as Error).message };
        }
      }),
    );
    const ready = results.every((r, i) => r.ok || checks[i]!.critical === false);
    const status = !ready ? 'not ready' : results.every((r) => r.ok) ? 'ready' : 'degraded';
    return reply.code(ready ? 200 : 503).headers(noStore).send({ status, checks: results });
  });
  const token = deps.metricsToken;
  if (token === null) return;
  app.get('/metrics', async (req, reply) => {
    if (!bearerMatches(req.headers.authorization, token)) {
      return reply.code(401).headers(noStore).header('www-authenticate', 'Bearer realm="metrics"').type('text/plain; charset=utf-8').send('/metrics needs Authorization: Bearer METRICS_TOKEN\n');
    }
    return reply.headers(noStore).type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}

/**
 * METRICS_LISTEN: /metrics on an address of its own (kept off the public port by the network,
 * so it asks no token). Anything else there answers 404. Resolves once listening; close() stops it.
 */
export async function listenForMetrics(metrics: Metrics, at: { host: string; port: number }): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only /metrics is served here\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(text),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
