import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { siteCss } from '../src/render/assets/site-css.js';
import { EDITOR_SCRIPT_PATH } from '../src/server/admin/editor-pages.js';
import { buildApp, type ShpaltaApp } from '../src/server/app.js';
import { STYLESHEET_PATH } from '../src/server/routes/public/assets.js';
import { demoDir, tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle, type TestSite } from './helpers/site.js';

after(closeTestSites);

type Headers = Record<string, unknown>;
const get = (app: ShpaltaApp, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

/** The directives of a Content-Security-Policy, by name. */
function csp(h: Headers): Map<string, string> {
  const value = String(h['content-security-policy'] ?? '');
  return new Map(value.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]));
}

/** What every answer of the site carries, whatever answered it. */
function assertSecure(h: Headers, what: string, o: { newsroom?: boolean; hsts?: boolean } = {}) {
  assert.equal(h['x-content-type-options'], 'nosniff', what);
  assert.equal(h['x-frame-options'], 'DENY', what);
  assert.match(String(h['referrer-policy']), /^(strict-origin-when-cross-origin|same-origin|no-referrer)$/, what);
  assert.ok(h['x-request-id'], `${what}: X-Request-Id`);
  const policy = csp(h);
  assert.equal(policy.get('default-src'), "'none'", `${what}: ${h['content-security-policy']}`);
  assert.equal(policy.get('frame-ancestors'), "'none'", what);
  assert.equal(policy.get('base-uri'), "'none'", what);
  if (o.newsroom) assert.equal(policy.get('script-src'), "'self'", `${what}: the newsroom runs its own modules, nothing inline`);
  else assert.equal(policy.has('script-src'), false, `${what}: the reader's site runs no script`);
  for (const [name, value] of policy) assert.doesNotMatch(value, /unsafe-inline|unsafe-eval|\*/, `${what}: ${name} ${value}`);
  if (o.hsts ?? true) assert.equal(h['strict-transport-security'], 'max-age=31536000', what);
  else assert.equal(h['strict-transport-security'], undefined, what);
}

const secondsOf = (httpDate: unknown) => Date.parse(String(httpDate)) / 1000;

for (const tdb of testDatabases) {
  describe(`HTTP headers (${tdb.dialect})`, () => {
    let site!: TestSite;
    before(async () => {
      site = await openSite(tdb, [demoDir]);
    });

    test('every answer carries the security headers: pages, cache hits, 304s, errors, media, feeds, the API and the newsroom', async () => {
      const { app } = site;
      const article = site.imported.find((a) => a.path.startsWith('/kyiv/'))!;
      const first = await get(app, article.path);
      const hit = await get(app, article.path);
      assert.equal(hit.headers['x-cache'], 'HIT');
      const notModified = await get(app, article.path, { 'if-none-match': String(hit.headers.etag) });
      assert.equal(notModified.statusCode, 304);
      const photo = /<img src="(\/media\/[^"]+)"/.exec(first.body)![1]!;
      const answers: Array<[string, Headers, boolean?]> = [
        ['a page', first.headers],
        ['a cache hit', hit.headers],
        ['a 304', notModified.headers],
      ];
      for (const url of ['/', '/nemaie/', '/a/b/c/d/e/', photo, `/media/00/${'0'.repeat(64)}.jpg`, '/rss.xml', '/kyiv/atom.xml', '/sitemap.xml', '/sitemaps/news.xml', '/robots.txt', STYLESHEET_PATH, '/favicon.ico', '/api/v1/articles', '/api/v1/nemaie', '/search?q=%D0%9A%D0%B8%D1%97%D0%B2', '/healthz', '/%E0%A4%A']) {
        const r = await get(app, url);
        assert.ok(r.statusCode < 500, `${url}: ${r.statusCode}`);
        answers.push([`${url} (${r.statusCode})`, r.headers]);
      }
      for (const url of ['/admin/login', '/admin', '/admin/', '/api/v1/admin/articles']) answers.push([url, (await get(app, url)).headers, true]);
      const editor = await signInAs(app, await addUser(site.database, 'editor'));
      for (const url of ['/admin', '/admin/articles/new', '/admin/taxonomy', EDITOR_SCRIPT_PATH]) {
        const r = await editor.request('GET', url);
        assert.equal(r.status, 200, url);
        answers.push([`${url} signed in`, r.headers, true]);
      }
      for (const [what, headers, newsroom] of answers) assertSecure(headers, what, { newsroom: newsroom === true });
    });

    test('HSTS only where the site is served over HTTPS', async () => {
      const app = await buildApp({ config: { siteUrl: 'http://127.0.0.1:3103', mediaDir: site.mediaDir, logLevel: 'silent' }, database: site.database });
      try {
        for (const url of ['/', '/nemaie/', '/admin/login']) assertSecure((await get(app, url)).headers, url, { hsts: false, newsroom: url.startsWith('/admin') });
      } finally {
        await app.close();
      }
    });

    test('a cache hit and a 304 carry X-Request-Id, the proxy’s when it sent one', async () => {
      const { app } = site;
      await get(app, '/news/');
      const hit = await get(app, '/news/', { 'x-request-id': 'edge-42' });
      assert.equal(hit.headers['x-cache'], 'HIT');
      assert.equal(hit.headers['x-request-id'], 'edge-42');
      const again = await get(app, '/news/', { 'if-none-match': String(hit.headers.etag) });
      assert.equal(again.statusCode, 304);
      assert.ok(again.headers['x-request-id']);
      assert.notEqual(again.headers['x-request-id'], hit.headers['x-request-id']);
    });

    test('Last-Modified is when the content last changed, and a re-render of the same content still answers 304', async () => {
      const { app } = site;
      const { cache } = app.shpalta;
      const article = site.imported.find((a) => a.path.startsWith('/kyiv/'))!;
      const row = await site.database.db.selectFrom('articles').select(['changed_at', 'published_at']).where('id', '=', article.id).executeTakeFirstOrThrow();
      const changed = Math.max(new Date(row.changed_at).getTime(), new Date(row.published_at!).getTime());
      cache.clear();
      const first = await get(app, article.path);
      assert.equal(secondsOf(first.headers['last-modified']), Math.floor(changed / 1000), 'the article’s last change, not the render time');
      const home = await get(app, '/');
      const newest = await site.database.db.selectFrom('articles').select(['changed_at', 'published_at']).where('status', '=', 'published').execute();
      const latest = Math.max(...newest.flatMap((a) => [new Date(a.changed_at).getTime(), new Date(a.published_at!).getTime()]));
      assert.equal(secondsOf(home.headers['last-modified']), Math.floor(latest / 1000), 'a list: its newest item’s change');

      // A second later the pages are rendered anew (the cache lost them): nothing they show changed.
      await new Promise((r) => setTimeout(r, 1_100));
      cache.clear();
      for (const [url, earlier] of [[article.path, first], ['/', home]] as const) {
        const r = await get(app, url, { 'if-modified-since': String(earlier.headers['last-modified']) });
        assert.equal(r.headers['x-cache'], 'MISS', `${url} was rendered anew`);
        assert.equal(r.statusCode, 304, `${url}: If-Modified-Since after a re-render`);
        assert.equal(r.headers['last-modified'], earlier.headers['last-modified']);
      }

      // A change to what the home page shows moves its date on, though no article is newer (one was taken down).
      const taken = site.imported.find((a) => a.path.startsWith('/sport/')) ?? site.imported[1]!;
      await site.setStatus(taken.id, 'unpublished');
      const after = await get(app, '/', { 'if-modified-since': String(home.headers['last-modified']) });
      assert.equal(after.statusCode, 200, 'the home page changed: not 304');
      assert.ok(secondsOf(after.headers['last-modified']) > secondsOf(home.headers['last-modified']));
      await site.setStatus(taken.id, 'published');
    });

    test('a re-import that rewrites an article keeps its editorial date but moves Last-Modified: If-Modified-Since gets the new text', async () => {
      const dir = tempDir();
      const file = writePlainArticle(dir, 'story.txt', { date: '2026-03-02 09:00', title: 'Перша редакція новини' });
      const own = await openSite(tdb, [file]);
      const url = own.imported[0]!.path;
      const first = await get(own.app, url);
      const dated = (r: typeof first) => /"dateModified":"([^"]+)"/.exec(r.body)?.[1];
      await new Promise((r) => setTimeout(r, 1_100));
      writePlainArticle(dir, 'story.txt', { date: '2026-03-02 09:00', title: 'Перша редакція новини', lead: 'Уточнений лід після виправлення.' });
      await own.importFile(file);
      const again = await get(own.app, url, { 'if-modified-since': String(first.headers['last-modified']) });
      assert.equal(again.statusCode, 200, 'the text changed: not 304');
      assert.ok(again.body.includes('Уточнений лід'));
      assert.ok(secondsOf(again.headers['last-modified']) > secondsOf(first.headers['last-modified']), 'Last-Modified moved on');
      assert.equal(dated(again), dated(first), 'dateModified stays the story’s own');
      own.app.shpalta.cache.clear();
      const rendered = await get(own.app, url, { 'if-modified-since': String(again.headers['last-modified']) });
      assert.deepEqual([rendered.headers['x-cache'], rendered.statusCode], ['MISS', 304], 'and holds across a re-render');
    });

    test('each encoding has its own strong ETag, and If-None-Match is compared with the one sent', async () => {
      const { app } = site;
      const forms = new Map<string, Headers>();
      for (const encoding of ['identity', 'gzip', 'br']) {
        const r = await get(app, '/', { 'accept-encoding': encoding });
        assert.equal(r.headers['content-encoding'], encoding === 'identity' ? undefined : encoding);
        assert.doesNotMatch(String(r.headers.etag), /^W\//);
        forms.set(encoding, r.headers);
      }
      const tags = [...forms.values()].map((h) => h.etag);
      assert.equal(new Set(tags).size, 3, `three representations, three tags: ${tags.join(' ')}`);
      for (const [encoding, h] of forms) {
        assert.equal((await get(app, '/', { 'accept-encoding': encoding, 'if-none-match': String(h.etag) })).statusCode, 304, encoding);
        const other = encoding === 'br' ? 'gzip' : 'br';
        const r = await get(app, '/', { 'accept-encoding': other, 'if-none-match': String(h.etag) });
        assert.equal(r.statusCode, 200, `${encoding}'s tag does not validate the ${other} bytes`);
      }
    });
  });
}

test('site.css is served compressed, each encoding with its own ETag', async () => {
  const site = await openSite(testDatabases[0]!, []);
  const tags = new Set<unknown>();
  for (const [encoding, decode] of [['br', zlib.brotliDecompressSync], ['gzip', zlib.gunzipSync], ['identity', (b: Buffer) => b]] as const) {
    const r = await get(site.app, STYLESHEET_PATH, { 'accept-encoding': encoding === 'identity' ? '' : `${encoding}, deflate` });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-encoding'], encoding === 'identity' ? undefined : encoding);
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.match(String(r.headers['cache-control']), /immutable/);
    assert.equal(decode(r.rawPayload).toString(), siteCss);
    if (encoding !== 'identity') assert.ok(r.rawPayload.length < Buffer.byteLength(siteCss) / 2, `${encoding}: ${r.rawPayload.length} bytes`);
    tags.add(r.headers.etag);
    assert.equal((await get(site.app, STYLESHEET_PATH, { 'accept-encoding': encoding, 'if-none-match': String(r.headers.etag) })).statusCode, 304);
  }
  assert.equal(tags.size, 3);
});
