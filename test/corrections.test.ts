import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Correction } from '../src/core/model.js';
import { renderArticlePage } from '../src/render/article-page.js';
import { updatedLineValidUntil } from '../src/render/corrections.js';
import { getArticle } from '../src/storage/repositories/articles.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, jsonLdNode, openSite, unescapeHtml, writePlainArticle } from './helpers/site.js';
import { richText } from '../src/core/rich-text.js';

after(closeTestSites);

const NOTE = 'у попередній версії помилково вказано, що зустріч тривала дві години';

/** A published article written in the newsroom by an editor, on a clock the test moves (09:00 UTC, 11:00 in Kyiv). */
async function publishedSite(tdb: Parameters<typeof openSite>[0]) {
  const clock = testClock(new Date('2026-11-24T09:00:00Z'));
  const file = writePlainArticle(tempDir(), 'seed.txt', { crumbs: 'Головна Світ Політика', title: 'Саміт у Парижі завершився', date: '2026-11-20 10:00' });
  const site = await openSite(tdb, [file], { clock: clock.now });
  const section = await site.database.db.selectFrom('sections').select('id').where('path', '=', 'svit/polityka').executeTakeFirstOrThrow();
  const editor = await signInAs(site.app, await addUser(site.database, 'editor', { name: 'Марія Бондар' }));
  const fields = { title: 'Зеленський провів переговори', lead: 'Президент обговорив гарантії безпеки.', body: [{ type: 'paragraph', content: richText('Зустріч тривала три години.') }], sectionId: section.id };
  const created = await editor.request('POST', '/api/v1/admin/articles', fields);
  assert.equal(created.status, 201, created.body);
  const id = created.json.article.id as number;
  const published = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'publish' });
  assert.equal(published.status, 200, published.body);
  return { site, clock, editor, id, fields, url: published.json.article.url as string };
}

const page = async (site: Awaited<ReturnType<typeof openSite>>, url: string) => {
  const r = await site.app.inject({ method: 'GET', url });
  assert.equal(r.statusCode, 200, url);
  return r.body;
};
/** The page's visible text, tags dropped. */
const visible = (html: string) => unescapeHtml(html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

const mark = (c: Client, id: number, body: object) => c.request('POST', `/api/v1/admin/articles/${id}/corrections`, body);

for (const tdb of testDatabases) {
  describe(`corrections and updates (${tdb.dialect})`, () => {
    test('a plain save of a published article shows readers nothing new; an editor\'s correction shows everywhere, and goes when removed', async () => {
      const { site, clock, editor, id, fields, url } = await publishedSite(tdb);
      const before = await page(site, url);
      assert.doesNotMatch(visible(before), /Оновлено|Виправлення/);

      // A plain save (the working copy's 'Оновити'): the text changes, no 'Оновлено'.
      clock.advance(60_000);
      const stored = (await editor.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
      const saved = await editor.request('POST', `/api/v1/admin/articles/${id}/working-copy/publish`, { baseVersion: stored.version, article: { ...fields, body: [{ type: 'paragraph', content: richText('Зустріч тривала дві години.') }] } });
      assert.equal(saved.status, 200, saved.body);
      const plain = await page(site, url);
      assert.match(plain, /дві години/);
      assert.doesNotMatch(visible(plain), /Оновлено|Виправлення/, 'no mark, no word of an update');

      // 11:05 in Kyiv: the editor marks it a correction with a note.
      clock.set(new Date('2026-11-24T09:05:00Z'));
      const marked = await mark(editor, id, { kind: 'correction', note: `  ${NOTE}  ` });
      assert.equal(marked.status, 201, marked.body);
      assert.deepEqual(marked.json.items.map((c: { kind: string; note: string; at: string; user: { name: string } }) => [c.kind, c.note, c.at, c.user.name]), [['correction', NOTE, '2026-11-24T09:05:00.000Z', 'Марія Бондар']]);

      const html = await page(site, url);
      const text = visible(html);
      assert.match(text, /Оновлено об 11:05/, 'today: the time alone');
      assert.match(text, new RegExp(`Виправлення, 24 листопада 2026, 11:05: ${NOTE}`));
      assert.ok(html.indexOf('class="corrections"') > html.indexOf('class="body"'), 'the note is below the body');
      const ld = jsonLdNode(html, 'NewsArticle');
      assert.equal(ld.dateModified, '2026-11-24T11:05:00+02:00', 'dateModified follows the correction');
      assert.equal(ld.correction[0]['@type'], 'CorrectionComment');

      const api = JSON.parse((await site.app.inject({ method: 'GET', url: `/api/v1/articles/${id}` })).body);
      assert.deepEqual(api.corrections, [{ kind: 'correction', note: NOTE, at: '2026-11-24T09:05:00.000Z' }], 'the public API: no account named');
      const rss = (await site.app.inject({ method: 'GET', url: '/rss.xml' })).body;
      assert.match(rss, new RegExp(`Виправлення, 24 листопада 2026, 11:05: ${NOTE}`), 'the full-text feed carries the note');

      const revisions = (await editor.request('GET', `/api/v1/admin/articles/${id}/revisions`)).json.items;
      assert.deepEqual([revisions[0].kind, revisions[0].note, revisions[0].user.name], ['correction', NOTE, 'Марія Бондар'], 'the revision history shows it');
      const audit = (await editor.request('GET', '/api/v1/admin/audit')).json.items;
      assert.deepEqual([audit[0].action, audit[0].details], ['article.correct', { kind: 'correction', note: NOTE }]);

      // An update later: newest first, and the line follows it.
      clock.set(new Date('2026-11-24T12:30:00Z'));
      const updated = await mark(editor, id, { kind: 'update' });
      assert.deepEqual(updated.json.items.map((c: { kind: string }) => c.kind), ['update', 'correction']);
      const twice = visible(await page(site, url));
      assert.match(twice, /Оновлено о 14:30/);
      assert.ok(twice.indexOf('Оновлення, 24 листопада 2026, 14:30') < twice.indexOf('Виправлення, 24 листопада 2026, 11:05'), 'newest first');

      // Removed: readers no longer see either.
      for (const c of updated.json.items as Array<{ id: number }>) {
        const removed = await editor.request('DELETE', `/api/v1/admin/articles/${id}/corrections/${c.id}`);
        assert.equal(removed.status, 200, removed.body);
      }
      assert.doesNotMatch(visible(await page(site, url)), /Оновлено|Виправлення,/);
      const again = await editor.request('DELETE', `/api/v1/admin/articles/${id}/corrections/${(updated.json.items[0] as { id: number }).id}`);
      assert.deepEqual([again.status, again.json.error.code], [404, 'NOT_FOUND']);
    });

    test('only editors mark or remove: below editor every such request is refused alike, and nothing is stored', async () => {
      const { site, editor, id } = await publishedSite(tdb);
      const made = (await mark(editor, id, { kind: 'correction', note: NOTE })).json.items[0].id as number;
      for (const role of ['contributor', 'author'] as const) {
        const c = await signInAs(site.app, await addUser(site.database, role));
        for (const [what, r] of [
          ['mark', await mark(c, id, { kind: 'correction', note: 'ні' })],
          ['mark a missing article', await mark(c, 999_999, { kind: 'correction' })],
          ['mark with a bad body', await mark(c, id, { kind: 'typo' })],
          ['remove', await c.request('DELETE', `/api/v1/admin/articles/${id}/corrections/${made}`)],
          ['remove from a missing article', await c.request('DELETE', `/api/v1/admin/articles/999999/corrections/${made}`)],
        ] as const) {
          assert.deepEqual([r.status, r.json.error.code], [403, 'FORBIDDEN'], `${role}: ${what}`);
        }
        // Reading them is anyone's who may open the article.
        const read = await c.request('GET', `/api/v1/admin/articles/${id}/corrections`);
        assert.deepEqual(read.json.items.map((x: { note: string }) => x.note), [NOTE]);
      }
      const rows = await site.database.db.selectFrom('article_corrections').select('note').execute();
      assert.deepEqual(rows.map((r) => r.note), [NOTE]);
    });

    test('an editor is told what is wrong: a draft cannot be marked, a note has a limit, a kind is one of two', async () => {
      const { site, editor, id, fields } = await publishedSite(tdb);
      const draft = (await editor.request('POST', '/api/v1/admin/articles', { ...fields, title: 'Чернетка' })).json.article.id as number;
      const onDraft = await mark(editor, draft, { kind: 'update' });
      assert.deepEqual([onDraft.status, onDraft.json.error.code], [409, 'INVALID_TRANSITION']);
      assert.match(onDraft.json.error.message, /лише в опублікованій статті/);
      const long = await mark(editor, id, { kind: 'correction', note: 'я'.repeat(2001) });
      assert.deepEqual([long.status, long.json.error.field], [400, 'note']);
      const badKind = await mark(editor, id, { kind: 'typo' });
      assert.deepEqual([badKind.status, badKind.json.error.field], [400, 'kind']);
      assert.equal((await site.database.db.selectFrom('article_corrections').select('id').execute()).length, 0);
    });

    test("the line says the day after today, and the year before this one; the page's cache ends when it would change", async () => {
      const { site, editor, id } = await publishedSite(tdb);
      await mark(editor, id, { kind: 'update', note: 'Додано заяву Міністерства закордонних справ.' });
      const article = (await getArticle(site.database.db, id))!;
      const ctx = await site.app.shpalta.site.load();
      const at = (now: string) => visible(renderArticlePage({ ...ctx, now: new Date(now) }, article));
      assert.match(at('2026-11-24T21:00:00Z'), /Оновлено об 11:00/, '23:00 in Kyiv: still today');
      assert.match(at('2026-11-24T22:00:00Z'), /Оновлено 24 листопада об 11:00/, 'past midnight in Kyiv');
      assert.match(at('2027-01-01T10:00:00Z'), /Оновлено 24 листопада 2026 об 11:00/);
      const corrections: Correction[] = article.corrections;
      assert.equal(updatedLineValidUntil(corrections, new Date('2026-11-24T12:00:00Z'))?.toISOString(), '2026-11-24T22:00:00.000Z', 'Kyiv midnight');
      assert.equal(updatedLineValidUntil(corrections, new Date('2026-12-01T12:00:00Z'))?.toISOString(), '2026-12-31T22:00:00.000Z', 'Kyiv new year');
      assert.equal(updatedLineValidUntil(corrections, new Date('2027-02-01T12:00:00Z')), null);
      assert.equal(updatedLineValidUntil([], new Date()), null);
    });
  });
}
