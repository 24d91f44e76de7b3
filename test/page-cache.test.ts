import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etagOf, PageCache, type CachedPage } from '../src/server/cache/page-cache.js';
import Fastify from 'fastify';
import { installPageCache, pageRoute, sendPage } from '../src/server/cache/respond.js';
import { sleep, until } from './helpers/servers.js';

const page = (body: string, deps: string[], freshUntil = Date.now() + 60_000): CachedPage => {
  const buf = Buffer.from(body);
  return { status: 200, type: 'text/html', body: buf, etag: etagOf(buf), lastModified: new Date().toUTCString(), deps, freshUntil };
};

test('invalidation drops exactly the entries that depend on a changed key', () => {
  const cache = new PageCache({ maxBytes: 1 << 20, ttlMs: 60_000 });
  cache.set('/', page('home', ['home', 'site']));
  cache.set('/tag/kyiv/', page('tag', ['tag-list:1', 'tag:1', 'site']));
  cache.set('/a-1.html', page('article', ['article:1', 'tag:1', 'site']));
  assert.equal(cache.invalidate(['tag-list:1']), 1);
  assert.equal(cache.get('/tag/kyiv/'), undefined);
  // A list changed: its page is kept as stale, to stand in while it is rendered again.
  assert.equal(cache.getStale('/tag/kyiv/')?.body.toString(), 'tag');
  assert.ok(cache.get('/'));
  assert.ok(cache.get('/a-1.html'));
  assert.equal(cache.invalidate(['nothing']), 0);
  // A record itself changed: every page showing it is gone, stale copies too.
  assert.equal(cache.invalidate(['site']), 3);
  assert.equal(cache.size, 0);
  assert.equal(cache.getStale('/tag/kyiv/'), undefined);
});

test('the cache keeps to its memory bound, dropping the least recently used', () => {
  const cache = new PageCache({ maxBytes: 10_000, ttlMs: 60_000 });
  for (let i = 0; i < 50; i++) cache.set(`/p${i}`, page('x'.repeat(1000), [`article:${i}`]));
  assert.ok(cache.bytes <= 10_000, `${cache.bytes} bytes kept`);
  assert.ok(cache.size < 10);
  assert.ok(cache.get('/p49'), 'the newest is kept');
  assert.equal(cache.get('/p0'), undefined, 'the oldest is gone');
  // An evicted entry leaves nothing behind in the dependency index.
  assert.equal(cache.invalidate(['article:0']), 0);
});

test('a stale entry is a miss but stays available for errors', () => {
  const cache = new PageCache({ maxBytes: 1 << 20, ttlMs: 60_000 });
  cache.set('/', page('old', ['home'], Date.now() - 1));
  assert.equal(cache.get('/'), undefined);
  assert.equal(cache.getStale('/')?.body.toString(), 'old');
  assert.equal(cache.misses, 1);
});

/** A bare app with the page cache and a page whose render waits for the test's word. */
async function gatedApp() {
  const app = Fastify();
  const cache = new PageCache({ maxBytes: 1024 * 1024, ttlMs: 60_000 });
  // Counted before the cache's hook: how many requests have reached the app.
  let arrived = 0;
  app.addHook('onRequest', async () => void arrived++);
  installPageCache(app, cache);
  let renders = 0;
  let open!: () => void;
  let gate = new Promise<void>((r) => (open = r));
  app.get('/page', pageRoute(), async (req, reply) => {
    renders++;
    await gate;
    return sendPage(cache, req, reply, { body: `<p>render ${renders}</p>`, deps: ['home', 'article:1'] });
  });
  // Not a page: a file, say. Its requests never wait for each other.
  let fileCalls = 0;
  app.get('/file', async () => {
    fileCalls++;
    await gate;
    return 'bytes';
  });
  await app.ready();
  return {
    app,
    cache,
    renders: () => renders,
    arrived: () => arrived,
    fileCalls: () => fileCalls,
    open: () => open(),
    close: () => (gate = new Promise<void>((r) => (open = r))),
  };
}

test("a page's very first requests already share one render (its route is a page before it has answered)", async () => {
  const t = await gatedApp();
  t.close();
  const answers = Array.from({ length: 20 }, () => t.app.inject('/page?utm_source=x'));
  await until('all twenty requests arrive', async () => t.arrived() === 20);
  await sleep(20);
  assert.equal(t.renders(), 1, 'one render for the first twenty readers of a page never rendered');
  t.open();
  const done = await Promise.all(answers);
  assert.equal(t.renders(), 1);
  assert.equal(done.filter((r) => r.headers['x-cache'] === 'MISS').length, 1);
  assert.equal(t.cache.shared, 19);
  await t.app.close();
});

test('requests for a page being rendered wait for that render instead of rendering it again', async () => {
  const t = await gatedApp();
  // The route is known as a page once it has answered through the cache.
  t.open();
  await t.app.inject('/page');
  // Something the page shows itself changed: it is dropped, nothing stale may stand in.
  t.cache.invalidate(['article:1']);
  t.close();
  const before = t.renders();
  const arrivedBefore = t.arrived();
  const answers = Array.from({ length: 20 }, () => t.app.inject('/page'));
  await until('all twenty requests arrive', async () => t.arrived() - arrivedBefore === 20);
  await sleep(20);
  assert.equal(t.renders() - before, 1, 'one render under way for twenty readers');
  t.open();
  const done = await Promise.all(answers);
  assert.equal(t.renders() - before, 1);
  assert.deepEqual(new Set(done.map((r) => r.statusCode)), new Set([200]));
  assert.equal(new Set(done.map((r) => r.body)).size, 1, 'all got the one render');
  assert.equal(done.filter((r) => r.headers['x-cache'] === 'MISS').length, 1);
  assert.equal(t.cache.shared, 19);

  // A file route is not a page: concurrent requests each run.
  t.close();
  const files = [t.app.inject('/file'), t.app.inject('/file')];
  await until('both file requests reach their handler', async () => t.fileCalls() === 2);
  t.open();
  await Promise.all(files);
  await t.app.close();
});

test('a page that only lists what changed is re-rendered once while the others get the previous version at once', async () => {
  const t = await gatedApp();
  t.open();
  const old = await t.app.inject('/page');
  t.cache.invalidate(['home']);
  t.close();
  const renderer = t.app.inject('/page');
  await until('the renderer is rendering', async () => t.renders() === 2);
  const meanwhile = await Promise.all(Array.from({ length: 5 }, () => t.app.inject('/page')));
  for (const r of meanwhile) {
    assert.equal(r.headers['x-cache'], 'STALE');
    assert.equal(r.body, old.body);
  }
  t.open();
  const fresh = await renderer;
  assert.equal(fresh.headers['x-cache'], 'MISS');
  assert.notEqual(fresh.body, old.body);
  const after = await t.app.inject('/page');
  assert.equal(after.headers['x-cache'], 'HIT');
  assert.equal(after.body, fresh.body);
  assert.equal(t.renders(), 2);
  await t.app.close();
});

test('a page rendered while what it shows changed is served to its reader but not kept', async () => {
  const t = await gatedApp();
  t.close();
  const first = t.app.inject('/page');
  await until('the render is under way', async () => t.renders() === 1);
  await sleep(2);
  // A publication arrives while the page is being rendered from the state before it.
  t.cache.invalidate(['home']);
  t.open();
  assert.equal((await first).headers['x-cache'], 'MISS');
  const second = await t.app.inject('/page');
  assert.equal(second.headers['x-cache'], 'MISS', 'rendered again, not served from the render that began before the change');
  assert.equal((await t.app.inject('/page')).headers['x-cache'], 'HIT');
  await t.app.close();
});
