import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle, type TestSite } from './helpers/site.js';

// Issue 13 A: an autosave of a published (or scheduled) article goes to the writer's private
// working copy; only 'Оновити' changes what readers see.

after(closeTestSites);

const LIVE_LEAD = 'Лідери домовилися про нову зустріч у березні.';

async function newsroomSite(tdb: Parameters<typeof openSite>[0]) {
  const dir = tempDir();
  const file = writePlainArticle(dir, 'summit.txt', { crumbs: 'Головна Світ Політика', title: 'Саміт у Парижі завершився', date: '2026-11-20 10:00', lead: LIVE_LEAD });
  const site = await openSite(tdb, [file], { clock: testClock().now });
  return { site, id: site.imported[0]!.id };
}

/** The article as the editor holds it: its version and the fields a save sends. */
async function editorArticle(c: Client, id: number) {
  const r = await c.request('GET', `/api/v1/admin/articles/${id}`);
  assert.equal(r.status, 200, r.body);
  const { id: _id, version, status, publishedAt: _p, createdBy: _c, updatedAt: _u, url, ...fields } = r.json.article;
  return { version: version as number, status: status as string, url: url as string, fields: fields as Record<string, unknown> & { lead: string } };
}

/** What an anonymous reader gets: through the page cache, as a reader would. */
async function reader(site: TestSite, url: string) {
  const r = await site.app.inject({ method: 'GET', url });
  assert.equal(r.statusCode, 200, `${url}: ${r.statusCode}`);
  return { body: r.body, cache: String(r.headers['x-cache'] ?? '') };
}

/** The reader's public page, read API answer and site feed, each asked for twice so the second is a cache hit. */
async function readersSee(site: TestSite, id: number, url: string) {
  const urls = [url, `/api/v1/articles/${id}`, '/rss.xml'];
  for (const u of urls) await reader(site, u);
  const seen = await Promise.all(urls.map((u) => reader(site, u)));
  return { page: seen[0]!, api: seen[1]!, feed: seen[2]! };
}

for (const tdb of testDatabases) {
  describe(`working copies (${tdb.dialect})`, () => {
    test('an autosave of a published article leaves the public page, the read API, the feed and search unchanged; Оновити changes them at once', async () => {
      const { site, id } = await newsroomSite(tdb);
      const e = await signInAs(site.app, await addUser(site.database, 'editor'));
      const a = await editorArticle(e, id);
      assert.equal(a.status, 'published');
      const before = await readersSee(site, id, a.url);
      for (const seen of Object.values(before)) {
        assert.ok(seen.body.includes(LIVE_LEAD), 'readers see the published lead');
        assert.equal(seen.cache, 'HIT', 'and it comes from the page cache');
      }
      const revisionsBefore = (await e.request('GET', `/api/v1/admin/articles/${id}/revisions`)).json.items.length;

      // The editor's autosave, half-typed, as today's editor sends it and as the new one does.
      const half = 'Лідери домовилися про квазіпротокольну зуст';
      const autosave = await e.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: a.version, autosave: true, article: { ...a.fields, lead: half } });
      assert.equal(autosave.status, 200, autosave.body);
      const unchanged = async (when: string) => {
        const seen = await readersSee(site, id, a.url);
        for (const [what, r] of Object.entries(seen)) {
          assert.ok(r.body.includes(LIVE_LEAD), `${what} ${when}: still the published lead`);
          assert.ok(!r.body.includes('квазіпротокольн'), `${what} ${when}: no trace of the unpublished one`);
          assert.equal(r.cache, 'HIT', `${what} ${when}: a working copy drops nothing from the cache`);
        }
      };
      await unchanged('after an autosave');
      assert.deepEqual([autosave.json.workingCopy?.article.lead, autosave.json.workingCopy.baseVersion], [half, a.version]);
      assert.deepEqual([autosave.json.article.lead, autosave.json.article.version], [LIVE_LEAD, a.version], 'the stored article is untouched');
      const kept = await e.request('PUT', `/api/v1/admin/articles/${id}/working-copy`, { baseVersion: a.version, article: { ...a.fields, lead: `${half}річ` } });
      assert.equal(kept.status, 200, kept.body);
      assert.equal(kept.headers['cache-control'], 'no-store');

      await unchanged('after the editor kept its working copy');
      const search = await site.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('квазіпротокольна')}` });
      assert.deepEqual([search.statusCode, search.json().total], [200, 0], 'search does not find unpublished words');
      const stored = await e.request('GET', `/api/v1/admin/articles/${id}`);
      assert.deepEqual([stored.json.article.lead, stored.json.article.version], [LIVE_LEAD, a.version]);
      assert.equal((await e.request('GET', `/api/v1/admin/articles/${id}/revisions`)).json.items.length, revisionsBefore, 'a working copy is no revision');
      const own = await e.request('GET', `/api/v1/admin/articles/${id}/working-copy`);
      assert.equal(own.json.workingCopy.article.lead, `${half}річ`);
      assert.deepEqual((await e.request('GET', '/api/v1/admin/working-copies')).json.items.map((x: { articleId: number; title: string }) => [x.articleId, x.title]), [[id, 'Саміт у Парижі завершився']]);
      // The preview shows the writer what 'Оновити' would publish.
      assert.ok((await e.request('GET', `/admin/articles/${id}/preview`)).body.includes(`${half}річ`));

      // 'Оновити': a normal versioned save. Readers see it at once, though the pages were cached.
      const final = 'Лідери домовилися про квазіпротокольну зустріч у березні.';
      const updated = await e.request('POST', `/api/v1/admin/articles/${id}/working-copy/publish`, { baseVersion: a.version, article: { ...a.fields, lead: final } });
      assert.equal(updated.status, 200, updated.body);
      assert.deepEqual([updated.json.article.lead, updated.json.article.version], [final, a.version + 1]);
      const after = await readersSee(site, id, a.url);
      for (const [what, seen] of Object.entries(after)) assert.ok(seen.body.includes(final), `${what}: the update is live`);
      // (Another wording: an empty result is kept for 30 seconds whatever is published meanwhile.)
      const found = await site.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('квазіпротокольну зустріч')}` });
      assert.equal(found.json().total, 1, 'and searchable');
      const revisions = (await e.request('GET', `/api/v1/admin/articles/${id}/revisions`)).json.items;
      assert.deepEqual([revisions.length, revisions[0].kind, revisions[0].version, revisions[0].user.id], [revisionsBefore + 1, 'save', a.version + 1, e.user.id], 'one revision, a save by the editor');
      const audit = await site.database.db.selectFrom('audit_log').select(['action', 'user_id']).where('target_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.deepEqual([audit.action, audit.user_id], ['article.save', e.user.id]);
      assert.equal((await e.request('GET', `/api/v1/admin/articles/${id}/working-copy`)).json.workingCopy, null, 'the copy is gone');

      // A stale 'Оновити' is refused with the stored article, and the copy stays.
      await e.request('PUT', `/api/v1/admin/articles/${id}/working-copy`, { baseVersion: a.version, article: { ...a.fields, lead: 'Стара основа' } });
      const stale = await e.request('POST', `/api/v1/admin/articles/${id}/working-copy/publish`, { baseVersion: a.version, article: { ...a.fields, lead: 'Стара основа' } });
      assert.deepEqual([stale.status, stale.json.error.code, stale.json.current.lead], [409, 'VERSION_CONFLICT', final]);
      assert.equal((await e.request('GET', `/api/v1/admin/articles/${id}/working-copy`)).json.workingCopy.article.lead, 'Стара основа');
      assert.ok((await reader(site, updated.json.article.url)).body.includes(final), 'readers still see the update');
    });

    test('a scheduled article’s autosaves go to the working copy; a draft’s still write the article', async () => {
      const { site } = await newsroomSite(tdb);
      const author = await signInAs(site.app, await addUser(site.database, 'author'));
      const section = await site.database.db.selectFrom('sections').select('id').where('path', '=', 'svit/polityka').executeTakeFirstOrThrow();
      const created = await author.request('POST', '/api/v1/admin/articles', { title: 'Вийде завтра', lead: 'Лід для розкладу', sectionId: section.id });
      const id: number = created.json.article.id;
      const draft = await editorArticle(author, id);
      const drafted = await author.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: draft.version, autosave: true, article: { ...draft.fields, lead: 'Лід чернетки' } });
      assert.deepEqual([drafted.json.article.lead, drafted.json.article.version, drafted.json.workingCopy], ['Лід чернетки', draft.version + 1, undefined], 'a draft’s autosave is saved as before');
      const scheduled = await author.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'schedule', at: '2027-01-01T10:00:00Z' });
      assert.equal(scheduled.json.article.status, 'scheduled', scheduled.body);
      const s = await editorArticle(author, id);
      const autosave = await author.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: s.version, autosave: true, article: { ...s.fields, lead: 'Напівнаписане' } });
      assert.deepEqual([autosave.json.workingCopy?.article.lead, autosave.json.article.lead], ['Напівнаписане', 'Лід чернетки'], 'what goes out at its time is unchanged');
    });

    test('a working copy is its owner’s alone: no other account, reader or error answer sees it', async () => {
      const { site, id } = await newsroomSite(tdb);
      const [owner, other, author, contributor] = await Promise.all(
        (['editor', 'editor', 'author', 'contributor'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const a = await editorArticle(owner!, id);
      const secret = 'Таємний лід, якого ніхто не має бачити';
      assert.equal((await owner!.request('PUT', `/api/v1/admin/articles/${id}/working-copy`, { baseVersion: a.version, article: { ...a.fields, lead: secret } })).status, 200);

      const answers: Array<{ status: number; body: string }> = [];
      const ask = async (c: Client, method: string, url: string, body?: unknown) => {
        const r = await c.request(method, url, body);
        answers.push(r);
        return r;
      };
      // Another editor: their own (no) copy, the stored article, their own preview and editor page.
      assert.equal((await ask(other!, 'GET', `/api/v1/admin/articles/${id}/working-copy`)).json.workingCopy, null);
      assert.deepEqual((await ask(other!, 'GET', '/api/v1/admin/working-copies')).json.items, []);
      assert.equal((await ask(other!, 'GET', `/api/v1/admin/articles/${id}`)).json.article.lead, LIVE_LEAD);
      await ask(other!, 'GET', `/admin/articles/${id}/preview`);
      await ask(other!, 'GET', `/admin/articles/${id}`);
      await ask(other!, 'GET', '/admin');
      // Their own copy is theirs, and leaves the owner's alone; discarding theirs leaves the owner's too.
      assert.equal((await ask(other!, 'PUT', `/api/v1/admin/articles/${id}/working-copy`, { baseVersion: a.version, article: { ...a.fields, lead: 'Лід іншого редактора' } })).status, 200);
      assert.equal((await ask(other!, 'DELETE', `/api/v1/admin/articles/${id}/working-copy`)).status, 204);
      // They update the article; the owner's copy, made on the older version, now conflicts.
      const theirs = await ask(other!, 'POST', `/api/v1/admin/articles/${id}/working-copy/publish`, { baseVersion: a.version, article: { ...a.fields, title: 'Саміт у Парижі завершився домовленістю' } });
      assert.equal(theirs.status, 200, theirs.body);
      const stale = await ask(other!, 'POST', `/api/v1/admin/articles/${id}/working-copy/publish`, { baseVersion: a.version, article: a.fields });
      assert.deepEqual([stale.status, stale.json.error.code], [409, 'VERSION_CONFLICT']);
      // Those who may not edit the article may not write a copy of it, nor publish one.
      for (const c of [author!, contributor!]) {
        assert.deepEqual([(await ask(c, 'PUT', `/api/v1/admin/articles/${id}/working-copy`, { baseVersion: a.version, article: a.fields })).status], [403]);
        assert.equal((await ask(c, 'POST', `/api/v1/admin/articles/${id}/working-copy/publish`, { baseVersion: a.version, article: a.fields })).status, 403);
        assert.equal((await ask(c, 'GET', `/api/v1/admin/articles/${id}/working-copy`)).json.workingCopy, null);
      }
      assert.equal((await ask(other!, 'PUT', '/api/v1/admin/articles/99999/working-copy', { baseVersion: 1, article: a.fields })).status, 404);
      for (const r of answers) assert.ok(!r.body.includes(secret), `no other account's answer holds the owner's copy (${r.status}: ${r.body.slice(0, 120)})`);
      // Nor does any reader's.
      for (const url of [a.url, `/api/v1/articles/${id}`, '/rss.xml', '/atom.xml', '/', `/api/v1/search?q=${encodeURIComponent('Таємний')}`]) {
        const r = await site.app.inject({ method: 'GET', url });
        assert.ok(!r.body.includes(secret), `${url} does not show it`);
      }

      // The owner still has it, is told it is on an older version, and sees it in the preview and on the dashboard.
      const mine = await owner!.request('GET', `/api/v1/admin/articles/${id}/working-copy`);
      assert.deepEqual([mine.json.workingCopy.article.lead, mine.json.workingCopy.baseVersion], [secret, a.version]);
      assert.ok((await owner!.request('GET', `/admin/articles/${id}`)).body.includes(secret), 'the editor page offers it');
      assert.ok((await owner!.request('GET', `/admin/articles/${id}/preview`)).body.includes(secret));
      assert.match((await owner!.request('GET', '/admin')).body, /Ваші неопубліковані зміни/);
    });

    test('discarding leaves the article as it was; a copy outlives its article’s unpublishing and deletion', async () => {
      const { site, id } = await newsroomSite(tdb);
      const owner = await signInAs(site.app, await addUser(site.database, 'editor'));
      const a = await editorArticle(owner, id);
      await owner.request('PUT', `/api/v1/admin/articles/${id}/working-copy`, { baseVersion: a.version, article: { ...a.fields, lead: 'Буде відкинуто' } });
      assert.equal((await owner.request('DELETE', `/api/v1/admin/articles/${id}/working-copy`)).status, 204);
      assert.equal((await owner.request('GET', `/api/v1/admin/articles/${id}/working-copy`)).json.workingCopy, null);
      assert.equal((await editorArticle(owner, id)).fields.lead, LIVE_LEAD);
      assert.ok((await reader(site, a.url)).body.includes(LIVE_LEAD));

      // Taken down by someone else meanwhile: the copy is still offered to its owner.
      const kept = 'Зміни, що пережили зняття з публікації';
      await owner.request('PUT', `/api/v1/admin/articles/${id}/working-copy`, { baseVersion: a.version, article: { ...a.fields, lead: kept } });
      const other = await signInAs(site.app, await addUser(site.database, 'editor'));
      assert.equal((await other.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'unpublish' })).json.article.status, 'unpublished');
      assert.equal((await owner.request('GET', `/api/v1/admin/articles/${id}/working-copy`)).json.workingCopy.article.lead, kept);
      assert.ok((await owner.request('GET', `/admin/articles/${id}`)).body.includes(kept));

      // Deleted: the owner finds it on the dashboard and gets it back in a new article's editor.
      await site.database.db.deleteFrom('articles').where('id', '=', id).execute();
      const list = (await owner.request('GET', '/api/v1/admin/working-copies')).json.items;
      assert.deepEqual(list.map((x: { articleId: number; article: unknown }) => [x.articleId, x.article]), [[id, null]]);
      assert.match((await owner.request('GET', '/admin')).body, /Статтю видалено/);
      const page = await owner.request('GET', `/admin/articles/${id}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(kept), 'the editor offers the copy');
      assert.ok(page.body.includes('"article":null'), 'as a new article');
      assert.equal((await other.request('GET', `/admin/articles/${id}`)).status, 404, 'nobody else has anything there');
      assert.equal((await owner.request('DELETE', `/api/v1/admin/articles/${id}/working-copy`)).status, 204);
      assert.deepEqual((await owner.request('GET', '/api/v1/admin/working-copies')).json.items, []);
    });
  });
}
