import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ShpaltaError } from '../src/core/errors.js';
import { isDatabaseUnavailable } from '../src/server/errors.js';
import { closeTestDatabases, demoDir, tempDir } from './helpers/databases.js';
import { fetchMetrics, requiredUrl, runCli, sleep, startServer, throwawayPgDatabase, until, type ServerProcess } from './helpers/servers.js';
import { writePlainArticle } from './helpers/site.js';
import { TcpProxy } from './helpers/tcp-proxy.js';

/**
 * The real server, as a process of its own, with PostgreSQL behind a proxy the test cuts:
 * readers of cached pages never see an error, the rest get a Ukrainian 503 with Retry-After,
 * the API a 503 with a code, and all of it comes back by itself when the database does.
 */
const pgUrl = requiredUrl('TEST_DATABASE_URL');
const PASSWORD = 'correct horse battery staple';

interface Answer {
  status: number;
  headers: Headers;
  body: string;
  ms: number;
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = Date.now();
  const r = await fetch(base + path, { headers, redirect: 'manual' }).catch((e: Error) => {
    throw new Error(`GET ${path}: ${e.message} (${String((e.cause as Error | undefined)?.message ?? e.cause)})`);
  });
  return { status: r.status, headers: r.headers, body: await r.text(), ms: Date.now() - started };
}

/** `concurrency` loops fetching `paths` round-robin until stop() resolves; every answer's status by path. */
function load(base: string, paths: string[], concurrency: number) {
  const answers: Array<{ path: string; status: number; cache: string | null; at: number }> = [];
  let stopped = false;
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (!stopped) {
      const path = paths[next++ % paths.length]!;
      try {
        const r = await fetch(base + path);
        await r.arrayBuffer();
        answers.push({ path, status: r.status, cache: r.headers.get('x-cache'), at: Date.now() });
      } catch (e) {
        answers.push({ path, status: 0, cache: String(e), at: Date.now() });
      }
    }
  });
  return {
    answers,
    async stop() {
      stopped = true;
      await Promise.all(workers);
      return answers;
    },
  };
}

test('what counts as the database being unavailable, and what is an error of ours', () => {
  const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  const unavailable = [
    coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
    new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], ''),
    coded('ECONNRESET'),
    coded('ETIMEDOUT'),
    new Error('Connection terminated unexpectedly'),
    new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
    new Error('timeout exceeded when trying to connect'),
    new Error('Query read timeout'),
    coded('57P01', 'terminating connection due to administrator command'),
    coded('57014', 'canceling statement due to statement timeout'),
    coded('08006'),
    coded('SQLITE_BUSY', 'database is locked'),
    coded('SQLITE_CANTOPEN'),
    new Error('wrapped', { cause: coded('ECONNREFUSED') }),
  ];
  for (const e of unavailable) assert.equal(isDatabaseUnavailable(e), true, e.message || String((e as AggregateError).errors));
  const ours = [coded('23505', 'duplicate key value violates unique constraint'), coded('42601', 'syntax error'), coded('SQLITE_CONSTRAINT_UNIQUE'), new ShpaltaError('NOT_FOUND', 'Article not found'), new TypeError('x is undefined'), null, 'Connection terminated'];
  for (const e of ours) assert.equal(isDatabaseUnavailable(e), false, String(e));
});

/** Runs of the publishing job so far, by outcome, from /metrics. */
async function jobRuns(base: string): Promise<{ ok: number; error: number }> {
  const text = await fetchMetrics(base);
  const count = (outcome: string) => Number(new RegExp(`^shpalta_jobs_runs_total\\{job="publish-scheduled",outcome="${outcome}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { ok: count('ok'), error: count('error') };
}

describe('PostgreSQL goes away and comes back', { skip: pgUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let database: Awaited<ReturnType<typeof throwawayPgDatabase>>;
  let proxy: TcpProxy;
  let env: Record<string, string>;
  let server: ServerProcess;
  let cookie = '';

  before(async () => {
    database = await throwawayPgDatabase(pgUrl!, 'shpalta_faults');
    const real = { DATABASE_URL: database.url.href, MEDIA_DIR: tempDir(), SITE_URL: 'https://news.example.ua' };
    const imported = await runCli(['import', demoDir], real);
    assert.equal(imported.code, 0, imported.stderr);
    const added = await runCli(['user', 'add', '--email', 'admin@example.com', '--name', 'Адмін', '--role', 'admin', '--password-stdin'], real, PASSWORD);
    assert.equal(added.code, 0, added.stderr);
    proxy = await new TcpProxy({ host: database.url.hostname, port: Number(database.url.port || 5432) }).start();
    const viaProxy = new URL(database.url.href);
    viaProxy.host = proxy.url;
    // Pages go stale after a second: while the database is away they are answered stale, not fresh.
    env = { ...real, DATABASE_URL: viaProxy.href, CACHE_TTL_SECONDS: '1' };
    server = await startServer(env);
    const session = await fetch(`${server.base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: PASSWORD }) });
    assert.equal(session.status, 200, await session.text());
    cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  });

  after(async () => {
    await server?.stop();
    await proxy?.close();
    await database?.drop();
    await closeTestDatabases();
  });

  test('cached pages answer 200 throughout, others 503 with Retry-After, and all recovers without a restart', async (t) => {
    const base = server.base;
    const list = JSON.parse((await get(base, '/api/v1/articles')).body) as { items: Array<{ id: number; url: string; sections: Array<{ path: string }>; tags: Array<{ slug: string }> }> };
    assert.ok(list.items.length >= 6, 'the demo articles are there');
    const [a1, a2, a3] = list.items;
    // Every kind of public page a reader opens: home, latest news, articles, sections, a tag, search, a feed, the API.
    const cached = ['/', '/news/', a1!.url, a2!.url, a3!.url, `/${a1!.sections[0]!.path}/`, `/tag/${a1!.tags[0]!.slug}/`, '/search?q=%D0%9A%D0%B8%D1%97%D0%B2', '/rss.xml', '/api/v1/articles', `/api/v1/articles/${a1!.id}`];
    for (const path of cached) assert.equal((await get(base, path)).status, 200, path);

    const traffic = load(base, cached, 20);
    await sleep(1500);
    await proxy.cut('refuse');
    const cutAt = Date.now();

    // A page nobody asked for yet: the bare Ukrainian 503 page, at once.
    const uncachedPath = `/${list.items.at(-1)!.sections[0]!.path}/?fresh=1`;
    const uncachedPage = await get(base, uncachedPath);
    assert.equal(uncachedPage.status, 503);
    assert.equal(uncachedPage.headers.get('retry-after'), '30');
    assert.equal(uncachedPage.headers.get('cache-control'), 'no-store');
    assert.match(uncachedPage.body, /Сайт тимчасово недоступний/);
    assert.match(uncachedPage.body, /<html lang="uk"/);
    const uncachedSearch = await get(base, '/search?q=%D1%84%D1%83%D1%82%D0%B1%D0%BE%D0%BB');
    assert.equal(uncachedSearch.status, 503);
    // The API, public and newsroom: 503 with a code to act on.
    for (const [path, headers] of [[`/api/v1/articles/${a3!.id}?x=1`, {}], ['/api/v1/admin/articles', { cookie }]] as const) {
      const api = await get(base, path, headers);
      assert.equal(api.status, 503, `${path}: ${api.body}`);
      assert.equal(api.headers.get('retry-after'), '30');
      assert.equal((JSON.parse(api.body) as { error: { code: string } }).error.code, 'DATABASE_UNAVAILABLE');
      assert.ok(api.ms < 3000, `${path} answered in ${api.ms} ms`);
    }
    const notReady = await get(base, '/readyz');
    assert.equal(notReady.status, 503, notReady.body);

    // Long enough for the publishing job (every 5 s) to fail at least once.
    const jobsBefore = await jobRuns(base);
    await until('a run of the publishing job fails', async () => (await jobRuns(base)).error > jobsBefore.error, 6000, 200);
    await proxy.restore();
    const restoredAt = Date.now();
    const recoveredIn = await until('/readyz answers 200 again', async () => (await get(base, '/readyz')).status === 200, 5000);
    await sleep(500);
    const answers = await traffic.stop();

    const during = answers.filter((a) => a.at > cutAt && a.at < restoredAt);
    assert.ok(during.length > 100, `enough load while the database was away (${during.length} answers)`);
    const failed = answers.filter((a) => a.status !== 200);
    assert.deepEqual(failed.slice(0, 5), [], `${failed.length} of ${answers.length} answers to cached pages were not 200`);
    assert.ok(during.some((a) => a.cache === 'STALE'), 'stale copies answered while the database was away');
    assert.ok(recoveredIn < 5000);
    t.diagnostic(`database away ${restoredAt - cutAt} ms under 20 concurrent readers: ${during.length} answers to cached pages meanwhile, ${during.filter((a) => a.status === 200).length} of them 200 (${during.filter((a) => a.cache === 'STALE').length} stale), ${failed.length} not 200 in the whole run; ready again ${recoveredIn} ms after the database returned`);

    // Back without a restart: what failed answers, and a write made elsewhere shows.
    assert.equal((await get(base, uncachedPath)).status, 200);
    assert.equal((await get(base, '/api/v1/admin/articles', { cookie })).status, 200);
    // Yesterday, so it is the newest story (a date ahead would be scheduled, not published).
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
    const file = writePlainArticle(tempDir(), 'after.txt', { title: 'Після збою сайт працює далі', date: yesterday });
    const write = await runCli(['import', file], { ...env, DATABASE_URL: database.url.href });
    assert.equal(write.code, 0, write.stderr);
    await until('the home page shows the article written after recovery', async () => (await get(base, '/')).body.includes('Після збою сайт працює далі'), 5000);
    // The scheduled jobs run on as before.
    const jobsAfter = await jobRuns(base);
    await until('a run of the publishing job succeeds again', async () => (await jobRuns(base)).ok > jobsAfter.ok, 6000, 200);
    assert.equal(server.child.exitCode, null, 'the same process serves on');
  });

  test('a database that stops answering (packets dropped) fails requests within seconds, not never', async () => {
    const base = server.base;
    // The change log is read every second: the last test's write has reached the cache (and
    // dropped the pages showing it) before the home page is cached again here.
    await sleep(1500);
    assert.equal((await get(base, '/')).status, 200);
    await sleep(1100);
    await proxy.cut('hang');
    try {
      const [home, page, api, ready] = await Promise.all([get(base, '/'), get(base, '/sport/?fresh=2'), get(base, '/api/v1/articles?limit=3'), get(base, '/readyz')]);
      assert.equal(home.status, 200, 'the stale home page');
      assert.equal(home.headers.get('x-cache'), 'STALE');
      assert.equal(page.status, 503);
      assert.equal(api.status, 503);
      assert.equal(ready.status, 503);
      // The pool gives up on a connection after 3 s (src/storage/database.ts); then the answer is quick.
      for (const a of [home, page, api, ready]) assert.ok(a.ms < 5000, `answered in ${a.ms} ms`);
    } finally {
      await proxy.restore();
    }
    await until('serving from the database again', async () => (await get(base, '/sport/?fresh=2')).status === 200, 5000);
  });

  test('SIGTERM lets requests in flight finish, then the process exits 0', async () => {
    const own = await startServer(env);
    // Each answer of the database now takes 300 ms: a search page takes a second or two.
    proxy.slow(300);
    try {
      const words = ['Київ', 'Львів', 'експорт', 'театр', 'футбол', 'морози', 'донори', 'табло', 'Польща', 'електроліт'];
      const inFlight = words.map((w) => get(own.base, `/search?q=${encodeURIComponent(w)}`));
      await sleep(600);
      const sent = Date.now();
      own.child.kill('SIGTERM');
      const answers = await Promise.all(inFlight);
      assert.deepEqual(answers.map((a) => a.status), words.map(() => 200));
      assert.ok(Date.now() - sent > 300, 'they were still in flight when the signal came');
      assert.equal(await own.exited, 0, own.output());
      // Keep-alive connections do not hold the exit for their timeout.
      assert.ok(Date.now() - sent < 5000, `exited ${Date.now() - sent} ms after the signal`);
      await assert.rejects(fetch(`${own.base}/healthz`), 'it no longer listens');
    } finally {
      proxy.slow(0);
      await own.stop();
    }
  });
});
