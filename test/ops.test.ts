import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { demoDir, testDatabases } from './helpers/databases.js';
import { closeTestSites, openSite } from './helpers/site.js';

after(closeTestSites);

for (const tdb of testDatabases) {
  describe(`operations endpoints (${tdb.dialect})`, () => {
    test('/healthz, /readyz and /metrics answer what an operator needs; request ids are kept', async () => {
      const s = await openSite(tdb, [demoDir]);
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

      const metrics = await s.app.inject({ method: 'GET', url: '/metrics' });
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
