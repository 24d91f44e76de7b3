/**
 * The page cache's hits answered before Fastify (src/server/cache/fast-hit.ts), over real HTTP:
 * app.inject() goes around the server, so the answers Fastify routes are read through it and
 * the fast ones through a socket, and the two must be the same bytes with the same headers.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { ShpaltaApp } from '../src/server/app.js';
import { demoDir, testDatabases } from './helpers/databases.js';
import { closeTestSites, openSite, type TestSite } from './helpers/site.js';

after(closeTestSites);

interface Answer {
  status: number;
  /** Header names and values in the order sent, without the ones Node adds (Date, Connection, Keep-Alive). */
  headers: Array<[string, string]>;
  body: Buffer;
}

const NODE_ADDS = new Set(['date', 'connection', 'keep-alive']);

function overHttp(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(base + path, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const pairs: Array<[string, string]> = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!.toLowerCase(), res.rawHeaders[i + 1]!]);
          resolve({ status: res.statusCode!, headers: pairs.filter(([n]) => !NODE_ADDS.has(n)), body: Buffer.concat(chunks) });
        });
      })
      .on('error', reject);
  });
}

async function routed(app: ShpaltaApp, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const r = await app.inject({ method: 'GET', url: path, headers });
  const pairs = Object.entries(r.headers).map(([n, v]) => [n, String(v)] as [string, string]);
  return { status: r.statusCode, headers: pairs.filter(([n]) => !NODE_ADDS.has(n)), body: r.rawPayload };
}

const header = (a: Answer, name: string) => a.headers.find(([n]) => n === name)?.[1];
const withoutId = (a: Answer) => a.headers.filter(([n]) => n !== 'x-request-id');

async function hitsCounted(app: ShpaltaApp, kind: string): Promise<number> {
  const metric = await app.shpalta.metrics!.requests.get();
  return metric.values.filter((v) => v.labels.kind === kind && v.labels.status === '200').reduce((n, v) => n + v.value, 0);
}

for (const tdb of testDatabases) {
  for (const siteUrl of ['https://news.example.ua', 'http://news.example.ua']) {
    describe(`page cache hits before routing (${tdb.dialect}, ${siteUrl.split(':')[0]} site)`, () => {
      let site!: TestSite;
      let base = '';
      let article = '';
      const earlyHits = () => site.app.shpalta.cache.hitsBeforeRouting;
      before(async () => {
        site = await openSite(tdb, [demoDir], { config: { siteUrl } });
        await site.app.listen({ host: '127.0.0.1', port: 0 });
        const address = site.app.server.address();
        base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        article = site.imported.find((a) => a.path.endsWith('.html'))!.path;
      });

      test('a hit is the routed hit: the same status, body and headers in the same order', async () => {
        for (const path of [article, '/', `${article}?utm_source=x`]) {
          const first = await overHttp(base, path);
          // The one with a parameter no route reads is the page without it, already cached: a routed hit.
          assert.equal(header(first, 'x-cache'), path.includes('?') ? 'HIT' : 'MISS', `${path}: the first request`);
          if (!path.includes('?')) {
            const early = earlyHits();
            assert.equal(header(await overHttp(base, path), 'x-cache'), 'HIT');
            assert.equal(earlyHits(), early, `${path}: the first hit is routed (a URL asked for once is not remembered)`);
          }
          const early = earlyHits();
          const fast = await overHttp(base, path);
          assert.equal(earlyHits(), early + 1, `${path}: answered before routing`);
          const slow = await routed(site.app, path);
          assert.equal(earlyHits(), early + 1, `${path}: inject goes through Fastify`);
          assert.equal(header(fast, 'x-cache'), 'HIT', path);
          assert.equal(header(slow, 'x-cache'), 'HIT', path);
          assert.equal(fast.status, slow.status, path);
          assert.deepEqual(withoutId(fast), withoutId(slow), path);
          assert.deepEqual(fast.body, slow.body, path);
          assert.equal(header(fast, 'strict-transport-security'), siteUrl.startsWith('https:') ? 'max-age=31536000' : undefined, path);
        }
      });

      test('compressed forms: the first asks the route to compress, the next is a hit with the same headers', async () => {
        for (const encoding of ['br', 'gzip']) {
          await overHttp(base, '/');
          const first = await overHttp(base, '/', { 'accept-encoding': encoding });
          const early = earlyHits();
          const fast = await overHttp(base, '/', { 'accept-encoding': encoding });
          assert.equal(earlyHits(), early + 1, `${encoding}: answered before routing`);
          const slow = await routed(site.app, '/', { 'accept-encoding': encoding });
          assert.equal(header(first, 'content-encoding'), encoding);
          assert.deepEqual(withoutId(fast), withoutId(slow), encoding);
          assert.deepEqual(fast.body, slow.body, encoding);
        }
      });

      test('request ids: the proxy’s is kept, otherwise each answer has its own', async () => {
        await overHttp(base, article);
        const given = await overHttp(base, article, { 'x-request-id': 'edge-42' });
        assert.equal(header(given, 'x-cache'), 'HIT');
        assert.equal(header(given, 'x-request-id'), 'edge-42');
        const ids = new Set<string | undefined>();
        for (let i = 0; i < 3; i++) ids.add(header(await overHttp(base, article), 'x-request-id'));
        ids.add(header(await routed(site.app, article), 'x-request-id'));
        assert.equal(ids.size, 4, [...ids].join(', '));
      });

      test('what the route must decide is left to it: editors, authorization, conditional requests, HEAD, a proxy’s protocol', async () => {
        await overHttp(base, article);
        assert.equal(header(await overHttp(base, article), 'x-cache'), 'HIT');
        // A signed-in editor (any session cookie) and an Authorization header skip the cache altogether.
        assert.equal(header(await overHttp(base, article, { cookie: 'a=1; shpalta_session=whatever' }), 'x-cache'), 'MISS');
        assert.equal(header(await overHttp(base, article, { authorization: 'Bearer x' }), 'x-cache'), 'MISS');
        assert.equal(header(await overHttp(base, article, { cookie: 'analytics=1' }), 'x-cache'), 'HIT', 'other cookies are a reader’s');
        const hit = await overHttp(base, article);
        const notModified = await overHttp(base, article, { 'if-none-match': header(hit, 'etag')! });
        assert.equal(notModified.status, 304);
        assert.deepEqual(withoutId(notModified), withoutId(await routed(site.app, article, { 'if-none-match': header(hit, 'etag')! })));
        const proxied = await overHttp(base, article, { 'x-forwarded-proto': 'https' });
        assert.equal(header(proxied, 'x-cache'), 'HIT');
      });

      test('a page that went stale or was dropped is not answered before routing', async () => {
        await overHttp(base, '/');
        assert.equal(header(await overHttp(base, '/'), 'x-cache'), 'HIT');
        site.app.shpalta.cache.invalidate(['home']);
        assert.notEqual(header(await overHttp(base, '/'), 'x-cache'), 'HIT', 'a stale home page is rendered anew');
        site.app.shpalta.cache.clear();
        assert.equal(header(await overHttp(base, article), 'x-cache'), 'MISS');
      });

      test('hits answered before routing count in /metrics and in the cache’s hits', async () => {
        await overHttp(base, article);
        const counted = await hitsCounted(site.app, 'article');
        const hits = site.app.shpalta.cache.hits;
        for (let i = 0; i < 5; i++) assert.equal(header(await overHttp(base, article), 'x-cache'), 'HIT');
        // Counted when the answer is handed to the socket, which may be just after the client has read it.
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(await hitsCounted(site.app, 'article'), counted + 5);
        assert.equal(site.app.shpalta.cache.hits, hits + 5);
      });
    });
  }
}
