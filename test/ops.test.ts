import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { demoDir, tempDir, testDatabases } from './helpers/databases.js';
import { freePort, startServer } from './helpers/servers.js';
import { closeTestSites, openSite } from './helpers/site.js';

after(closeTestSites);

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';

for (const tdb of testDatabases) {
  describe(`operations endpoints (${tdb.dialect})`, () => {
    test('/healthz, /readyz and /metrics answer what an operator needs; request ids are kept', async () => {
      const s = await openSite(tdb, [demoDir], { config: { metricsToken: METRICS_TOKEN } });
      const health = await s.app.inject({ method: 'GET', url: '/healthz' });
      assert.deepEqual([health.statusCode, health.json()], [200, { status: 'ok' }]);
      const ready = await s.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready', checks: [{ name: 'database', ok: true }, { name: 'migrations', ok: true }] });
      assert.equal(ready.headers['cache-control'], 'no-store');

      const article = s.imported[0]!;
      for (let i = 0; i < 3; i++) await s.app.inject({ method: 'GET', url: article.path });
      await s.app.inject({ method: 'GET', url: '/' });
      await s.app.inject({ method: 'GET', url: '/no/such/page/' });
      const echoed = await s.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'req-from-the-proxy-42' } });
      assert.equal(echoed.headers['x-request-id'], 'req-from-the-proxy-42');
      assert.ok(String(health.headers['x-request-id']).length > 0, 'one is made when the proxy sent none');

      const metrics = await s.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(metrics.statusCode, 200);
      assert.match(String(metrics.headers['content-type']), /^text\/plain/);
      const body = metrics.body;
      assert.match(body, /shpalta_http_requests_total\{kind="article",status="200"\} 3/);
      assert.match(body, /shpalta_http_requests_total\{kind="home",status="200"\} 1/);
      assert.match(body, /shpalta_http_requests_total\{kind="section",status="404"\} 1/);
      assert.match(body, /shpalta_http_request_duration_seconds_bucket\{le="\+Inf",kind="article"\} 3/);
      assert.match(body, /shpalta_http_request_duration_seconds_count\{kind="article"\} 3/);
      assert.match(body, /shpalta_page_cache_hits_total [1-9]/, 'two of the three article requests were cache hits');
      assert.match(body, /shpalta_page_cache_misses_total [1-9]/);
      assert.match(body, /shpalta_process_resident_memory_bytes \d+/);
      if (tdb.dialect === 'postgres') assert.match(body, /shpalta_db_pool_connections \d+/);
    });
  });
}

describe('/metrics is not public', () => {
  test('without METRICS_TOKEN the public port has no /metrics; with it, only the bearer token reads it', async () => {
    const tdb = testDatabases[0]!;
    const closed = await openSite(tdb, []);
    const none = await closed.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(none.statusCode, 404);
    assert.doesNotMatch(none.body, /shpalta_http_requests_total/);
    assert.equal((await closed.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).statusCode, 404);

    const guarded = await openSite(tdb, [], { config: { metricsToken: METRICS_TOKEN } });
    for (const authorization of [undefined, 'Bearer wrong-token-of-the-same-length-0123456', `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
      const r = await guarded.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      assert.equal(r.statusCode, 401, String(authorization));
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="metrics"');
      assert.doesNotMatch(r.body, /shpalta_/);
    }
    const ok = await guarded.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /^shpalta_process_resident_memory_bytes \d+/m);
  });

  test('METRICS_LISTEN serves /metrics on an address of its own, and the public port does not', async () => {
    const metricsPort = await freePort();
    const server = await startServer({ DATABASE_URL: path.join(tempDir(), 'site.db'), MEDIA_DIR: tempDir(), METRICS_TOKEN: '', METRICS_LISTEN: `127.0.0.1:${metricsPort}` });
    try {
      assert.equal((await fetch(`${server.base}/metrics`)).status, 404, 'not on the public port');
      const own = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(own.status, 200);
      assert.match(await own.text(), /^shpalta_http_requests_total\{kind="ops",status="200"\} \d+/m);
      assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/`)).status, 404, 'only /metrics there');
    } finally {
      await server.stop();
    }
  });
});
