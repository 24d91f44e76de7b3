import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { buildApp, type ShpaltaApp } from '../src/server/app.js';
import type { Database } from '../src/storage/database.js';
import { demoDir, tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, SITE_URL, writePlainArticle } from './helpers/site.js';

after(closeTestSites);

/**
 * The same database seen through a counter of the queries an app sends, leaving out the change
 * log it polls each second on its own.
 */
function counted(database: Database): { database: Database; queries: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      if (!JSON.stringify(args.node).includes('"content_changes"')) n++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { database: { ...database, db: database.db.withPlugin(plugin) }, queries: () => n };
}

const get = (app: ShpaltaApp, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

for (const tdb of testDatabases) {
  describe(`hostile and careless requests (${tdb.dialect})`, () => {
    test('a path deeper or longer than any page answers 404 at once, asking the database nothing', async () => {
      const site = await openSite(tdb, [demoDir]);
      const { database, queries } = counted(site.database);
      const app = await buildApp({ config: { siteUrl: SITE_URL, mediaDir: site.mediaDir, logLevel: 'silent' }, database });
      try {
        const deepest = await site.database.db.selectFrom('sections').select('path').orderBy('path', 'desc').execute();
        const threeDeep = deepest.find((s) => s.path.split('/').length === 3)!.path;
        assert.equal((await get(app, `/${threeDeep}/`)).statusCode, 200, 'the deepest real section is a page');

        const before = queries();
        assert.equal((await get(app, '/nemaie-takoho/')).statusCode, 404);
        assert.ok(queries() > before, 'the counter sees an ordinary miss look for its section');

        const deep = '/a'.repeat(7_900);
        const hostile = [`${deep}/`, deep, `${deep}/rss.xml`, `${deep}/atom.xml`, `${deep}/stattia-1.html`, `/${threeDeep}/a/`, `/${threeDeep}/a/b`, `/${'a'.repeat(2_000)}/`, `/${'a'.repeat(2_000)}-1.html`];
        for (const url of hostile) {
          const at = queries();
          const r = await get(app, url);
          assert.equal(r.statusCode, 404, url.slice(0, 60));
          assert.match(String(r.headers['content-type']), /^text\/html/);
          assert.match(r.body, /Сторінку не знайдено/);
          assert.equal(queries() - at, 0, `${url.slice(0, 60)}… asked the database`);
        }
        // A real path one level deeper than any section may still be an article's: it is looked up.
        const article = site.imported.find((a) => a.path.split('/').length === 5);
        if (article) assert.equal((await get(app, article.path)).statusCode, 200);
      } finally {
        await app.close();
      }
    });

    test('sections go at most three deep: the newsroom and the import refuse a fourth level', async () => {
      const site = await openSite(tdb, [demoDir]);
      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      const third = await site.database.db.selectFrom('sections').select(['id', 'path']).where('path', 'like', '%/%/%').executeTakeFirstOrThrow();
      const r = await editor.request('POST', '/api/v1/admin/sections', { name: 'Четвертий рівень', parentId: third.id });
      assert.deepEqual([r.status, r.json.error.code, r.json.error.field], [400, 'INVALID_INPUT', 'parentId'], r.body);
      const second = await site.database.db.selectFrom('sections').select(['id', 'path']).where('path', '=', third.path.split('/').slice(0, 2).join('/')).executeTakeFirstOrThrow();
      const ok = await editor.request('POST', '/api/v1/admin/sections', { name: 'Третій рівень', parentId: second.id });
      assert.equal(ok.status, 201, ok.body);
      const taxonomy = await editor.request('GET', '/admin/taxonomy');
      assert.doesNotMatch(taxonomy.body, new RegExp(`<option value="${third.id}">`), 'a third-level section is not offered as a parent');

      const file = writePlainArticle(tempDir(), 'deep.txt', { crumbs: 'Головна Світ Європа Польща Варшава' });
      await assert.rejects(site.importFile(file), (e: Error & { code?: string }) => /levels deep/.test(e.message));
      const made = await site.database.db.selectFrom('sections').select('path').where('name', 'in', ['Європа', 'Польща', 'Варшава']).execute();
      assert.deepEqual(made, [], 'nothing of the refused chain is kept');
    });

    test('`news` and `sitemaps` are never top-level section slugs', async () => {
      const dir = tempDir();
      const site = await openSite(tdb, [writePlainArticle(dir, 'n.txt', { crumbs: 'Головна News', title: 'Новина в розділі News' }), writePlainArticle(dir, 's.txt', { crumbs: 'Головна Sitemaps', title: 'Новина в розділі Sitemaps' })]);
      const paths = (await site.database.db.selectFrom('sections').select('path').orderBy('path').execute()).map((s) => s.path);
      assert.deepEqual(paths, ['news-2', 'sitemaps-2']);
      assert.match(site.imported[1]!.path, /^\/sitemaps-2\/novyna-v-rozdili-sitemaps-\d+\.html$/);
      assert.equal((await get(site.app, site.imported[1]!.path)).statusCode, 200, 'an article under it is reachable');
      assert.equal((await get(site.app, '/news-2/')).statusCode, 200);
      assert.match((await get(site.app, '/news/')).body, /Стрічка новин/, '/news/ stays the news feed');

      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      for (const [name, path] of [['NEWS', 'news-3'], ['SITEMAPS', 'sitemaps-3']]) {
        const r = await editor.request('POST', '/api/v1/admin/sections', { name });
        assert.equal(r.status, 201, r.body);
        assert.equal(r.json.section.path, path, `the newsroom's ${name}`);
      }
    });

    test('a tag or an author seen only on unpublished articles has no public page, feed or suggestion', async () => {
      const dir = tempDir();
      const site = await openSite(tdb, [
        writePlainArticle(dir, 'public.txt', { title: 'Відкрита новина про транспорт', tags: 'транспорт' }),
        writePlainArticle(dir, 'later.txt', { title: 'Ембарго до понеділка', date: '2099-01-05 10:00', author: 'Зореслава Потаємна', tags: 'Шифроград транспорт' }),
      ]);
      const [, later] = site.imported;
      const { app } = site;
      const suggested = async (q: string) => ((await get(app, `/api/v1/suggest?q=${encodeURIComponent(q)}`)).json() as { items: Array<{ name: string }> }).items.map((i) => i.name);
      // A search filter naming it says 'unknown' exactly as for a name nobody ever used (each
      // call asks anew: searches are cached for 30 s whatever is published).
      let asked = 0;
      const filterNotices = async (filter: string) => {
        const q = `${filter} дата:${2000 + ++asked}`;
        return ((await get(app, `/api/v1/search?q=${encodeURIComponent(q)}`)).json() as { notices: string[] }).notices.length;
      };
      const hidden = async () => {
        for (const url of ['/tag/shyfrohrad/', '/tag/shyfrohrad/rss.xml', '/tag/shyfrohrad/atom.xml', '/author/zoreslava-potaiemna/', '/author/zoreslava-potaiemna/rss.xml']) {
          assert.equal((await get(app, url)).statusCode, 404, url);
        }
        assert.deepEqual(await suggested('Шифроград'), []);
        assert.deepEqual(await suggested('Зореслава'), []);
        for (const filter of ['тег:Шифроград', 'тег:shyfrohrad', 'автор:Зореславою', 'автор:"Зореслава Потаємна"']) assert.equal(await filterNotices(filter), 1, `${filter}: unknown, as a name never used`);
      };
      await hidden();
      assert.equal(await filterNotices('тег:транспорт'), 0, 'a tag with a published article is a known filter');
      assert.deepEqual(await suggested('транспорт'), ['транспорт'], 'a tag with a published article is suggested');

      await site.setStatus(later!.id, 'published');
      assert.equal((await get(app, '/tag/shyfrohrad/')).statusCode, 200, 'published, the tag has its page');
      assert.equal((await get(app, '/author/zoreslava-potaiemna/rss.xml')).statusCode, 200);
      assert.deepEqual(await suggested('Шифроград'), ['Шифроград']);
      assert.deepEqual(await suggested('Зореславою'), ['Зореслава Потаємна']);
      assert.equal(await filterNotices('тег:Шифроград'), 0, 'and is a known search filter');
      assert.equal(await filterNotices('автор:Потаємна'), 0);

      await site.setStatus(later!.id, 'unpublished');
      await hidden();

      // An account's byline is an author with no article at all.
      const user = await addUser(site.database, 'author', { name: 'Мирослава Новенька' });
      const byline = await site.database.db.selectFrom('authors').select('slug').where('id', '=', user.authorId!).executeTakeFirstOrThrow();
      assert.equal((await get(app, `/author/${byline.slug}/`)).statusCode, 404);
      assert.deepEqual(await suggested('Мирослава'), []);
    });

    test('/admin/ and unknown newsroom paths answer a 404 no cache keeps', async () => {
      const site = await openSite(tdb, []);
      for (const [method, url] of [['GET', '/admin/'], ['GET', '/admin/nemaie'], ['GET', '/admin/nemaie/'], ['HEAD', '/admin/'], ['POST', '/admin/nemaie'], ['GET', '/admin/?x=1']] as const) {
        const r = await site.app.inject({ method, url });
        assert.equal(r.statusCode, 404, `${method} ${url}`);
        assert.doesNotMatch(String(r.headers['cache-control']), /public/, `${method} ${url}: ${r.headers['cache-control']}`);
        assert.match(String(r.headers['cache-control']), /no-store|private/);
      }
      assert.match(String((await get(site.app, '/nemaie/')).headers['cache-control']), /^public/, "a reader's 404 may still be kept a minute");
    });

    test('query parameters a page does not read neither bypass nor fill the page cache', async () => {
      const dir = tempDir();
      const files = Array.from({ length: 22 }, (_, i) => writePlainArticle(dir, `n${i}.txt`, { title: `Новина номер ${i + 1}`, date: `2026-03-${String(1 + i).padStart(2, '0')} 10:00` }));
      const site = await openSite(tdb, files);
      const { app } = site;
      const { cache } = app.shpalta;
      cache.clear();
      const states: string[] = [];
      const bodies = new Set<string>();
      for (let i = 0; i < 1_000; i++) {
        const junk = [`fbclid=IwAR${i}`, `utm_source=facebook&utm_medium=social&utm_campaign=c${i}`, `x${i}=${i}`, `gclid=${i}&utm_content=${i}`][i % 4];
        const r = await get(app, `/news/?${junk}`);
        assert.equal(r.statusCode, 200);
        states.push(String(r.headers['x-cache']));
        bodies.add(r.body);
      }
      assert.equal(states.filter((s) => s === 'MISS').length, 1, 'one render for a thousand junk URLs');
      assert.equal(states.filter((s) => s === 'HIT').length, 999);
      assert.equal(cache.size, 1, 'and one cache entry');
      assert.equal(bodies.size, 1);

      const page2 = await get(app, '/news/?utm_source=x&page=2');
      assert.equal(page2.headers['x-cache'], 'MISS', '?page=2 is a page of its own');
      assert.match(page2.body, /Новина номер 1</);
      assert.doesNotMatch((await get(app, '/news/')).body, /Новина номер 1</);
      assert.equal((await get(app, '/news/?page=2&fbclid=abc')).headers['x-cache'], 'HIT', 'whatever comes with it');
      assert.equal(cache.size, 2);
      assert.equal((await get(app, '/news/?page=3')).statusCode, 404);
      assert.equal((await get(app, '/news/?page=2&page=2')).statusCode, 404, 'a repeated parameter is read as the route reads it');

      const search = await get(app, '/search?q=%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0&utm_source=x');
      assert.equal(search.statusCode, 200);
      assert.equal((await get(app, '/search?fbclid=1&q=%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B0')).headers['x-cache'], 'HIT');
      const api = await get(app, '/api/v1/articles?limit=2&utm_medium=x');
      assert.equal((api.json() as { items: unknown[] }).items.length, 2);
      assert.equal((await get(app, '/api/v1/articles?fbclid=z&limit=2')).headers['x-cache'], 'HIT');
      // An article and a feed read no parameter at all, not even ?page.
      const article0 = site.imported[0]!.path;
      await get(app, article0);
      await get(app, '/kyiv/rss.xml');
      for (const junk of ['page=2', 'page=abc', 'fbclid=1&page=7']) {
        assert.equal((await get(app, `${article0}?${junk}`)).headers['x-cache'], 'HIT', `${article0}?${junk}`);
        assert.equal((await get(app, `/kyiv/rss.xml?${junk}`)).headers['x-cache'], 'HIT', `/kyiv/rss.xml?${junk}`);
      }
      // An article redirect keeps what came with the link (a campaign's parameters are the reader's, not the cache's).
      const article = site.imported[0]!;
      const moved = await get(app, `${article.path.replace(/-\d+\.html$/, '')}-old-${article.id}.html?utm_source=x`);
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, `${article.path}?utm_source=x`);
    });
  });
}
