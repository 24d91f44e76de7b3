import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp, type ShpaltaApp } from '../src/server/app.js';
import { ensureMedia } from '../src/storage/repositories/media.js';
import { tempDir, testDatabases, type TestDatabase } from './helpers/databases.js';
import { addUser, signInAs, testClock } from './helpers/newsroom.js';
import { closeTestSites, openSite, SITE_URL, unescapeHtml, writePlainArticle } from './helpers/site.js';
import { richText } from '../src/core/rich-text.js';

after(closeTestSites);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** A reader's GET: the body with entities decoded (names are escaped in HTML and XML alike), and whether the cache answered. */
async function read(app: ShpaltaApp, url: string) {
  const r = await app.inject({ method: 'GET', url });
  assert.equal(r.statusCode, 200, `${url}: ${r.statusCode}`);
  return { text: unescapeHtml(r.body), cache: r.headers['x-cache'] };
}

/** Reads each page twice, so that it is in the page cache, and checks it is. */
async function warm(app: ShpaltaApp, urls: string[]) {
  for (const u of urls) await read(app, u);
  for (const u of urls) assert.equal((await read(app, u)).cache, 'HIT', `${u} is cached`);
}

/**
 * Three published articles: two in Київ tagged 'транспорт' (one also 'КМДА'), one in Світ › Політика
 * tagged 'КМДА' alone, by one author.
 */
async function taxonomySite(tdb: TestDatabase) {
  const dir = tempDir();
  const files = [
    writePlainArticle(dir, 'a.txt', { title: 'Зупинки на лівому березі оновлять', date: '2026-03-12 09:40', tags: 'транспорт КМДА' }),
    writePlainArticle(dir, 'b.txt', { title: 'Тролейбуси повертаються на Троєщину', date: '2026-03-13 10:00', tags: 'транспорт' }),
    writePlainArticle(dir, 'c.txt', { title: 'Делегація міста поїхала до Варшави', date: '2026-03-14 11:00', crumbs: 'Головна Світ Політика', tags: 'КМДА' }),
  ];
  const clock = testClock();
  const site = await openSite(tdb, files, { clock: clock.now });
  const db = site.database.db;
  const tag = async (slug: string) => db.selectFrom('tags').select(['id', 'name', 'slug', 'kind']).where('slug', '=', slug).executeTakeFirstOrThrow();
  const section = async (path: string) => db.selectFrom('sections').select(['id', 'name', 'slug', 'path', 'position']).where('path', '=', path).executeTakeFirstOrThrow();
  const editor = await signInAs(site.app, await addUser(site.database, 'editor', { name: 'Олена Редакторка' }));
  return { site, app: site.app, db, tag, section, editor, paths: site.imported.map((a) => a.path) };
}

for (const tdb of testDatabases) {
  describe(`taxonomy: sections and tags (${tdb.dialect})`, () => {
    test('editors and admins may; contributors and authors get 403, anonymous readers 401 (the page: sign in first)', async () => {
      const { site, app, tag, section, editor } = await taxonomySite(tdb);
      const t = await tag('transport');
      const s = await section('kyiv');
      const writes = [
        ['PATCH', `/api/v1/admin/tags/${t.id}`, { kind: 'topic' }],
        ['POST', '/api/v1/admin/sections', { name: 'Спорт' }],
        ['PATCH', `/api/v1/admin/sections/${s.id}`, { position: 0 }],
      ] as const;
      for (const [method, url, body] of writes) {
        const anon = await app.inject({ method, url, payload: body });
        assert.deepEqual([anon.statusCode, anon.json().error.code], [401, 'UNAUTHENTICATED'], `${method} ${url}`);
      }
      const page = await app.inject({ method: 'GET', url: '/admin/taxonomy' });
      assert.equal(page.statusCode, 303);
      assert.match(String(page.headers.location), /^\/admin\/login\?next=%2Fadmin%2Ftaxonomy/);

      for (const role of ['contributor', 'author'] as const) {
        const c = await signInAs(app, await addUser(site.database, role));
        for (const [method, url, body] of writes) {
          const r = await c.request(method, url, body);
          assert.deepEqual([r.status, r.json.error.code], [403, 'FORBIDDEN'], `${role}: ${method} ${url}`);
        }
        assert.equal((await c.request('GET', '/admin/taxonomy')).status, 403, `${role}: the page`);
        const post = await app.inject({ method: 'POST', url: `/admin/taxonomy/tags/${t.id}`, headers: { ...FORM, cookie: c.cookie }, payload: form({ _csrf: c.csrf, name: 'Інше', kind: 'topic' }) });
        assert.equal(post.statusCode, 403, `${role}: the form`);
      }
      assert.equal((await tag('transport')).name, 'транспорт', 'nothing changed');

      const noToken = await editor.request('PATCH', `/api/v1/admin/tags/${t.id}`, { kind: 'topic' }, { csrf: false });
      assert.deepEqual([noToken.status, noToken.json.error.code], [403, 'CSRF_TOKEN']);
      for (const c of [editor, await signInAs(app, await addUser(site.database, 'admin'))]) {
        const r = await c.request('PATCH', `/api/v1/admin/tags/${t.id}`, { kind: c === editor ? 'topic' : 'place' });
        assert.equal(r.status, 200, r.body);
      }
      assert.equal((await tag('transport')).kind, 'place');
    });

    test('a tag rename: the tag page, its articles, the lists and feeds holding them show the new name at once; the slug stays', async () => {
      const { app, db, tag, editor, paths } = await taxonomySite(tdb);
      const t = await tag('transport');
      const pages = [...paths, '/tag/transport/', '/tag/kmda/', '/news/', '/', '/kyiv/', '/rss.xml', '/atom.xml', '/kyiv/rss.xml', '/tag/kmda/rss.xml', '/tag/transport/atom.xml', '/svit/'];
      await warm(app, pages);

      const r = await editor.request('PATCH', `/api/v1/admin/tags/${t.id}`, { name: 'Міський рух', kind: 'topic' });
      assert.equal(r.status, 200, r.body);
      assert.deepEqual(r.json.tag, { id: t.id, name: 'Міський рух', slug: 'transport', kind: 'topic' });

      for (const u of [paths[0]!, paths[1]!, '/tag/transport/', '/rss.xml', '/atom.xml', '/kyiv/rss.xml', '/tag/kmda/rss.xml', '/tag/transport/atom.xml']) {
        const page = await read(app, u);
        assert.equal(page.cache, 'MISS', `${u} was dropped`);
        assert.ok(page.text.includes('Міський рух'), `${u} shows the new name`);
        assert.ok(!page.text.includes('транспорт'), `${u} no longer shows the old one`);
      }
      assert.equal((await read(app, paths[2]!)).cache, 'HIT', 'an article without the tag stays cached');
      assert.equal((await read(app, '/svit/')).cache, 'HIT', 'a section without such articles stays cached');
      assert.match((await read(app, '/tag/transport/')).text, /<h1 class="section-title">Міський рух<\/h1>/);

      // Suggestions and search know the new name, and no longer the old one.
      const suggest = await app.inject({ method: 'GET', url: `/api/v1/admin/tags?q=${encodeURIComponent('міськ')}`, headers: { cookie: editor.cookie } });
      assert.deepEqual(suggest.json().items.map((i: { id: number }) => i.id), [t.id]);
      const found = await app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('міський рух')}` });
      assert.equal(found.statusCode, 200, found.body);
      assert.equal(found.json().total ?? found.json().items.length, 2, found.body);

      const audit = await db.selectFrom('audit_log').select(['action', 'target_id', 'user_id', 'details']).where('action', '=', 'tag.update').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.target_id, t.id);
      assert.equal(audit[0]!.user_id, editor.user.id);
      assert.deepEqual(JSON.parse(audit[0]!.details), { from: { name: 'транспорт', kind: t.kind }, to: { name: 'Міський рух', kind: 'topic' } });
      const logged = await db.selectFrom('content_changes').select('keys').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.ok(logged.keys.split(' ').includes(`tag:${t.id}`), 'other instances hear of it through content_changes');

      const same = await editor.request('PATCH', `/api/v1/admin/tags/${t.id}`, { name: 'Міський рух' });
      assert.equal(same.status, 200);
      assert.equal((await db.selectFrom('audit_log').select('id').where('action', '=', 'tag.update').execute()).length, 1, 'no change, no audit entry');
    });

    test('a section rename changes the menu on every page, here at once and on another instance after its poll; its path stays', async () => {
      const { site, app, section, editor, paths } = await taxonomySite(tdb);
      const kyiv = await section('kyiv');
      const other = await buildApp({ config: { siteUrl: SITE_URL, mediaDir: tempDir(), logLevel: 'silent' }, database: site.database });
      try {
        const pages = ['/', '/news/', '/svit/', '/tag/kmda/', ...paths, '/tag/kmda/rss.xml'];
        await warm(app, pages);
        await warm(other, ['/', paths[2]!]);

        const r = await editor.request('PATCH', `/api/v1/admin/sections/${kyiv.id}`, { name: 'Столиця' });
        assert.equal(r.status, 200, r.body);
        assert.deepEqual(r.json.section, { id: kyiv.id, name: 'Столиця', slug: 'kyiv', path: 'kyiv', parentId: null, position: kyiv.position });

        for (const u of pages) {
          const page = await read(app, u);
          assert.equal(page.cache, 'MISS', `${u} was dropped`);
          assert.ok(page.text.includes('Столиця'), `${u} shows the new name`);
        }
        assert.match((await read(app, '/kyiv/')).text, /<h1 class="section-title">Столиця<\/h1>/);
        assert.equal((await app.inject({ method: 'GET', url: paths[0]! })).statusCode, 200, 'article URLs keep working');

        await other.shpalta.changes.poll();
        for (const u of ['/', paths[2]!]) {
          const page = await read(other, u);
          assert.equal(page.cache, 'MISS', `the other instance dropped ${u}`);
          assert.ok(page.text.includes('Столиця'), `the other instance shows the new name on ${u}`);
        }
      } finally {
        await other.close();
      }
    });

    test('new sections: transliterated slugs that never take the site’s own paths; order; conflicts and bad input name the field', async () => {
      const { app, db, section, tag, editor } = await taxonomySite(tdb);
      const kyiv = await section('kyiv');
      const svit = await section('svit');
      await warm(app, ['/']);

      const sport = await editor.request('POST', '/api/v1/admin/sections', { name: 'Спорт' });
      assert.equal(sport.status, 201, sport.body);
      assert.deepEqual({ ...sport.json.section, id: 0 }, { id: 0, name: 'Спорт', slug: 'sport', path: 'sport', parentId: null, position: 2 });
      const home = await read(app, '/');
      assert.equal(home.cache, 'MISS');
      assert.match(home.text, /<a href="\/sport\/"[^>]*>Спорт<\/a>/, 'the menu shows the new section');

      for (const [name, slug] of [['Search', 'search-2'], ['Tag', 'tag-2'], ['RSS', 'rss-2'], ['Адмін', 'admin-2']] as const) {
        const r = await editor.request('POST', '/api/v1/admin/sections', { name });
        assert.equal(r.status, 201, r.body);
        assert.equal(r.json.section.path, slug, `${name} at the top level`);
      }
      const child = await editor.request('POST', '/api/v1/admin/sections', { name: 'Search', parentId: kyiv.id });
      assert.deepEqual([child.status, child.json.section.path, child.json.section.parentId], [201, 'kyiv/search', kyiv.id], 'below the top level a reserved word is a plain slug');
      assert.equal((await app.inject({ method: 'GET', url: '/search-2/' })).statusCode, 200);

      const problems: Array<[string, string, unknown, number, string, string]> = [
        ['POST', '/api/v1/admin/sections', { name: 'Спорт' }, 409, 'CONFLICT', 'name'],
        ['POST', '/api/v1/admin/sections', { name: 'Політика', parentId: svit.id }, 409, 'CONFLICT', 'name'],
        ['POST', '/api/v1/admin/sections', { name: '  ' }, 400, 'INVALID_INPUT', 'name'],
        ['POST', '/api/v1/admin/sections', {}, 400, 'INVALID_INPUT', 'name'],
        ['POST', '/api/v1/admin/sections', { name: 'Нове', parentId: 999_999 }, 400, 'INVALID_INPUT', 'parentId'],
        ['PATCH', `/api/v1/admin/sections/${kyiv.id}`, { name: 'Спорт' }, 409, 'CONFLICT', 'name'],
        ['PATCH', `/api/v1/admin/sections/${kyiv.id}`, { position: -1 }, 400, 'INVALID_INPUT', 'position'],
        ['PATCH', '/api/v1/admin/sections/999999', { name: 'Ніщо' }, 404, 'NOT_FOUND', ''],
        ['PATCH', `/api/v1/admin/tags/${(await tag('transport')).id}`, { name: 'КМДА' }, 409, 'CONFLICT', 'name'],
        ['PATCH', `/api/v1/admin/tags/${(await tag('transport')).id}`, { name: 'кмда' }, 409, 'CONFLICT', 'name'],
        ['PATCH', `/api/v1/admin/tags/${(await tag('transport')).id}`, { kind: 'animal' }, 400, 'INVALID_INPUT', 'kind'],
        ['PATCH', `/api/v1/admin/tags/${(await tag('transport')).id}`, { name: 'x'.repeat(121) }, 400, 'INVALID_INPUT', 'name'],
        ['PATCH', '/api/v1/admin/tags/999999', { name: 'Ніщо' }, 404, 'NOT_FOUND', ''],
      ];
      for (const [method, url, body, status, code, field] of problems) {
        const r = await editor.request(method, url, body);
        assert.deepEqual([r.status, r.json.error.code, r.json.error.field ?? ''], [status, code, field], `${method} ${url} ${JSON.stringify(body)}: ${r.body}`);
        if (field) assert.match(r.json.error.message, new RegExp(`^${field}: `), 'the message names the field');
      }
      const own = await editor.request('PATCH', `/api/v1/admin/tags/${(await tag('kmda')).id}`, { name: 'Кмда' });
      assert.equal(own.status, 200, 'a tag may change its own letter case');

      // Order: Спорт first in the menu, the others after it in their order.
      const moved = await editor.request('PATCH', `/api/v1/admin/sections/${sport.json.section.id}`, { position: 0 });
      assert.equal(moved.json.section.position, 0);
      const tops = await db.selectFrom('sections').select(['path', 'position']).where('parent_id', 'is', null).orderBy('position').execute();
      assert.deepEqual(tops.map((s) => s.path), ['sport', 'kyiv', 'svit', 'search-2', 'tag-2', 'rss-2', 'admin-2']);
      assert.deepEqual(tops.map((s) => s.position), [0, 1, 2, 3, 4, 5, 6]);
      const menu = (await read(app, '/')).text;
      assert.ok(menu.indexOf('/sport/') < menu.indexOf('/kyiv/'), 'the menu follows the new order');
      const last = await editor.request('PATCH', `/api/v1/admin/sections/${kyiv.id}`, { position: 99 });
      assert.equal(last.json.section.position, 6, 'past the end is last');
      const actions = await db.selectFrom('audit_log').select('action').where('target_kind', '=', 'section').execute();
      assert.deepEqual(actions.map((a) => a.action).sort(), [...Array(6).fill('section.create'), 'section.update', 'section.update']);
    });

    test('the page: the tree, tags with kinds and a search; its forms rename, re-kind and add, then go back', async () => {
      const { app, tag, section, editor } = await taxonomySite(tdb);
      const t = await tag('transport');
      const svit = await section('svit');
      const page = await editor.request('GET', '/admin/taxonomy');
      assert.equal(page.status, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      const body = unescapeHtml(page.body);
      assert.match(body, /<h1>Розділи й теги<\/h1>/);
      assert.ok(body.indexOf('value="Світ"') < body.indexOf('value="Політика"'), 'a subsection follows its parent');
      assert.match(body, /<a href="\/svit\/polityka\/">\/svit\/polityka\/<\/a>/);
      assert.match(body, new RegExp(`<form method="post" action="/admin/taxonomy/tags/${t.id}"><input type="hidden" name="_csrf" value="${editor.csrf}">`));
      assert.match(body, /<option value="topic"[^>]*>Тема<\/option>/);
      for (const name of ['транспорт', 'КМДА', 'Київ']) assert.ok(body.includes(`value="${name}"`), name);

      const search = unescapeHtml((await editor.request('GET', `/admin/taxonomy?q=${encodeURIComponent('транспорту')}`)).body);
      assert.ok(search.includes('value="транспорт"'), 'found in another grammatical case');
      assert.ok(!search.includes('value="КМДА"'), 'only what matches');

      const post = (url: string, fields: Record<string, string>) => app.inject({ method: 'POST', url, headers: { ...FORM, cookie: editor.cookie }, payload: form({ _csrf: editor.csrf, ...fields }) });
      const renamed = await post(`/admin/taxonomy/tags/${t.id}`, { name: 'Громадський транспорт', kind: 'organisation', q: 'транспорту' });
      assert.equal(renamed.statusCode, 303, renamed.body);
      assert.equal(renamed.headers.location, `/admin/taxonomy?q=${encodeURIComponent('транспорту')}&done=tag#tag-${t.id}`);
      assert.deepEqual(await tag('transport'), { ...t, name: 'Громадський транспорт', kind: 'organisation' });
      assert.ok((await editor.request('GET', String(renamed.headers.location))).body.includes('Тег збережено.'));

      const taken = await post(`/admin/taxonomy/tags/${t.id}`, { name: 'КМДА', kind: 'topic' });
      assert.equal(taken.statusCode, 409);
      assert.ok(taken.body.includes('Інший тег уже має таку назву'));
      const empty = await post(`/admin/taxonomy/tags/${t.id}`, { name: ' ', kind: 'topic' });
      assert.equal(empty.statusCode, 400);
      assert.ok(empty.body.includes('Вкажіть назву'));

      const added = await post('/admin/taxonomy/sections', { name: 'Європа', parentId: String(svit.id) });
      assert.equal(added.statusCode, 303, added.body);
      const europe = await section('svit/yevropa');
      assert.equal(added.headers.location, `/admin/taxonomy?done=created#section-${europe.id}`);
      const reordered = await post(`/admin/taxonomy/sections/${europe.id}`, { name: 'Європа і світ', position: '0' });
      assert.equal(reordered.statusCode, 303);
      assert.deepEqual(await section('svit/yevropa'), { ...europe, name: 'Європа і світ', position: 0 });

      const noToken = await app.inject({ method: 'POST', url: '/admin/taxonomy/sections', headers: { ...FORM, cookie: editor.cookie }, payload: form({ name: 'Без токена' }) });
      assert.equal(noToken.statusCode, 403);
      assert.ok(!(await editor.request('GET', '/admin/taxonomy')).body.includes('Без токена'));
    });

    test('the full-text feed shows body images like the article page, with absolute URLs', async () => {
      const { site, app, section, editor } = await taxonomySite(tdb);
      const media = await ensureMedia(
        site.database.db,
        { storageKey: 'ab/abcdef.jpg', sha256: 'f'.repeat(64), mime: 'image/jpeg', width: 1600, height: 900, bytes: 1234, caption: '', credit: '', alt: '', variantWidths: [480, 960] },
        new Date(),
      );
      const created = await editor.request('POST', '/api/v1/admin/articles', {
        title: 'Новий міст через Дніпро',
        lead: 'Будівництво почнуть навесні.',
        body: [
          { type: 'paragraph', content: richText('Перший абзац.') },
          { type: 'image', mediaId: media.id, caption: richText('Макет мосту'), credit: 'КМДА', alt: 'Міст над річкою' },
        ],
        sectionId: (await section('kyiv')).id,
      });
      assert.equal(created.status, 201, created.body);
      const id = created.json.article.id;
      const published = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'publish' });
      assert.equal(published.status, 200, published.body);

      // The copies offered are today's ladder below the original's width (media copies are made on first request).
      const copies = [240, 360, 480, 720, 960, 1440].map((w) => `${SITE_URL}/media/ab/abcdef-w${w}.webp ${w}w`).join(', ');
      const img = `<img src="${SITE_URL}/media/ab/abcdef.jpg" srcset="${copies}, ${SITE_URL}/media/ab/abcdef.jpg 1600w"`;
      for (const feed of ['/rss.xml', '/atom.xml']) {
        const text = (await read(app, feed)).text;
        assert.ok(text.includes(img), `${feed} has the body image with absolute URLs`);
        assert.ok(text.includes('alt="Міст над річкою"'), feed);
        assert.ok(text.includes('Макет мосту'), feed);
      }
      const articlePage = (await read(app, created.json.article.url)).text;
      assert.ok(articlePage.includes('src="/media/ab/abcdef.jpg" srcset="/media/ab/abcdef-w240.webp 240w'), 'the page has the same image, by site path');
    });
  });
}
