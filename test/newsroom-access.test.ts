import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { saveArticle } from '../src/storage/repositories/articles.js';
import { inTransaction } from '../src/storage/database.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';
import type { RichText } from '../src/contract/model.js';
import { linkedArticleIds, richText } from '../src/core/rich-text.js';

after(closeTestSites);

/** A site with the section Світ › Політика (from one imported, published article). */
async function newsroomSite(tdb: Parameters<typeof openSite>[0]) {
  const clock = testClock();
  const file = writePlainArticle(tempDir(), 'seed.txt', { crumbs: 'Головна Світ Політика', title: 'Саміт у Парижі завершився', date: '2026-11-20 10:00' });
  const site = await openSite(tdb, [file], { clock: clock.now });
  const section = await site.database.db.selectFrom('sections').select('id').where('path', '=', 'svit/polityka').executeTakeFirstOrThrow();
  return { site, clock, sectionId: section.id, seedId: site.imported[0]!.id };
}

const SECRET = 'Таємна чернетка про ембарго';
const draft = (sectionId: number, title: string, extra: object = {}) => ({
  title,
  lead: 'Лід статті для перевірки доступу.',
  body: [{ type: 'paragraph', content: richText('Текст, якого сторонні не мають бачити.') }],
  sectionId,
  ...extra,
});

async function create(c: Client, body: object) {
  const r = await c.request('POST', '/api/v1/admin/articles', body);
  assert.equal(r.status, 201, r.body);
  return r.json.article as { id: number; version: number; authorIds: number[] };
}

/** Nothing of the article in an answer: no stored copy, no labels, not its words. */
function assertRevealsNothing(r: { status: number; json: any; body: string }, what: string) {
  assert.deepEqual([r.status, r.json?.error?.code], [403, 'FORBIDDEN'], `${what}: ${r.body}`);
  assert.equal(r.json.current, undefined, `${what}: no stored article`);
  assert.equal(r.json.labels, undefined, `${what}: no labels`);
  assert.ok(!r.body.includes('Таємна') && !r.body.includes('сторонні'), `${what}: ${r.body}`);
}

for (const tdb of testDatabases) {
  describe(`newsroom access (${tdb.dialect})`, () => {
    test('a stale baseVersion on someone else’s article answers 403 with nothing of it, on every writing route', async () => {
      const { site, sectionId } = await newsroomSite(tdb);
      const [owner, stranger, otherAuthor] = await Promise.all(
        (['contributor', 'contributor', 'author'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const secret = await create(owner!, draft(sectionId, SECRET));
      const saved = await owner!.request('PUT', `/api/v1/admin/articles/${secret.id}`, { baseVersion: 1, article: draft(sectionId, SECRET, { lead: 'Друга версія ліду.' }) });
      assert.equal(saved.json.article.version, 2);
      const revisionId = (await owner!.request('GET', `/api/v1/admin/articles/${secret.id}/revisions`)).json.items.at(-1).id as number;

      for (const c of [stranger!, otherAuthor!]) {
        const who = c.user.role;
        assertRevealsNothing(await c.request('PUT', `/api/v1/admin/articles/${secret.id}`, { baseVersion: 1, article: draft(sectionId, 'Чуже') }), `${who}: save over a stale version`);
        assertRevealsNothing(await c.request('PUT', `/api/v1/admin/articles/${secret.id}`, { baseVersion: 2, article: draft(sectionId, 'Чуже') }), `${who}: save over the current version`);
        for (const step of ['submit', 'publish', 'unpublish']) {
          assertRevealsNothing(await c.request('POST', `/api/v1/admin/articles/${secret.id}/transition`, { step, baseVersion: 1 }), `${who}: ${step} with a stale version`);
        }
        assertRevealsNothing(await c.request('POST', `/api/v1/admin/articles/${secret.id}/revisions/${revisionId}/restore`, { baseVersion: 1 }), `${who}: restore with a stale version`);
        assertRevealsNothing(await c.request('POST', `/api/v1/admin/articles/${secret.id}/revisions/999999/restore`, { baseVersion: 1 }), `${who}: restore of a revision that does not exist`);
        assertRevealsNothing(await c.request('GET', `/api/v1/admin/articles/${secret.id}/revisions/${revisionId}`), `${who}: a revision`);
        assertRevealsNothing(await c.request('GET', `/api/v1/admin/articles/${secret.id}`), `${who}: the article`);
        const page = await c.request('GET', `/admin/articles/${secret.id}`);
        assert.equal(page.status, 403);
        assert.ok(!page.body.includes('Таємна'));
      }
      const stored = await site.database.db.selectFrom('articles').select(['title', 'version', 'status']).where('id', '=', secret.id).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { title: SECRET, version: 2, status: 'draft' }, 'nothing was written');
      // The owner still meets the conflict, with the stored article, as before.
      const own = await owner!.request('PUT', `/api/v1/admin/articles/${secret.id}`, { baseVersion: 1, article: draft(sectionId, 'Моя стара копія') });
      assert.deepEqual([own.status, own.json.error.code, own.json.current.title], [409, 'VERSION_CONFLICT', SECRET]);
    });

    test('recap links: only articles the writer may read can be linked or named', async () => {
      const { site, sectionId, seedId } = await newsroomSite(tdb);
      const [owner, writer, editor] = await Promise.all(
        (['contributor', 'contributor', 'editor'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const secret = await create(owner!, draft(sectionId, SECRET));

      const linking = await writer!.request('POST', '/api/v1/admin/articles', draft(sectionId, 'Моя стаття', { recap: { paragraphs: [richText('Нагадаємо')], articleIds: [secret.id] } }));
      assert.deepEqual([linking.status, linking.json.error.code, linking.json.error.field], [400, 'INVALID_INPUT', 'recap.articleIds']);
      assert.ok(!linking.body.includes('Таємна'));
      const mine = await create(writer!, draft(sectionId, 'Моя стаття', { recap: { paragraphs: [richText('Нагадаємо')], articleIds: [seedId] } }));
      const relink = await writer!.request('PUT', `/api/v1/admin/articles/${mine.id}`, { baseVersion: mine.version, article: draft(sectionId, 'Моя стаття', { recap: { paragraphs: [], articleIds: [seedId, secret.id] } }) });
      assert.deepEqual([relink.status, relink.json.error?.field], [400, 'recap.articleIds'], 'nor added by a save');

      // An editor links the draft into the writer's article: the writer sees the link by number only.
      const byEditor = await editor!.request('PUT', `/api/v1/admin/articles/${mine.id}`, { baseVersion: mine.version, article: draft(sectionId, 'Моя стаття', { recap: { paragraphs: [], articleIds: [seedId, secret.id] } }) });
      assert.equal(byEditor.status, 200, byEditor.body);
      const page = await writer!.request('GET', `/admin/articles/${mine.id}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes('Саміт у Парижі завершився'), 'a published link keeps its title');
      assert.ok(!page.body.includes('Таємна'), 'the draft’s title is not in the editor’s boot data');
      const editorPage = await editor!.request('GET', `/admin/articles/${mine.id}`);
      assert.ok(editorPage.body.includes('Таємна'), 'the editor, who may read it, sees its title');
      // The writer's save keeps the editor's link; a conflict names only what the writer may read.
      const conflict = await writer!.request('PUT', `/api/v1/admin/articles/${mine.id}`, { baseVersion: mine.version, article: draft(sectionId, 'Моя стаття') });
      assert.equal(conflict.status, 409);
      assert.deepEqual(conflict.json.labels.articles, [{ id: seedId, title: 'Саміт у Парижі завершився' }]);
      assert.ok(!conflict.body.includes('Таємна'));
      const kept = await writer!.request('PUT', `/api/v1/admin/articles/${mine.id}`, { baseVersion: conflict.json.current.version, article: draft(sectionId, 'Моя стаття, друга редакція', { recap: conflict.json.current.recap }) });
      assert.equal(kept.status, 200, kept.body);
      assert.deepEqual(kept.json.article.recap.articleIds, [seedId, secret.id]);
    });

    test('links in the text: only articles the writer may read, kept when an editor added them, labelled by what the writer may read', async () => {
      const { site, sectionId, seedId } = await newsroomSite(tdb);
      const [owner, writer, editor] = await Promise.all(
        (['contributor', 'contributor', 'editor'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const secret = await create(owner!, draft(sectionId, SECRET));
      const linkTo = (...ids: number[]) => ({
        body: [{ type: 'paragraph', content: [{ type: 'text', text: 'Як ми писали ' }, ...ids.map((articleId, i) => ({ type: 'text', text: `раніше ${i}`, marks: [{ type: 'link', attrs: { href: null, articleId } }] }))] }],
      });
      const linking = await writer!.request('POST', '/api/v1/admin/articles', draft(sectionId, 'Моя стаття', linkTo(secret.id)));
      assert.deepEqual([linking.status, linking.json.error.code, linking.json.error.field], [400, 'INVALID_INPUT', 'body']);
      assert.ok(!linking.body.includes('Таємна'));
      const missing = await editor!.request('POST', '/api/v1/admin/articles', draft(sectionId, 'Моя стаття', linkTo(999_999)));
      assert.deepEqual([missing.status, missing.json.error.field], [400, 'body'], 'a link to no article at all');
      const mine = await create(writer!, draft(sectionId, 'Моя стаття', linkTo(seedId)));
      const byEditor = await editor!.request('PUT', `/api/v1/admin/articles/${mine.id}`, { baseVersion: mine.version, article: draft(sectionId, 'Моя стаття', linkTo(seedId, secret.id)) });
      assert.equal(byEditor.status, 200, byEditor.body);
      const conflict = await writer!.request('PUT', `/api/v1/admin/articles/${mine.id}`, { baseVersion: mine.version, article: draft(sectionId, 'Моя стаття') });
      assert.equal(conflict.status, 409);
      assert.deepEqual(conflict.json.labels.articles, [{ id: seedId, title: 'Саміт у Парижі завершився' }], 'the text’s links named, the draft only by number');
      assert.ok(!conflict.body.includes('Таємна'));
      const kept = await writer!.request('PUT', `/api/v1/admin/articles/${mine.id}`, { baseVersion: conflict.json.current.version, article: draft(sectionId, 'Моя стаття, друга редакція', { body: conflict.json.current.body }) });
      assert.equal(kept.status, 200, kept.body);
      assert.deepEqual(linkedArticleIds(kept.json.article.body.map((b: { content: RichText }) => b.content)), [seedId, secret.id], 'the editor’s link stays');
    });

    test('bylines: below editor, one’s own name must be among the authors; editors may sign anyone', async () => {
      const { site, sectionId } = await newsroomSite(tdb);
      const [author, colleague, editor] = await Promise.all(
        (['author', 'author', 'editor'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const own = author!.user.authorId!;
      const other = colleague!.user.authorId!;
      const alone = await author!.request('POST', '/api/v1/admin/articles', draft(sectionId, 'Під чужим іменем', { authorIds: [other] }));
      assert.deepEqual([alone.status, alone.json.error.code, alone.json.error.field], [403, 'FORBIDDEN', 'authorIds']);
      const a = await create(author!, draft(sectionId, 'Спільна стаття', { authorIds: [own, other] }));
      assert.deepEqual(a.authorIds, [own, other], 'a co-author may be added');
      const swap = await author!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: a.version, article: draft(sectionId, 'Спільна стаття', { authorIds: [other] }) });
      assert.deepEqual([swap.status, swap.json.error.field], [403, 'authorIds']);
      const published = await author!.request('POST', `/api/v1/admin/articles/${a.id}/transition`, { step: 'publish' });
      assert.equal(published.status, 200);
      const page = await site.app.inject({ method: 'GET', url: published.json.article.url });
      assert.match(page.body, new RegExp(author!.user.name), 'the public byline still names the writer');

      // An editor may put the colleague's name alone; the writer can go on editing without changing it.
      const bySwap = await editor!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: published.json.article.version, article: draft(sectionId, 'Спільна стаття', { authorIds: [other] }) });
      assert.equal(bySwap.status, 200, bySwap.body);
      const created = await editor!.request('POST', '/api/v1/admin/articles', draft(sectionId, 'Редакторська', { authorIds: [other] }));
      assert.equal(created.status, 201);
      const cont = await author!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: bySwap.json.article.version, article: draft(sectionId, 'Спільна стаття, виправлена', { authorIds: [other] }) });
      assert.equal(cont.status, 200, cont.body);
    });

    test('the main-story and breaking flags: only editors set or clear them; a writer keeps what an editor set', async () => {
      const { site, sectionId } = await newsroomSite(tdb);
      const [contributor, author, editor] = await Promise.all(
        (['contributor', 'author', 'editor'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      for (const [c, flag] of [[contributor!, 'isMain'], [author!, 'isBreaking']] as const) {
        const made = await c.request('POST', '/api/v1/admin/articles', draft(sectionId, 'Прапорці', { [flag]: true }));
        assert.deepEqual([made.status, made.json.error.code, made.json.error.field], [403, 'FORBIDDEN', flag], `${c.user.role} creating with ${flag}`);
      }
      const a = await create(contributor!, draft(sectionId, 'Стаття дописувача'));
      for (const flag of ['isMain', 'isBreaking']) {
        const ticked = await contributor!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: a.version, article: draft(sectionId, 'Стаття дописувача', { [flag]: true }) });
        assert.deepEqual([ticked.status, ticked.json.error.field], [403, flag], ticked.body);
      }
      const page = await contributor!.request('GET', `/admin/articles/${a.id}`);
      assert.match(page.body, /&quot;mayFlag&quot;:false|"mayFlag":false/, 'the editor page tells the script the flags are not the writer’s');
      // An editor marks it; the writer's later saves keep the flags without being able to clear them.
      const marked = await editor!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: a.version, article: draft(sectionId, 'Стаття дописувача', { isMain: true, isBreaking: true }) });
      assert.equal(marked.status, 200, marked.body);
      const kept = await contributor!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: marked.json.article.version, article: draft(sectionId, 'Стаття дописувача, друга версія', { isMain: true, isBreaking: true }) });
      assert.equal(kept.status, 200, kept.body);
      const cleared = await contributor!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: kept.json.article.version, article: draft(sectionId, 'Стаття дописувача', { isMain: false, isBreaking: true }) });
      assert.deepEqual([cleared.status, cleared.json.error.field], [403, 'isMain']);
      // Restoring the first revision (no flags) as the writer keeps the editor's flags.
      const revisions = (await contributor!.request('GET', `/api/v1/admin/articles/${a.id}/revisions`)).json.items as Array<{ id: number }>;
      const restored = await contributor!.request('POST', `/api/v1/admin/articles/${a.id}/revisions/${revisions.at(-1)!.id}/restore`, { baseVersion: kept.json.article.version });
      assert.equal(restored.status, 200, restored.body);
      assert.deepEqual([restored.json.article.title, restored.json.article.isMain, restored.json.article.isBreaking], ['Стаття дописувача', true, true]);
      const stored = await site.database.db.selectFrom('articles').select(['is_main', 'is_breaking']).where('id', '=', a.id).executeTakeFirstOrThrow();
      assert.deepEqual([Number(stored.is_main), Number(stored.is_breaking)], [1, 1]);
      // The editor clears them.
      const off = await editor!.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: restored.json.article.version, article: draft(sectionId, 'Стаття дописувача') });
      assert.deepEqual([off.status, off.json.article.isMain, off.json.article.isBreaking], [200, false, false]);
      assert.match((await editor!.request('GET', `/admin/articles/${a.id}`)).body, /&quot;mayFlag&quot;:true|"mayFlag":true/);
    });

    test('notes on an article: a thread for whoever may open it, never for others or readers', async () => {
      const { site, sectionId } = await newsroomSite(tdb);
      const [owner, stranger, author, editor] = await Promise.all(
        (['contributor', 'contributor', 'author', 'editor'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const a = await create(owner!, draft(sectionId, SECRET));
      const first = await owner!.request('POST', `/api/v1/admin/articles/${a.id}/notes`, { body: '  Чекаю підтвердження від ОП, не публікувати до 18:00.  ' });
      assert.equal(first.status, 201, first.body);
      assert.deepEqual(first.json.items.map((n: { body: string; user: { name: string } }) => [n.body, n.user.name]), [['Чекаю підтвердження від ОП, не публікувати до 18:00.', owner!.user.name]]);
      assert.deepEqual([(await owner!.request('POST', `/api/v1/admin/articles/${a.id}/notes`, { body: '   ' })).json.error.field], ['body']);
      assert.equal((await owner!.request('POST', `/api/v1/admin/articles/${a.id}/notes`, { body: 'я'.repeat(2001) })).status, 400);
      // Others who may not open the draft learn nothing of it from the notes' routes.
      for (const c of [stranger!, author!]) {
        assertRevealsNothing(await c.request('GET', `/api/v1/admin/articles/${a.id}/notes`), `${c.user.role}: notes`);
        assertRevealsNothing(await c.request('POST', `/api/v1/admin/articles/${a.id}/notes`, { body: 'Чужа нотатка' }), `${c.user.role}: a note`);
      }
      assert.equal((await editor!.request('POST', `/api/v1/admin/articles/${a.id}/notes`, { body: 'Ок, ставлю на 18:05.' })).status, 201);
      const thread = (await owner!.request('GET', `/api/v1/admin/articles/${a.id}/notes`)).json.items as Array<{ body: string }>;
      assert.deepEqual(thread.map((n) => n.body), ['Чекаю підтвердження від ОП, не публікувати до 18:00.', 'Ок, ставлю на 18:05.'], 'oldest first');
      // Published, the article is read by all: its page, feed and API carry no note.
      const live = await editor!.request('POST', `/api/v1/admin/articles/${a.id}/transition`, { step: 'publish' });
      assert.equal(live.status, 200, live.body);
      for (const url of [live.json.article.url, '/rss.xml', `/api/v1/search?q=${encodeURIComponent('ембарго')}`]) {
        const r = await site.app.inject({ method: 'GET', url });
        assert.equal(r.statusCode, 200, url);
        assert.ok(r.body.includes('ембарго'), `${url} has the article`);
        assert.ok(!r.body.includes('ставлю на 18:05') && !r.body.includes('Чекаю підтвердження'), url);
      }
    });

    test('the check before publication lists what is missing or risky, naming only links the account may read', async () => {
      const { site, sectionId, seedId } = await newsroomSite(tdb);
      const [author, colleague, editor] = await Promise.all(
        (['author', 'author', 'editor'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const hidden = await create(colleague!, draft(sectionId, SECRET));
      const other = await create(colleague!, draft(sectionId, 'Друга чернетка колеги'));
      const headline = 'Дуже довгий заголовок статті, який пошукові системи неодмінно обріжуть на півслові';
      const body = [{ type: 'paragraph', content: [{ type: 'text', text: 'Про це ' }, { type: 'text', text: 'ми писали', marks: [{ type: 'link', attrs: { href: null, articleId: other.id } }] }, { type: 'text', text: ' і ' }, { type: 'text', text: 'раніше', marks: [{ type: 'link', attrs: { href: null, articleId: seedId } }] }] }];
      const a = await create(editor!, { ...draft(sectionId, headline), body, authorIds: [author!.user.authorId, editor!.user.authorId], recap: { paragraphs: [], articleIds: [seedId, hidden.id] } });
      const check = async (c: Client) => {
        const r = await c.request('GET', `/api/v1/admin/articles/${a.id}/check`);
        assert.equal(r.status, 200, r.body);
        return r.json.items as Array<{ code: string; field: string; message: string }>;
      };
      const seen = await check(editor!);
      assert.deepEqual(seen.map((x) => [x.code, x.field]), [['noTags', 'tagIds'], ['noPhoto', 'photo'], ['longHeadline', 'title'], ['linksToUnpublished', 'recap.articleIds'], ['linksToUnpublished', 'body']]);
      assert.match(seen[2]!.message, new RegExp(`${[...headline].length} знаків`));
      assert.ok(seen[3]!.message.includes(SECRET), 'an editor sees which article');
      assert.match(seen[4]!.message, /^Посилання на неопубліковані матеріали: текст посилається на «Друга чернетка колеги»/, 'a link in the text to a draft, not the published one');
      const theirs = await check(author!);
      assert.ok(theirs[3]!.message.includes(`№${hidden.id}`) && !JSON.stringify(theirs).includes('Таємна'), 'an author who may not open it sees its number only');
      assertRevealsNothing(await colleague!.request('GET', `/api/v1/admin/articles/${a.id}/check`), 'one who may not open the article');
      // The check is advice: publishing still works.
      assert.equal((await editor!.request('POST', `/api/v1/admin/articles/${a.id}/transition`, { step: 'publish' })).status, 200);
    });

    test('a stored article beyond the editor’s limits can be opened, taken down, published again and restored', async () => {
      const { site, sectionId } = await newsroomSite(tdb);
      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      const title = `Дуже довгий заголовок з архіву ${'і далі '.repeat(80)}`.trim();
      const paragraph = 'Дуже довгий абзац. '.repeat(1_500);
      assert.ok(title.length > 300 && paragraph.length > 20_000);
      const now = new Date('2026-11-20T08:00:00Z');
      const id = await inTransaction(site.database, async (tx) => {
        const { id } = await saveArticle(
          tx,
          null,
          {
            externalId: 'archive-1', slug: 'dovhyi-zaholovok', title, subtitle: null, lead: 'Лід.', body: [{ type: 'paragraph', content: richText(paragraph) }], status: 'published',
            sectionId, source: null, photo: null, recap: null, publishedAt: now, publishedTimeKnown: true, isMain: false, isBreaking: false, authorIds: [], tagIds: [],
          },
          now,
        );
        return id;
      });
      const opened = await editor.request('GET', `/api/v1/admin/articles/${id}`);
      assert.equal(opened.status, 200);
      const down = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'unpublish', baseVersion: opened.json.article.version });
      assert.equal(down.status, 200, down.body);
      assert.equal(down.json.article.status, 'unpublished');
      assert.equal((await site.app.inject({ method: 'GET', url: down.json.article.url })).statusCode, 410, 'readers see it taken down');
      const back = await editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'publish' });
      assert.equal(back.status, 200, back.body);
      assert.equal(back.json.article.title, title, 'the fields are kept as they were');
      const revisions = (await editor.request('GET', `/api/v1/admin/articles/${id}/revisions`)).json.items as Array<{ id: number }>;
      const restored = await editor.request('POST', `/api/v1/admin/articles/${id}/revisions/${revisions.at(-1)!.id}/restore`, { baseVersion: back.json.article.version });
      assert.equal(restored.status, 200, restored.body);
      // A save through the editor is held to the limits, with an error that names the field.
      const save = await editor.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: restored.json.article.version, article: { ...draft(sectionId, title) } });
      assert.deepEqual([save.status, save.json.error.code, save.json.error.field], [400, 'INVALID_INPUT', 'article.title']);
    });
  });
}
