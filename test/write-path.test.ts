import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { publishDueArticles } from '../src/services/publish-due.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs, testClock } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';
import { richText } from '../src/core/rich-text.js';

after(closeTestSites);

/**
 * Every way an article changes ends in one write path (storage/repositories/article-writes.ts):
 * whatever the way, the caches hear of everything the change shows on.
 */
/** A site with one article in the section Київ, on a clock at 09:00 UTC, and an editor signed in. */
async function kyivSite(tdb: (typeof testDatabases)[number]) {
  const clock = testClock(new Date('2026-11-24T09:00:00Z'));
  const seed = writePlainArticle(tempDir(), 'seed.txt', { crumbs: 'Головна Київ', title: 'У Києві відкрили новий міст', date: '2026-11-24 08:00' });
  const site = await openSite(tdb, [seed], { clock: clock.now });
  const sectionId = (await site.database.db.selectFrom('sections').select('id').where('path', '=', 'kyiv').executeTakeFirstOrThrow()).id;
  const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
  return { clock, site, sectionId, editor };
}

for (const tdb of testDatabases) {
  describe(`the write path (${tdb.dialect})`, () => {
    test('a scheduled breaking article going live puts the banner on pages already cached, at once', async () => {
      const { clock, site, sectionId, editor } = await kyivSite(tdb);
      const created = await editor.request('POST', '/api/v1/admin/articles', {
        title: 'Повітряна тривога в усіх областях',
        lead: 'Сирени лунають по всій країні.',
        body: [{ type: 'paragraph', content: richText('Перебувайте в укриттях до відбою.') }],
        sectionId,
        isBreaking: true,
      });
      assert.equal(created.status, 201, created.body);
      const { id, version } = created.json.article;
      const scheduled = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'schedule', at: '2026-11-24T10:00:00Z', baseVersion: version });
      assert.equal(scheduled.status, 200, scheduled.body);

      // Pages readers have seen before it goes live: cached, without a banner.
      const pages = [site.imported[0]!.path, '/', '/kyiv/'];
      for (const url of pages) {
        await site.app.inject({ method: 'GET', url });
        const cached = await site.app.inject({ method: 'GET', url });
        assert.equal(cached.headers['x-cache'], 'HIT', url);
        assert.doesNotMatch(cached.body, /class="breaking"/, url);
      }

      clock.set(new Date('2026-11-24T10:00:05Z'));
      const result = await publishDueArticles(site.database, clock.now());
      assert.deepEqual(result.published, [id]);
      assert.ok(result.changed.includes('site'), `the banner's key is among the changes: ${result.changed.join(' ')}`);
      assert.deepEqual(result.events.map((e) => [e.name, e.articleId, e.previousStatus, e.status]), [
        ['article.updated', id, 'scheduled', 'published'],
        ['article.published', id, 'scheduled', 'published'],
      ]);
      site.app.shpalta.changes.notify(result.changed);

      for (const url of pages) {
        const r = await site.app.inject({ method: 'GET', url });
        assert.match(r.body, /class="breaking"[^]*Повітряна тривога в усіх областях/, `${url} shows the banner at once`);
      }
    });

    test('each way of writing reports what happened, and the change log holds its keys', async () => {
      const { site, sectionId, editor } = await kyivSite(tdb);
      const heard: string[] = [];
      site.app.shpalta.changes.onArticleEvent((e) => heard.push(`${e.name} ${e.articleId} ${e.previousStatus ?? '-'}→${e.status}`));
      const logged = async () => (await site.database.db.selectFrom('content_changes').select('keys').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).keys.split(' ');

      const created = await editor.request('POST', '/api/v1/admin/articles', { title: 'Нова лінія метро', lead: 'Лід.', sectionId });
      const { id } = created.json.article;
      assert.deepEqual(await logged(), [`article:${id}`], 'a draft shows on no published list: the home page is not rendered again for it');
      const saved = await editor.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: created.json.article.version, autosave: true, article: { title: 'Нова лінія метро до Троєщини', lead: 'Лід.', sectionId } });
      assert.equal(saved.status, 200, saved.body);
      assert.deepEqual(await logged(), [`article:${id}`], 'nor for its autosave');
      const live = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'publish', baseVersion: saved.json.article.version });
      assert.equal(live.status, 200, live.body);
      const keys = await logged();
      assert.ok(keys.includes(`section-list:${sectionId}`) && keys.includes('home') && !keys.includes('site'), keys.join(' '));
      // Found by search at once: the index is part of the same write.
      const found = await site.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('лінія метро')}` });
      assert.match(found.body, /Нова лінія метро/);
      const down = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'unpublish', baseVersion: live.json.article.version });
      assert.equal(down.status, 200, down.body);
      assert.ok((await logged()).includes(`section-list:${sectionId}`), 'leaving a list changes it too');
      const gone = await site.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('лінія метро')}` });
      assert.doesNotMatch(gone.body, /Нова лінія метро/);
      // Announced after each commit, for the webhooks and live updates to come.
      assert.deepEqual(heard, [
        `article.created ${id} -→draft`,
        `article.updated ${id} draft→draft`,
        `article.updated ${id} draft→published`,
        `article.published ${id} draft→published`,
        `article.updated ${id} published→unpublished`,
        `article.unpublished ${id} published→unpublished`,
      ]);
    });

    test('a workflow step answers the article as it is then stored, keeps it whole in the history, and lists it where it belongs', async () => {
      const { clock, site, sectionId, editor } = await kyivSite(tdb);
      const seed = (await editor.request('GET', `/api/v1/admin/articles/${site.imported[0]!.id}`)).json.article;
      assert.ok(seed.tagIds.length >= 2 && seed.authorIds.length >= 1, 'the seed has tags and a byline to copy');
      const created = await editor.request('POST', '/api/v1/admin/articles', {
        title: 'Міст через Дніпро відкриють у грудні',
        lead: 'Рух обіцяють запустити до свят.',
        body: [{ type: 'paragraph', content: richText('Будівельники завершують покриття.') }],
        sectionId,
        tagIds: seed.tagIds,
        authorIds: seed.authorIds,
        recap: { paragraphs: [richText('Нагадаємо, міст почали будувати навесні.')], articleIds: [seed.id] },
      });
      assert.equal(created.status, 201, created.body);
      const { id } = created.json.article;
      const listed = async () =>
        (await site.database.db.selectFrom('article_listings').select(['list_kind', 'list_id']).where('article_id', '=', id).execute())
          .map((r) => `${r.list_kind}:${r.list_id}`)
          .sort();
      let version = created.json.article.version;
      for (const [minute, [step, extra]] of ([['schedule', { at: '2026-11-25T10:00:00Z' }], ['unschedule', {}], ['publish', {}], ['unpublish', {}], ['publish', {}]] as const).entries()) {
        clock.set(new Date(Date.UTC(2026, 10, 24, 9, minute + 1)));
        const r = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step, baseVersion: version, ...extra });
        assert.equal(r.status, 200, `${step}: ${r.body}`);
        const stored = (await editor.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
        assert.deepEqual(r.json.article, stored, `${step}: the answer is the stored article`);
        assert.equal(stored.version, version + 1, step);
        version = stored.version;
        const history = (await editor.request('GET', `/api/v1/admin/articles/${id}/revisions`)).json;
        const latest = (await editor.request('GET', `/api/v1/admin/articles/${id}/revisions/${history.items[0].id}`)).json;
        assert.deepEqual(latest.revision.article, stored, `${step}: the history keeps the article as stored`);
        // Published: under its section (and the section's ancestors), each tag and each author; else nowhere.
        const expected = stored.status === 'published' ? [`section:${sectionId}`, ...seed.tagIds.map((t: number) => `tag:${t}`), ...seed.authorIds.map((a: number) => `author:${a}`)].sort() : [];
        assert.deepEqual(await listed(), expected, `${step}: its lists`);
      }
    });

    test('an article three sections deep is listed under each of them and shows the whole chain', async () => {
      const clock = testClock(new Date('2026-11-24T09:00:00Z'));
      const seed = writePlainArticle(tempDir(), 'deep.txt', { crumbs: 'Головна Світ Європа Політика', title: 'Єврокомісія погодила новий пакет', date: '2026-11-24 08:00' });
      const site = await openSite(tdb, [seed], { clock: clock.now });
      const sections = await site.database.db.selectFrom('sections').select(['id', 'path']).orderBy('path').execute();
      assert.equal(sections.length, 3, JSON.stringify(sections));
      const leaf = sections.find((x) => x.path.split('/').length === 3)!;
      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      const created = await editor.request('POST', '/api/v1/admin/articles', { title: 'Брюссель відповів на запит Києва', lead: 'Лід.', sectionId: leaf.id });
      const live = await editor.request('POST', `/api/v1/admin/articles/${created.json.article.id}/transition`, { step: 'publish', baseVersion: created.json.article.version });
      assert.equal(live.status, 200, live.body);
      for (const id of [site.imported[0]!.id, created.json.article.id]) {
        const lists = await site.database.db.selectFrom('article_listings').select('list_id').where('article_id', '=', id).where('list_kind', '=', 'section').execute();
        assert.deepEqual(lists.map((l) => l.list_id).sort(), sections.map((x) => x.id).sort(), `article ${id} is in every section of its path`);
      }
      const page = await site.app.inject({ method: 'GET', url: live.json.article.url });
      assert.equal(page.statusCode, 200);
      const api = await site.app.inject({ method: 'GET', url: `/api/v1/articles/${created.json.article.id}` });
      assert.deepEqual(api.json().sections.map((x: { path: string }) => x.path), sections.map((x) => x.path).sort((a, b) => a.length - b.length), 'the chain, topmost first');
      for (const x of sections) {
        const list = await site.app.inject({ method: 'GET', url: `/${x.path}/` });
        assert.match(list.body, /Брюссель відповів на запит Києва/, `/${x.path}/ lists it`);
      }
    });
  });
}
