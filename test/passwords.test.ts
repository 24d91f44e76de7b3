import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { uk } from '../src/core/i18n/uk.js';
import { createUser } from '../src/services/newsroom/auth.js';
import { testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, unescapeHtml, type TestSite } from './helpers/site.js';

after(closeTestSites);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const NEW = 'нова довга парольна фраза';

/** A form post with the session's cookie and CSRF token. */
const post = (site: TestSite, c: Client, url: string, fields: Record<string, string> = {}) =>
  site.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: c.cookie }, payload: form({ _csrf: c.csrf, ...fields }) });
const get = (site: TestSite, c: Client, url: string) => site.app.inject({ method: 'GET', url, headers: { cookie: c.cookie } });

/** Whether these credentials sign in. */
async function signsIn(site: TestSite, email: string, password: string): Promise<boolean> {
  const r = await site.app.inject({ method: 'POST', url: '/api/v1/admin/session', payload: { email, password } });
  return r.statusCode === 200;
}

/** The one-time link an admin's page shows, as a path. */
function shownLink(body: string): string {
  const url = unescapeHtml(/class="secret">([^<]+)</.exec(body)?.[1] ?? '');
  assert.match(url, /\/admin\/password\/[\w-]{43}$/, body);
  return new URL(url).pathname;
}

const choose = (site: TestSite, path: string, password: string, repeat = password, headers: Record<string, string> = {}) =>
  site.app.inject({ method: 'POST', url: path, headers: { ...FORM, ...headers }, payload: form({ password, repeat }) });

for (const tdb of testDatabases) {
  describe(`passwords (${tdb.dialect})`, () => {
    test('an account changes its own password: the current one first; other sessions end, this one stays', async () => {
      const site = await openSite(tdb, []);
      const user = await addUser(site.database, 'author');
      const [here, elsewhere] = [await signInAs(site.app, user), await signInAs(site.app, user)];
      const page = await get(site, here, '/admin/account');
      assert.equal(page.statusCode, 200);
      assert.ok(unescapeHtml(page.body).includes(user.email) && page.body.includes('autocomplete="new-password"'));
      assert.ok(page.body.includes('href="/admin/account"'), 'the bar links to the account');

      const t = uk.admin.myAccount;
      for (const [fields, message] of [
        [{ current: 'не той пароль', password: NEW, repeat: NEW }, t.wrongCurrent],
        [{ current: PASSWORD, password: 'короткий', repeat: 'короткий' }, t.tooShort],
        [{ current: PASSWORD, password: NEW, repeat: `${NEW}!` }, t.differ],
        [{ current: PASSWORD, password: PASSWORD, repeat: PASSWORD }, t.same],
      ] as const) {
        const r = await post(site, here, '/admin/account/password', fields);
        assert.equal(r.statusCode, 400, JSON.stringify(fields));
        assert.ok(unescapeHtml(r.body).includes(message), `${JSON.stringify(fields)}: ${message}`);
      }
      assert.ok(await signsIn(site, user.email, PASSWORD), 'a refused change changes nothing');
      assert.equal((await post(site, here, '/admin/account/password', { current: PASSWORD, password: NEW, repeat: NEW }, )).statusCode, 303);
      assert.equal((await here.request('GET', '/api/v1/admin/session')).status, 200, 'this session stays');
      assert.equal((await elsewhere.request('GET', '/api/v1/admin/session')).status, 401, 'the others end');
      assert.ok(!(await signsIn(site, user.email, PASSWORD)) && (await signsIn(site, user.email, NEW)));
      const audit = await site.database.db.selectFrom('audit_log').select(['action', 'user_id']).where('target_id', '=', user.id).where('action', '=', 'user.password').execute();
      assert.deepEqual(audit, [{ action: 'user.password', user_id: user.id }]);
      // Without the session's CSRF token, nothing.
      const noCsrf = await site.app.inject({ method: 'POST', url: '/admin/account/password', headers: { ...FORM, cookie: here.cookie }, payload: form({ current: NEW, password: PASSWORD, repeat: PASSWORD }) });
      assert.equal(noCsrf.statusCode, 403);
      assert.ok(await signsIn(site, user.email, NEW));
    });

    test('a handed-out password must be changed before anything else, in pages and in the API', async () => {
      const site = await openSite(tdb, []);
      const user = await createUser(site.database, { email: 'novachok@example.com', name: 'Новачок', role: 'editor', password: 'одноразовий-пароль-123', mustChangePassword: true });
      const c = await signInAs(site.app, user, 'одноразовий-пароль-123');
      for (const url of ['/admin', '/admin/articles', '/admin/articles/new', '/admin/media']) {
        const r = await get(site, c, url);
        assert.deepEqual([r.statusCode, r.headers.location], [303, '/admin/account'], url);
      }
      const api = await c.request('GET', '/api/v1/admin/articles');
      assert.deepEqual([api.status, api.json.error.code], [403, 'PASSWORD_CHANGE_REQUIRED']);
      const write = await c.request('POST', '/api/v1/admin/articles', { title: 'Ще рано' });
      assert.deepEqual([write.status, write.json.error.code], [403, 'PASSWORD_CHANGE_REQUIRED']);
      assert.equal((await c.request('GET', '/api/v1/admin/session')).status, 200, 'who am I still answers');
      const account = await get(site, c, '/admin/account');
      assert.equal(account.statusCode, 200);
      assert.ok(unescapeHtml(account.body).includes(uk.admin.myAccount.mustChange));
      const changed = await post(site, c, '/admin/account/password', { current: 'одноразовий-пароль-123', password: NEW, repeat: NEW });
      assert.deepEqual([changed.statusCode, changed.headers.location], [303, '/admin/account?done=password']);
      assert.equal((await get(site, c, '/admin')).statusCode, 200, 'and then the newsroom opens');
      assert.equal((await c.request('GET', '/api/v1/admin/articles')).status, 200);
      const stored = await site.database.db.selectFrom('users').select('must_change_password').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.equal(Number(stored.must_change_password), 0);
    });

    test('an admin resets a password by link: the old one and every session end; only the newest link works, once, for a day', async () => {
      const clock = testClock();
      const site = await openSite(tdb, [], { clock: clock.now });
      const admin = await signInAs(site.app, await addUser(site.database, 'admin'));
      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      const writer = await addUser(site.database, 'author');
      const session = await signInAs(site.app, writer);

      assert.equal((await post(site, editor, `/admin/users/${writer.id}/reset-password`)).statusCode, 403, 'editors may not');
      assert.equal((await post(site, admin, `/admin/users/${admin.user.id}/reset-password`)).statusCode, 400, 'not one’s own: the account page is for that');
      assert.equal((await post(site, admin, '/admin/users/999999/reset-password')).statusCode, 404);

      const first = await post(site, admin, `/admin/users/${writer.id}/reset-password`);
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.headers['referrer-policy'], 'no-referrer');
      const firstLink = shownLink(first.body);
      assert.equal((await session.request('GET', '/api/v1/admin/session')).status, 401, 'its sessions end at once');
      assert.ok(!(await signsIn(site, writer.email, PASSWORD)), 'the old password stops working');

      const second = shownLink((await post(site, admin, `/admin/users/${writer.id}/reset-password`)).body);
      assert.equal((await site.app.inject({ method: 'GET', url: firstLink })).statusCode, 410, 'a newer link replaces it');
      const opened = await site.app.inject({ method: 'GET', url: second });
      assert.equal(opened.statusCode, 200);
      assert.equal(opened.headers['referrer-policy'], 'no-referrer', 'the token never leaves in a Referer');
      assert.ok(unescapeHtml(opened.body).includes(uk.admin.passwordLink.introReset(writer.email)));

      // Another site's page posting here is refused, and the link still works.
      const crossSite = await choose(site, second, NEW, NEW, { 'sec-fetch-site': 'cross-site' });
      assert.equal(crossSite.statusCode, 403);
      assert.equal((await choose(site, second, NEW, 'не те саме')).statusCode, 400);
      clock.advance(23 * 3600_000);
      const done = await choose(site, second, NEW, NEW, { 'sec-fetch-site': 'same-origin' });
      assert.deepEqual([done.statusCode, done.headers.location], [303, '/admin']);
      assert.ok(await signsIn(site, writer.email, NEW));
      assert.equal((await choose(site, second, 'ще інша довга фраза')).statusCode, 410, 'once');

      // A day later a new link no longer works.
      const late = shownLink((await post(site, admin, `/admin/users/${writer.id}/reset-password`)).body);
      clock.advance(24 * 3600_000 + 1000);
      assert.equal((await site.app.inject({ method: 'GET', url: late })).statusCode, 410);
      assert.equal((await choose(site, late, 'ще інша довга фраза')).statusCode, 410);
      assert.equal((await site.app.inject({ method: 'GET', url: '/admin/password/not-a-token' })).statusCode, 410);

      const actions = (await site.database.db.selectFrom('audit_log').select('action').where('target_id', '=', writer.id).where('target_kind', '=', 'user').orderBy('id').execute()).map((r) => r.action);
      assert.deepEqual(actions.filter((a) => a !== 'user.create'), ['user.reset-password', 'user.reset-password', 'user.password', 'user.reset-password']);
    });

    test('an invitation: the account cannot sign in until the link sets a password; a week later it expires; a disabled account’s link is dead', async () => {
      const clock = testClock();
      const site = await openSite(tdb, [], { clock: clock.now });
      const admin = await signInAs(site.app, await addUser(site.database, 'admin'));
      const r = await post(site, admin, '/admin/users', { email: 'gostia@example.com', name: 'Гостя Редакції', role: 'contributor' });
      assert.equal(r.statusCode, 201, r.body);
      const link = shownLink(r.body);
      const row = await site.database.db.selectFrom('password_links').selectAll().executeTakeFirstOrThrow();
      assert.ok(!link.includes(row.token_hash), 'the database keeps only the token’s hash');
      clock.advance(6 * 86_400_000);
      assert.equal((await site.app.inject({ method: 'GET', url: link })).statusCode, 200, 'six days on it still works');
      const id = (await site.database.db.selectFrom('users').select('id').where('email', '=', 'gostia@example.com').executeTakeFirstOrThrow()).id;
      assert.equal((await post(site, admin, `/admin/users/${id}/disable`)).statusCode, 303);
      assert.equal((await site.app.inject({ method: 'GET', url: link })).statusCode, 410, 'not for a disabled account');
      assert.equal((await choose(site, link, NEW)).statusCode, 410);
      assert.equal((await post(site, admin, `/admin/users/${id}/enable`)).statusCode, 303);
      clock.advance(86_400_000 + 1000);
      assert.equal((await site.app.inject({ method: 'GET', url: link })).statusCode, 410, 'after a week, dead');
      assert.ok(!(await signsIn(site, 'gostia@example.com', NEW)));
    });
  });
}
