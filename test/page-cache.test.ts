import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etagOf, PageCache, type CachedPage } from '../src/server/cache/page-cache.js';

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
  assert.ok(cache.get('/'));
  assert.ok(cache.get('/a-1.html'));
  assert.equal(cache.invalidate(['nothing']), 0);
  assert.equal(cache.invalidate(['site']), 2);
  assert.equal(cache.size, 0);
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
