import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, describe, test } from 'node:test';
import { articlePath } from '../src/core/model.js';
import { kyivParts } from '../src/core/kyiv-time.js';
import type { ShpaltaApp } from '../src/server/app.js';
import { importPlainFile } from '../src/services/import-plain.js';
import { publishDueArticles } from '../src/services/publish-due.js';
import { localMediaStore } from '../src/storage/media-store.js';
import { recordChange } from '../src/storage/repositories/change-log.js';
import { demoDir, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';

after(closeTestSites);

const kyivStamp = (d: Date) => {
  const p = kyivParts(d);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
};

async function get(app: ShpaltaApp, url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

for (const tdb of testDatabases) {
  describe(`reader pages (${tdb.dialect})`, () => {
    test('home, news feed, sections, tags and authors show their articles', { skip: withoutReference }, async () => {
      const site = await openSite(tdb, [referenceArticle, demoDir]);
      const app = site.app as ShpaltaApp;

      const home = await get(app, '/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Стрічка новин/);
      assert.match(home.body, /Головне/);
      assert.match(home.body, /<h2 id="h-s\d+" class="block-title"><a href="\/ukraina\/">Україна<\/a><\/h2>/, 'a block per top-level section');
      assert.match(home.body, /<link rel="canonical" href="https:\/\/news\.example\.ua\/">/);
      assert.ok(home.body.indexOf('Хет-трик Козуба') < home.body.lastIndexOf('Президент після саміту'), 'the feed is newest first');

      const parent = await get(app, '/ukraina/');
      assert.equal(parent.statusCode, 200);
      assert.match(parent.body, /<h1 class="section-title">Україна<\/h1>/);
      assert.match(parent.body, /Перші морози/, 'a parent shows its grandchildren’s articles (Україна › Економіка › Енергетика)');
      assert.match(parent.body, /href="\/ukraina\/ekonomika\/"/, 'and links its children');
      assert.doesNotMatch(parent.body, /Хет-трик/, 'but not other sections');
      assert.equal((await get(app, '/ukraina')).headers.location, '/ukraina/');
      assert.equal((await get(app, '/ukraina/nemaie/')).statusCode, 404);

      const tag = await get(app, '/tag/kyiv/');
      assert.equal(tag.statusCode, 200);
      assert.match(tag.body, /<p class="kicker">Місце<\/p>/);
      assert.match(tag.body, /<link rel="alternate" type="application\/rss\+xml"[^>]+href="\/tag\/kyiv\/rss\.xml">/);
      const person = await get(app, '/tag/volodymyr-zelenskyi/');
      assert.match(person.body, /<p class="kicker">Персона<\/p>/);
      assert.match(person.body, /Президент після саміту/);

      const author = await get(app, '/author/iryna-vakulenko/');
      assert.equal(author.statusCode, 200);
      assert.match(author.body, /<h1 class="section-title">Ірина Вакуленко<\/h1>/);
      assert.equal((author.body.match(/<article class="card/g) ?? []).length, 3);
      assert.equal((await get(app, '/author/nobody/')).statusCode, 404);
      assert.equal((await get(app, '/tag/nothing-here/')).statusCode, 404);

      const news = await get(app, '/news/');
      assert.equal(news.statusCode, 200);
      assert.equal((news.body.match(/<li><time/g) ?? []).length, 9);
    });

    test('pagination: stable ?page=N URLs, canonical links, 404 past the end', async () => {
      const site = await openSite(tdb, []);
      const app = site.app as ShpaltaApp;
      const dir = tempDir();
      for (let i = 0; i < 45; i++) {
        const day = String(1 + (i % 28)).padStart(2, '0');
        await site.importFile(writePlainArticle(dir, `n${i}.txt`, { title: `Новина номер ${i + 1}`, date: `2026-0${1 + Math.floor(i / 28)}-${day} 10:${String(i).padStart(2, '0')}` }));
      }
      const p1 = await get(app, '/kyiv/');
      assert.equal((p1.body.match(/<article class="card/g) ?? []).length, 20);
      assert.match(p1.body, /<a rel="next" href="\/kyiv\/\?page=2">/);
      assert.doesNotMatch(p1.body, /rel="prev"/);
      const p3 = await get(app, '/kyiv/?page=3');
      assert.equal(p3.statusCode, 200);
      assert.equal((p3.body.match(/<article class="card/g) ?? []).length, 5);
      assert.match(p3.body, /<link rel="canonical" href="https:\/\/news\.example\.ua\/kyiv\/\?page=3">/);
      assert.match(p3.body, /<a rel="prev" href="\/kyiv\/\?page=2">/);
      assert.doesNotMatch(p3.body, /rel="next"/);
      assert.equal((await get(app, '/kyiv/?page=4')).statusCode, 404);
      assert.equal((await get(app, '/kyiv/?page=0')).statusCode, 404);
      assert.equal((await get(app, '/kyiv/?page=abc')).statusCode, 404);
      const tagPage2 = await get(app, '/tag/transport/?page=2');
      assert.equal(tagPage2.statusCode, 200);
      const all = [1, 2, 3].map(async (n) => (await get(app, `/news/?page=${n}`)).body);
      const titles = (await Promise.all(all)).flatMap((b) => [...b.matchAll(/Новина номер (\d+)/g)].map((m) => Number(m[1])));
      assert.equal(titles.length, 45);
      assert.equal(new Set(titles).size, 45, 'no article on two pages');
    });

    test('the page cache: HIT, ETag and Last-Modified answered with 304, gzip and brotli, CDN headers', async () => {
      const site = await openSite(tdb, [writePlainArticle(tempDir(), 'cached.txt', { crumbs: 'Головна Світ Політика' })]);
      const app = site.app as ShpaltaApp;
      const url = site.imported[0]!.path;
      const first = await get(app, url);
      assert.equal(first.headers['x-cache'], 'MISS');
      const second = await get(app, url);
      assert.equal(second.headers['x-cache'], 'HIT');
      assert.equal(second.body, first.body);
      assert.match(String(first.headers['cache-control']), /s-maxage=\d+/);
      assert.match(String(first.headers['cache-control']), /stale-while-revalidate=\d+/);
      assert.match(String(first.headers['cache-control']), /stale-if-error=\d+/);
      const etag = String(first.headers.etag);
      assert.equal((await get(app, url, { 'if-none-match': etag })).statusCode, 304);
      // HEAD of a cached page, plain and compressed: the GET's headers, no body (it answered 500).
      for (const encoding of [undefined, 'gzip']) {
        const headers: Record<string, string> = encoding ? { 'accept-encoding': encoding } : {};
        const [got, head] = [await get(app, url, headers), await app.inject({ method: 'HEAD', url, headers })];
        assert.equal(head.statusCode, 200, head.body);
        assert.equal(head.headers['x-cache'], 'HIT');
        assert.equal(head.headers['content-length'], got.headers['content-length']);
        assert.equal(head.headers.etag, got.headers.etag);
        assert.equal(head.body, '');
      }
      assert.equal((await get(app, url, { 'if-modified-since': String(first.headers['last-modified']) })).statusCode, 304);
      assert.equal((await get(app, url, { 'if-none-match': '"other"' })).statusCode, 200);
      const br = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(zlib.brotliDecompressSync(br.rawPayload).toString(), first.body);
      const gz = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(zlib.gunzipSync(gz.rawPayload).toString(), first.body);
      assert.equal(String(first.headers.vary), 'Accept-Encoding');
      const css = await get(app, first.body.match(/<link rel="stylesheet" href="([^"]+)">/)![1]!);
      assert.ok(Buffer.byteLength(first.body) + Buffer.byteLength(css.body) < 50_000, 'an article page with its CSS stays under 50 KB');
      const signedIn = await get(app, url, { cookie: 'shpalta_session=abc' });
      assert.equal(signedIn.headers['x-cache'], 'MISS', 'a signed-in editor never gets the readers’ cache');
    });

    test('publishing shows at once on the home page, its sections, tags and author; nothing else is dropped', async () => {
      const site = await openSite(tdb, [demoDir]);
      const app = site.app as ShpaltaApp;
      const pages = ['/', '/news/', '/ukraina/', '/ukraina/ekonomika/', '/tag/enerhetyka/', '/author/iryna-vakulenko/', '/kultura/', '/api/v1/articles'];
      for (const p of pages) await get(app, p);
      for (const p of pages) assert.equal((await get(app, p)).headers['x-cache'], 'HIT', p);
      const dir = tempDir();
      const title = 'Енергетики відновили живлення на лівому березі';
      const file = writePlainArticle(dir, 'fresh.txt', { title, date: kyivStamp(new Date(Date.now() - 60_000)), crumbs: 'Головна Україна Економіка', author: 'Ірина Вакуленко', tags: 'енергетика Київ' });
      await importPlainFile({ database: site.database, media: localMediaStore(tempDir()), changes: app.shpalta.changes }, file);
      for (const p of ['/', '/news/', '/ukraina/', '/ukraina/ekonomika/', '/tag/enerhetyka/', '/author/iryna-vakulenko/', '/api/v1/articles']) {
        const res = await get(app, p);
        assert.equal(res.headers['x-cache'], 'MISS', `${p} was dropped`);
        assert.ok(res.body.includes(title), `${p} shows the new article`);
      }
      assert.equal((await get(app, '/kultura/')).headers['x-cache'], 'HIT', 'an unrelated section keeps its cached page');
    });

    test('a scheduled article goes live exactly once, and the pages show it', async () => {
      const site = await openSite(tdb, [demoDir]);
      const app = site.app as ShpaltaApp;
      const dir = tempDir();
      const at = new Date(Date.now() + 3_600_000);
      const title = 'Сесія Київради розпочнеться о десятій';
      const imported = await importPlainFile({ database: site.database, media: localMediaStore(tempDir()) }, writePlainArticle(dir, 'later.txt', { title, date: kyivStamp(at) }));
      assert.equal((await get(app, imported.path)).statusCode, 404, 'not before its time');
      assert.ok(!(await get(app, '/kyiv/')).body.includes(title));
      assert.deepEqual((await publishDueArticles(site.database, new Date())).published, []);
      const [a, b] = await Promise.all([publishDueArticles(site.database, new Date(at.getTime() + 1000)), publishDueArticles(site.database, new Date(at.getTime() + 1000))]);
      assert.deepEqual([...a.published, ...b.published], [imported.id], 'published once although two runs raced');
      // This instance learns of it from the change log, as it would of another instance's write.
      await app.shpalta.changes.poll();
      assert.equal((await get(app, imported.path)).statusCode, 200);
      assert.ok((await get(app, '/kyiv/')).body.includes(title));
      assert.ok((await get(app, '/')).body.includes(title));
    });

    test('a change made by another process reaches this cache through the change log', async () => {
      const site = await openSite(tdb, [writePlainArticle(tempDir(), 'first.txt', { crumbs: 'Головна Світ Політика' })]);
      const app = site.app as ShpaltaApp;
      const before = await get(app, '/svit/polityka/');
      assert.ok(!before.body.includes('Друга новина'));
      const dir = tempDir();
      await importPlainFile({ database: site.database, media: localMediaStore(tempDir()) }, writePlainArticle(dir, 'second.txt', { title: 'Друга новина про переговори', crumbs: 'Головна Світ Політика' }));
      assert.equal((await get(app, '/svit/polityka/')).headers['x-cache'], 'HIT', 'no notice yet');
      const keys = await app.shpalta.changes.poll();
      assert.ok(keys.includes('home'));
      const res = await get(app, '/svit/polityka/');
      assert.equal(res.headers['x-cache'], 'MISS');
      assert.ok(res.body.includes('Друга новина про переговори'));
    });

    test("this process's own write is announced once: reading the change log after it keeps the pages cached since", async () => {
      const site = await openSite(tdb, [writePlainArticle(tempDir(), 'first.txt', { crumbs: 'Головна Світ Політика' })]);
      const app = site.app as ShpaltaApp;
      const sectionId = (await site.database.db.selectFrom('sections').select('id').where('path', '=', 'svit/polityka').executeTakeFirstOrThrow()).id;
      const editor = await signInAs(app, await addUser(site.database, 'editor'));
      const made = await editor.request('POST', '/api/v1/admin/articles', { title: 'Посли обговорили гарантії', lead: 'Лід про гарантії.', sectionId });
      assert.equal(made.status, 201, made.body);
      const live = await editor.request('POST', `/api/v1/admin/articles/${made.json.article.id}/transition`, { step: 'publish' });
      assert.equal(live.status, 200, live.body);
      const url = live.json.article.url as string;
      for (const p of [url, '/svit/polityka/']) {
        assert.equal((await get(app, p)).headers['x-cache'], 'MISS', p);
        assert.equal((await get(app, p)).headers['x-cache'], 'HIT', p);
      }
      // The poll finds the publication in the log: announced already, it must not drop these pages again.
      assert.deepEqual(await app.shpalta.changes.poll(), []);
      for (const p of [url, '/svit/polityka/']) assert.equal((await get(app, p)).headers['x-cache'], 'HIT', `${p} after the poll`);
      // Another process's change after it still arrives.
      await importPlainFile({ database: site.database, media: localMediaStore(tempDir()) }, writePlainArticle(tempDir(), 'second.txt', { title: 'Друга новина про гарантії', crumbs: 'Головна Світ Політика' }));
      assert.ok((await app.shpalta.changes.poll()).includes('home'));
      const list = await get(app, '/svit/polityka/');
      assert.equal(list.headers['x-cache'], 'MISS');
      assert.ok(list.body.includes('Друга новина про гарантії'));
    });

    test("another process's change still arrives after more of this process's own than the log is read at once", async () => {
      const site = await openSite(tdb, []);
      const changes = (site.app as ShpaltaApp).shpalta.changes;
      for (let i = 0; i < 1300; i++) {
        const ids = await recordChange(site.database.db, [`article:${900_000 + i}`], new Date());
        changes.notify([`article:${900_000 + i}`], ids);
      }
      assert.deepEqual(await changes.poll(), [], 'its own, announced when written');
      await recordChange(site.database.db, ['tag:424242'], new Date());
      assert.deepEqual(await changes.poll(), ['tag:424242']);
    });

    test('a breaking article shows a banner on every page until it is an hour old', async () => {
      const site = await openSite(tdb, [demoDir]);
      const app = site.app as ShpaltaApp;
      const dir = tempDir();
      const imported = await importPlainFile(
        { database: site.database, media: localMediaStore(tempDir()), changes: app.shpalta.changes },
        writePlainArticle(dir, 'alarm.txt', { title: 'Повітряна тривога у Києві', date: kyivStamp(new Date(Date.now() - 5 * 60_000)) }),
      );
      assert.doesNotMatch((await get(app, '/kultura/')).body, /class="breaking"/);
      await site.database.db.updateTable('articles').set({ is_breaking: 1 }).where('id', '=', imported.id).execute();
      app.shpalta.changes.notify(['site']);
      for (const p of ['/', '/kultura/', '/tag/kyiv/', imported.path]) {
        assert.match((await get(app, p)).body, /<div class="breaking" role="region" aria-label="Терміново"><div class="wrap"><strong>Терміново<\/strong> <a href="[^"]+">Повітряна тривога у Києві<\/a>/, p);
      }
      const old = await importPlainFile(
        { database: site.database, media: localMediaStore(tempDir()), changes: app.shpalta.changes },
        writePlainArticle(dir, 'alarm.txt', { title: 'Повітряна тривога у Києві', date: kyivStamp(new Date(Date.now() - 61 * 60_000)) }),
      );
      assert.equal(old.id, imported.id);
      assert.doesNotMatch((await get(app, '/kultura/')).body, /class="breaking"/, 'over an hour old: no banner');
      assert.equal(articlePath({ id: imported.id, slug: 'x', sections: [] }).endsWith(`-${imported.id}.html`), true);
    });
  });
}
