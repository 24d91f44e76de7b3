import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app.js';
import { installGuard } from '../src/server/admin/guard.js';
import { startJobs } from '../src/server/jobs.js';
import { publishDueArticles } from '../src/services/publish-due.js';
import { ensureSectionPath } from '../src/storage/repositories/sections.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { assertOurCookie, setCookieLines, setCookiesOf } from './helpers/cookies.js';
import { addUser, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';
import { richText } from '../src/core/rich-text.js';

after(closeTestSites);

/** A site with the sections Світ › Політика and Київ (from one imported article), on a moved clock. */
async function newsroomSite(tdb: Parameters<typeof openSite>[0], clock = testClock()) {
  const dir = tempDir();
  const file = writePlainArticle(dir, 'seed.txt', { crumbs: 'Головна Світ Політика', title: 'Саміт у Парижі завершився', date: '2026-11-20 10:00' });
  const site = await openSite(tdb, [file], { clock: clock.now });
  const section = await site.database.db.selectFrom('sections').select('id').where('path', '=', 'svit/polityka').executeTakeFirstOrThrow();
  return { site, clock, sectionId: section.id, seedId: site.imported[0]!.id };
}

const draft = (sectionId: number, title = 'Зеленський провів переговори з Віткоффом') => ({
  title,
  lead: 'Президент обговорив з американською делегацією гарантії безпеки.',
  body: [
    { type: 'paragraph', content: richText('Зустріч тривала понад три години.') },
    { type: 'quote', content: richText('Ми говорили відверто'), attribution: 'Володимир Зеленський' },
  ],
  sectionId,
});

async function create(c: Client, body: object) {
  const r = await c.request('POST', '/api/v1/admin/articles', body);
  assert.equal(r.status, 201, r.body);
  return r.json.article as { id: number; version: number; status: string; slug: string; url: string; authorIds: number[] };
}

const step = (c: Client, id: number, s: string, extra: object = {}) => c.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: s, ...extra });

for (const tdb of testDatabases) {
  describe(`newsroom API (${tdb.dialect})`, () => {
    test('anonymous requests get 401, requests without the CSRF token 403, and a route without a rule fails at startup', async () => {
      const { site, sectionId } = await newsroomSite(tdb);
      const app = site.app;
      for (const [method, url] of [['GET', '/api/v1/admin/articles'], ['POST', '/api/v1/admin/articles'], ['GET', '/api/v1/admin/users'], ['POST', '/api/v1/admin/media']] as const) {
        const r = await app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
        assert.equal(r.statusCode, 401, `${method} ${url}`);
        assert.equal(r.json().error.code, 'UNAUTHENTICATED');
      }
      const page = await app.inject({ method: 'GET', url: '/admin' });
      assert.equal(page.statusCode, 303);
      assert.match(String(page.headers.location), /^\/admin\/login\?next=%2Fadmin/);

      const c = await signInAs(app, await addUser(site.database, 'editor'));
      const noToken = await c.request('POST', '/api/v1/admin/articles', draft(sectionId), { csrf: false });
      assert.deepEqual([noToken.status, noToken.json.error.code], [403, 'CSRF_TOKEN']);
      const wrongToken = await c.request('POST', '/api/v1/admin/articles', draft(sectionId), { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
      assert.equal(wrongToken.status, 403);
      assert.equal((await c.request('GET', '/api/v1/admin/articles', undefined, { csrf: false })).status, 200, 'reading needs no token');
      assert.equal((await site.database.db.selectFrom('articles').select('id').execute()).length, 1, 'nothing was written');

      const bare = Fastify();
      installGuard(bare, site.database, () => new Date());
      assert.throws(() => bare.get('/api/v1/admin/forgotten', async () => 'x'), /states no access rule/);
      await bare.close();
    });

    test('the session cookie is httpOnly and SameSite=Lax; sign-in is throttled per account; signing out everywhere ends every session', async () => {
      const { site } = await newsroomSite(tdb);
      const user = await addUser(site.database, 'author');
      const ok = await site.app.inject({ method: 'POST', url: '/api/v1/admin/session', payload: { email: user.email.toUpperCase(), password: 'correct horse battery staple' } });
      assert.equal(ok.statusCode, 200);
      const session = setCookiesOf(ok).get('shpalta_session');
      assert.ok(session?.value);
      assertOurCookie(session, 14 * 86_400);
      // X-Forwarded-Proto counts only from a configured proxy (TRUST_PROXY; sign-in-throttle.test.ts).
      const forged = await site.app.inject({ method: 'POST', url: '/api/v1/admin/session', headers: { 'x-forwarded-proto': 'https' }, payload: { email: user.email, password: 'correct horse battery staple' } });
      assert.doesNotMatch(setCookieLines(forged).join('\n'), /Secure/i, 'no proxy is trusted by default');

      // From a place the account has not signed in from (no device cookie, another address).
      const elsewhere = { remoteAddress: '203.0.113.40' };
      for (let i = 0; i < 5; i++) {
        const bad = await site.app.inject({ method: 'POST', url: '/api/v1/admin/session', ...elsewhere, payload: { email: user.email, password: `wrong-${i}` } });
        assert.deepEqual([bad.statusCode, bad.json().error.code], [401, 'BAD_CREDENTIALS']);
      }
      const locked = await site.app.inject({ method: 'POST', url: '/api/v1/admin/session', ...elsewhere, payload: { email: user.email, password: 'correct horse battery staple' } });
      assert.deepEqual([locked.statusCode, locked.json().error.code], [429, 'TOO_MANY_ATTEMPTS'], 'even the right password waits, there');
      assert.ok(Number(locked.headers['retry-after']) > 0);

      const other = await addUser(site.database, 'author');
      const a = await signInAs(site.app, other);
      const b = await signInAs(site.app, other);
      assert.equal((await a.request('GET', '/api/v1/admin/session')).status, 200);
      const ended = await a.request('POST', '/api/v1/admin/session/everywhere', {});
      assert.deepEqual([ended.status, ended.json.ended], [200, 2]);
      assert.equal((await b.request('GET', '/api/v1/admin/session')).status, 401);
      assert.equal((await a.request('GET', '/api/v1/admin/session')).status, 401);
    });

    test('every role against every action', async () => {
      const { site, sectionId, seedId } = await newsroomSite(tdb);
      const [contributor, author, author2, editor, admin] = await Promise.all(
        (['contributor', 'author', 'author', 'editor', 'admin'] as const).map(async (role) => signInAs(site.app, await addUser(site.database, role))),
      );
      const c = contributor!, a = author!, a2 = author2!, e = editor!, ad = admin!;

      // Contributor: writes and submits, never publishes.
      const cDraft = await create(c, draft(sectionId, 'Чернетка дописувача'));
      assert.deepEqual(cDraft.authorIds, [c.user.authorId], 'signed with the writer’s byline');
      assert.deepEqual([(await step(c, cDraft.id, 'publish')).status, (await step(c, cDraft.id, 'publish')).json.error.code], [403, 'FORBIDDEN']);
      assert.equal((await step(c, cDraft.id, 'schedule', { at: '2027-01-01T10:00:00Z' })).status, 403);
      const submitted = await step(c, cDraft.id, 'submit');
      assert.equal(submitted.json.article?.status, 'review', submitted.body);
      assert.equal((await c.request('GET', `/api/v1/admin/articles/${seedId}`)).status, 200, 'a published article can be read');
      assert.equal((await c.request('PUT', `/api/v1/admin/articles/${seedId}`, { baseVersion: 1, article: draft(sectionId) })).status, 403, 'but not edited');

      // Author: publishes own, cannot touch another author's.
      const aDraft = await create(a, draft(sectionId, 'Стаття автора'));
      assert.equal((await a.request('GET', `/api/v1/admin/articles/${aDraft.id}`)).status, 200);
      assert.equal((await a2.request('GET', `/api/v1/admin/articles/${aDraft.id}`)).status, 403, 'another author’s draft is not theirs to read');
      assert.equal((await a2.request('PUT', `/api/v1/admin/articles/${aDraft.id}`, { baseVersion: aDraft.version, article: draft(sectionId, 'Чуже') })).status, 403);
      assert.equal((await step(a2, aDraft.id, 'publish')).status, 403);
      assert.equal((await step(a, cDraft.id, 'publish')).status, 403, 'an author cannot publish a contributor’s article');
      const published = await step(a, aDraft.id, 'publish');
      assert.deepEqual([published.status, published.json.article.status], [200, 'published']);
      assert.equal((await step(a, aDraft.id, 'reject')).status, 403, 'rejecting is an editor’s');
      assert.equal((await a.request('GET', '/api/v1/admin/users')).status, 403);
      assert.equal((await a.request('GET', '/api/v1/admin/audit')).status, 403);

      // Editor: everything with content; not accounts.
      const bare = await step(e, cDraft.id, 'reject');
      assert.deepEqual([bare.status, bare.json.error.field], [400, 'reason'], 'an article goes back with a reason');
      const why = 'Бракує другого джерела: додайте коментар Міноборони.';
      assert.equal((await step(e, cDraft.id, 'reject', { reason: `  ${why} ` })).json.article.status, 'draft');
      // Its writer sees why, in the editor, until it moves on.
      const boot = (page: string) => JSON.parse(/<script type="application\/json" id="editor-boot">([\s\S]*?)<\/script>/.exec(page)![1]!);
      const back = boot((await c.request('GET', `/admin/articles/${cDraft.id}`)).body).returned;
      assert.deepEqual([back.reason, back.by], [why, e.user.name]);
      assert.equal((await step(c, cDraft.id, 'submit')).status, 200);
      assert.equal(boot((await c.request('GET', `/admin/articles/${cDraft.id}`)).body).returned, null, 'resubmitted: no longer shown');
      const ePub = await step(e, cDraft.id, 'publish');
      assert.equal(ePub.json.article.status, 'published');
      assert.equal((await c.request('PUT', `/api/v1/admin/articles/${cDraft.id}`, { baseVersion: ePub.json.article.version, article: draft(sectionId, 'Змінено після публікації') })).status, 403, 'a contributor cannot change a published article');
      // The public page follows each step at once, though it was cached.
      const publicPage = () => site.app.inject({ method: 'GET', url: published.json.article.url });
      const live = await publicPage();
      assert.equal(live.statusCode, 200);
      assert.match(live.body, /<h1[^>]*>Стаття автора<\/h1>/);
      const eEdit = await e.request('PUT', `/api/v1/admin/articles/${aDraft.id}`, { baseVersion: published.json.article.version, article: draft(sectionId, 'Редактор виправив заголовок') });
      assert.equal(eEdit.status, 200);
      const edited = await site.app.inject({ method: 'GET', url: eEdit.json.article.url });
      assert.match(edited.body, /<h1[^>]*>Редактор виправив заголовок<\/h1>/);
      assert.equal((await publicPage()).statusCode, 301, 'the old slug redirects');
      assert.equal((await step(e, aDraft.id, 'unpublish')).json.article.status, 'unpublished');
      assert.equal((await site.app.inject({ method: 'GET', url: eEdit.json.article.url })).statusCode, 410);
      assert.equal((await e.request('GET', '/api/v1/admin/users')).status, 403);
      assert.equal((await e.request('GET', '/api/v1/admin/audit')).status, 200);
      assert.equal((await step(e, aDraft.id, 'unpublish')).json.error.code, 'INVALID_TRANSITION');

      // Admin: accounts.
      const made = await ad.request('POST', '/api/v1/admin/users', { email: 'new.writer@example.com', name: 'Нова Авторка', role: 'contributor' });
      assert.equal(made.status, 201);
      assert.ok(made.json.password.length >= 16, 'a one-time password');
      const newbie = await signInAs(site.app, made.json.user, made.json.password);
      assert.equal((await newbie.request('GET', '/api/v1/admin/articles')).json.error.code, 'PASSWORD_CHANGE_REQUIRED', 'a handed-out password is changed first');
      const own = 'власний пароль новенької';
      const changed = await site.app.inject({ method: 'POST', url: '/admin/account/password', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: newbie.cookie }, payload: new URLSearchParams({ _csrf: newbie.csrf, current: made.json.password, password: own, repeat: own }).toString() });
      assert.equal(changed.statusCode, 303);
      assert.equal((await newbie.request('GET', '/api/v1/admin/articles')).status, 200);
      assert.equal((await ad.request('POST', '/api/v1/admin/users', { email: 'new.writer@example.com', name: 'Хтось', role: 'author' })).json.error.code, 'CONFLICT');
      assert.equal((await ad.request('PATCH', `/api/v1/admin/users/${made.json.user.id}`, { disabled: true })).status, 200);
      assert.equal((await newbie.request('GET', '/api/v1/admin/articles')).status, 401, 'a disabled account is signed out');
      assert.equal((await ad.request('PATCH', `/api/v1/admin/users/${ad.user.id}`, { role: 'editor' })).json.error.code, 'INVALID_INPUT');

      const audit = (await e.request('GET', '/api/v1/admin/audit')).json.items as Array<{ action: string; user: { id: number } | null; targetId: number }>;
      assert.ok(audit.some((x) => x.action === 'article.publish' && x.user?.id === a.user.id && x.targetId === aDraft.id), 'the audit log says who published');
      assert.ok(audit.some((x) => x.action === 'article.reject' && x.user?.id === e.user.id));
      assert.ok(audit.some((x) => x.action === 'user.update'));
    });

    test('publishing needs a headline, a lead and a section; a photo needs a credit; bad references name their field', async () => {
      const { site, sectionId } = await newsroomSite(tdb);
      const e = await signInAs(site.app, await addUser(site.database, 'editor'));
      const empty = await create(e, { title: 'Лише заголовок' });
      const refused = await step(e, empty.id, 'publish');
      assert.deepEqual([refused.status, refused.json.error.field], [400, 'lead']);
      const noCredit = await e.request('PUT', `/api/v1/admin/articles/${empty.id}`, { baseVersion: empty.version, article: { ...draft(sectionId), photo: { mediaId: 1, caption: 'Фото', credit: '  ' } } });
      assert.deepEqual([noCredit.status, noCredit.json.error.field], [400, 'article.photo.credit']);
      const noSection = await e.request('PUT', `/api/v1/admin/articles/${empty.id}`, { baseVersion: empty.version, article: { ...draft(sectionId), sectionId: 99999 } });
      assert.deepEqual([noSection.status, noSection.json.error.field], [400, 'sectionId']);
      // Several tables asked at once: the first field in the form's order is named, with its id.
      const photo = { mediaId: 66666, caption: 'Фото', credit: 'Фото: редакція', alt: 'Фото' };
      const gone = await e.request('PUT', `/api/v1/admin/articles/${empty.id}`, { baseVersion: empty.version, article: { ...draft(sectionId), tagIds: [88888], photo } });
      assert.deepEqual([gone.status, gone.json.error.field, gone.json.error.message], [400, 'tagIds', 'tagIds: немає запису №88888']);
      const noPhoto = await e.request('PUT', `/api/v1/admin/articles/${empty.id}`, { baseVersion: empty.version, article: { ...draft(sectionId), photo } });
      assert.deepEqual([noPhoto.status, noPhoto.json.error.field, noPhoto.json.error.message], [400, 'photo.mediaId', 'photo.mediaId: немає запису №66666']);
      // The editor shows these messages to an editor: they are in Ukrainian, naming the field.
      const base = { baseVersion: empty.version };
      const tooLong = await e.request('PUT', `/api/v1/admin/articles/${empty.id}`, { ...base, article: { ...draft(sectionId), title: 'Д'.repeat(301) } });
      assert.deepEqual([tooLong.status, tooLong.json.error.message], [400, 'article.title: не більше 300 символів']);
      const wrongType = await e.request('PUT', `/api/v1/admin/articles/${empty.id}`, { ...base, article: { ...draft(sectionId), sectionId: 'Світ' } });
      assert.equal(wrongType.json.error.message, 'article.sectionId: має бути числом');
      const badStep = await step(e, empty.id, 'approve');
      assert.match(badStep.json.error.message, /^step: має бути одним із: submit, /);
      const stored = await e.request('GET', `/api/v1/admin/articles/${empty.id}`);
      assert.deepEqual([stored.json.article.title, stored.json.article.version], ['Лише заголовок', 1], 'nothing stored was lost');
    });

    test('revisions: one per save, a diff, restore; a save over a newer version is refused with the stored one', async () => {
      const { site, sectionId, clock, seedId } = await newsroomSite(tdb);
      const one = await signInAs(site.app, await addUser(site.database, 'editor', { name: 'Оксана Перша' }));
      const two = await signInAs(site.app, await addUser(site.database, 'editor', { name: 'Петро Другий' }));
      const a = await create(one, draft(sectionId, 'Перша версія заголовка'));
      clock.advance(60_000);
      const v2 = await one.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: 1, article: draft(sectionId, 'Друга версія заголовка') });
      assert.equal(v2.json.article.version, 2);

      // Two people open version 2; the second saves first; the first is refused, not overwritten.
      assert.deepEqual((await one.request('POST', `/api/v1/admin/articles/${a.id}/presence`, {})).json.editors, []);
      const seen = await two.request('POST', `/api/v1/admin/articles/${a.id}/presence`, {});
      assert.deepEqual(seen.json.editors.map((x: { name: string }) => x.name), ['Оксана Перша'], 'the second is warned who else has it open');
      // The other writer adds a tag of their own and a recap link: the first editor has seen neither.
      const tag = await two.request('POST', '/api/v1/admin/tags', { name: 'Стів Віткофф', kind: 'person' });
      const theirs = await two.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: 2, article: { ...draft(sectionId, 'Заголовок від Петра'), tagIds: [tag.json.tag.id], recap: { paragraphs: [richText('Раніше')], articleIds: [seedId] } } });
      assert.equal(theirs.json.article.version, 3, theirs.body);
      const mine = await one.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: 2, article: draft(sectionId, 'Заголовок від Оксани') });
      assert.deepEqual([mine.status, mine.json.error.code, mine.json.current.title, mine.json.current.version], [409, 'VERSION_CONFLICT', 'Заголовок від Петра', 3]);
      // With the names of what the stored version names, for the editor to show them.
      assert.deepEqual(mine.json.labels, { tags: [{ id: tag.json.tag.id, name: 'Стів Віткофф', kind: 'person' }], articles: [{ id: seedId, title: 'Саміт у Парижі завершився' }] });
      // Merging: save again over the version now stored.
      const merged = await one.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: 3, article: draft(sectionId, 'Заголовок від Оксани і Петра') });
      assert.equal(merged.json.article.version, 4);

      // Autosaves of one person keep one revision.
      for (let i = 0; i < 3; i++) {
        clock.advance(5_000);
        const r = await one.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: 5 + i - 1, autosave: true, article: { ...draft(sectionId, 'Заголовок від Оксани і Петра'), lead: `Лід, чернетка ${i}` } });
        assert.equal(r.status, 200, r.body);
      }
      const revisions = (await one.request('GET', `/api/v1/admin/articles/${a.id}/revisions`)).json.items as Array<{ id: number; version: number; kind: string; user: { name: string } }>;
      assert.deepEqual(revisions.map((r) => [r.version, r.kind]), [[7, 'autosave'], [4, 'save'], [3, 'save'], [2, 'save'], [1, 'create']]);
      assert.equal(revisions.find((r) => r.version === 3)!.user.name, 'Петро Другий');

      const first = revisions.at(-1)!;
      const shown = await one.request('GET', `/api/v1/admin/articles/${a.id}/revisions/${first.id}`);
      assert.equal(shown.json.revision.article.title, 'Перша версія заголовка');
      const titleDiff = shown.json.diff.find((d: { field: string }) => d.field === 'title');
      assert.ok(titleDiff.parts.some((p: { removed?: boolean; value: string }) => p.removed && p.value.includes('Перша')), 'the old words are marked removed');
      assert.ok(titleDiff.parts.some((p: { added?: boolean; value: string }) => p.added && p.value.includes('Оксани')), 'the new ones added');
      assert.ok(shown.json.diff.some((d: { field: string }) => d.field === 'lead'));

      const stale = await one.request('POST', `/api/v1/admin/articles/${a.id}/revisions/${first.id}/restore`, { baseVersion: 6 });
      assert.equal(stale.status, 409);
      const restored = await one.request('POST', `/api/v1/admin/articles/${a.id}/revisions/${first.id}/restore`, { baseVersion: 7 });
      assert.deepEqual([restored.json.article.title, restored.json.article.version], ['Перша версія заголовка', 8]);
      const after = (await one.request('GET', `/api/v1/admin/articles/${a.id}/revisions`)).json.items[0];
      assert.deepEqual([after.kind, after.version], ['restore', 8]);
    });

    test('a scheduled article is called off back to a draft, not taken down', async () => {
      const clock = testClock(new Date('2026-11-24T09:00:00Z'));
      const { site, sectionId } = await newsroomSite(tdb, clock);
      const a = await signInAs(site.app, await addUser(site.database, 'author'));
      const art = await create(a, draft(sectionId, 'Передчасна новина'));
      const scheduled = await step(a, art.id, 'schedule', { at: '2026-11-24T12:00:00Z' });
      assert.equal(scheduled.json.article.status, 'scheduled');
      assert.deepEqual([(await step(a, art.id, 'unpublish')).json.error.code], ['INVALID_TRANSITION'], 'it was never published, so it cannot be taken down');
      const off = await step(a, art.id, 'unschedule');
      assert.deepEqual([off.status, off.json.article.status, off.json.article.publishedAt], [200, 'draft', null]);
      clock.set(new Date('2026-11-24T12:05:00Z'));
      assert.deepEqual((await publishDueArticles(site.database, clock.now())).published, [], 'nothing goes out at the time it had');
      assert.equal((await site.app.inject({ method: 'GET', url: scheduled.json.article.url })).statusCode, 404, 'a draft, not 410 Gone');
      assert.equal((await step(a, art.id, 'unschedule')).json.error.code, 'INVALID_TRANSITION', 'only a scheduled article can be called off');
      const log = await site.database.db.selectFrom('audit_log').select('action').where('target_id', '=', art.id).orderBy('id').execute();
      assert.deepEqual(log.map((r) => r.action).filter((x) => x !== 'article.create'), ['article.schedule', 'article.unschedule']);
    });

    test('a revision diff speaks in names: section path, authors, tags, flags, status, titles of links the reader may open', async () => {
      const { site, sectionId, seedId } = await newsroomSite(tdb);
      const [kyiv] = await ensureSectionPath(site.database.db, ['Київ'], new Date());
      const editor = await signInAs(site.app, await addUser(site.database, 'editor', { name: 'Ганна Редакторка' }));
      const colleague = await signInAs(site.app, await addUser(site.database, 'author', { name: 'Богдан Колега' }));
      const secret = await create(colleague, draft(sectionId, 'Чернетка колеги про ембарго'));
      const a = await create(editor, draft(sectionId, 'Стаття з історією'));
      const tag = (await editor.request('POST', '/api/v1/admin/tags', { name: 'Рустем Умєров', kind: 'person' })).json.tag.id as number;
      const changed = await editor.request('PUT', `/api/v1/admin/articles/${a.id}`, {
        baseVersion: a.version,
        article: { ...draft(kyiv!.id, 'Стаття з історією'), authorIds: [...a.authorIds, colleague.user.authorId], tagIds: [tag], isMain: true, recap: { paragraphs: [], articleIds: [seedId, secret.id] } },
      });
      assert.equal(changed.status, 200, changed.body);
      const first = ((await editor.request('GET', `/api/v1/admin/articles/${a.id}/revisions`)).json.items as Array<{ id: number }>).at(-1)!;
      const asText = (who: Client) => who.request('GET', `/api/v1/admin/articles/${a.id}/revisions/${first.id}`).then((r) => {
        assert.equal(r.status, 200, r.body);
        return Object.fromEntries((r.json.diff as Array<{ field: string; parts: Array<{ value: string; added?: boolean; removed?: boolean }> }>).map((d) => [d.field, {
          was: d.parts.filter((p) => !p.added).map((p) => p.value).join(''),
          is: d.parts.filter((p) => !p.removed).map((p) => p.value).join(''),
        }]));
      });
      const diff = await asText(editor);
      assert.deepEqual(diff.sectionId, { was: 'Світ › Політика', is: 'Київ' });
      assert.deepEqual(diff.authorIds, { was: 'Ганна Редакторка', is: 'Ганна Редакторка, Богдан Колега' });
      assert.deepEqual(diff.tagIds, { was: '', is: 'Рустем Умєров' });
      assert.deepEqual(diff.isMain, { was: 'ні', is: 'так' });
      assert.deepEqual(diff.recap, { was: '', is: '→ «Саміт у Парижі завершився»\n→ «Чернетка колеги про ембарго»' }, 'an editor may read the draft');
      // An author who may not open the colleague's draft sees it by number only.
      const other = await signInAs(site.app, await addUser(site.database, 'author'));
      await site.database.db.updateTable('articles').set({ status: 'published' }).where('id', '=', a.id).execute();
      const theirs = await asText(other);
      assert.equal(theirs.recap!.is, `→ «Саміт у Парижі завершився»\n→ «стаття №${secret.id}»`);
      assert.ok(!JSON.stringify(theirs).includes('ембарго'));
    });

    test('scheduling in the future publishes exactly once, also after a restart past its time', async () => {
      const clock = testClock(new Date('2026-11-24T09:00:00Z'));
      const { site, sectionId } = await newsroomSite(tdb, clock);
      const a = await signInAs(site.app, await addUser(site.database, 'author'));
      const art = await create(a, draft(sectionId, 'Заплановано на полудень'));
      const past = await step(a, art.id, 'schedule', { at: '2026-11-24T08:59:00Z' });
      assert.deepEqual([past.status, past.json.error.field], [400, 'at']);
      // 12:00 in Kyiv is 10:00 UTC in November.
      const scheduled = await step(a, art.id, 'schedule', { at: '2026-11-24T12:00:00+02:00' });
      assert.deepEqual([scheduled.json.article.status, scheduled.json.article.publishedAt], ['scheduled', '2026-11-24T10:00:00.000Z']);
      const page = () => site.app.inject({ method: 'GET', url: scheduled.json.article.url });
      assert.equal((await page()).statusCode, 404, 'not public before its time');

      assert.deepEqual((await publishDueArticles(site.database, clock.now())).published, [], 'nothing is due at 09:00');
      // The server is down at 10:00; it comes back at 10:07 and its jobs publish what is due.
      await site.app.close();
      clock.set(new Date('2026-11-24T10:07:00Z'));
      const reopened = await buildApp({ config: { siteUrl: 'https://shpalta.test', mediaDir: site.mediaDir, logLevel: 'silent' }, database: site.database, clock: clock.now });
      const stop = startJobs(reopened.shpalta, reopened.log, clock.now);
      try {
        const status = async () => (await site.database.db.selectFrom('articles').select('status').where('id', '=', art.id).executeTakeFirstOrThrow()).status;
        for (let i = 0; i < 100 && (await status()) !== 'published'; i++) await new Promise((r) => setTimeout(r, 20));
        assert.equal(await status(), 'published');
        assert.equal((await reopened.inject({ method: 'GET', url: scheduled.json.article.url })).statusCode, 200);

        // Two instances' jobs racing over the next one: it goes live once.
        const b = await signInAs(reopened, a.user);
        const next = await create(b, draft(sectionId, 'Заплановано на пів на першу'));
        assert.equal((await step(b, next.id, 'schedule', { at: '2026-11-24T10:30:00Z' })).status, 200);
        clock.set(new Date('2026-11-24T10:31:00Z'));
        const [x, y] = await Promise.all([publishDueArticles(site.database, clock.now()), publishDueArticles(site.database, clock.now())]);
        assert.deepEqual([...x.published, ...y.published], [next.id]);
        for (const id of [art.id, next.id]) {
          const log = await site.database.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', '=', 'article.publish-scheduled').execute();
          assert.equal(log.length, 1, `article ${id} published exactly once`);
        }
      } finally {
        stop();
        await reopened.close();
      }
    });
  });
}
