import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { ShpaltaApp } from '../src/server/app.js';
import { testDatabases } from './helpers/databases.js';
import { assertOurCookie, setCookiesOf, type SetCookie } from './helpers/cookies.js';
import { addUser, PASSWORD } from './helpers/newsroom.js';
import { closeTestSites, openSite } from './helpers/site.js';

after(closeTestSites);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const DAY = 86_400;
/** What each cookie lives for: the session 14 days, the device 90, the sign-in form's token 2 hours. */
const LIFE = { shpalta_session: 14 * DAY, shpalta_device: 90 * DAY, shpalta_login: 2 * 3600 };

/** Asserts the answer sets exactly these cookies: a value (or '' to end it) with its lifetime (0 to end it). */
function assertSets(r: { headers: Record<string, unknown> }, expected: Record<string, 'kept' | 'ended'>, o: { secure?: boolean } = {}): Map<string, SetCookie> {
  const got = setCookiesOf(r);
  assert.deepEqual([...got.keys()].sort(), Object.keys(expected).sort(), 'the cookies set');
  for (const [name, what] of Object.entries(expected)) {
    const c = got.get(name)!;
    if (what === 'ended') assert.equal(c.value, '', `${name} is emptied`);
    else assert.match(c.value, /^[\w-]{32,}$/, `${name}'s token`);
    assertOurCookie(c, what === 'ended' ? 0 : LIFE[name as keyof typeof LIFE], o);
  }
  return got;
}

/** Signs in with the form as a browser does (GET the form, POST it with its cookie), checking every Set-Cookie on the way. */
async function signInByForm(app: ShpaltaApp, email: string, headers: Record<string, string> = {}, o: { secure?: boolean } = {}) {
  const form = await app.inject({ method: 'GET', url: '/admin/login', headers });
  const token = assertSets(form, { shpalta_login: 'kept' }, o).get('shpalta_login')!.value;
  const posted = await app.inject({ method: 'POST', url: '/admin/login', headers: { ...headers, ...FORM, cookie: `shpalta_login=${token}` }, payload: new URLSearchParams({ _csrf: token, email, password: PASSWORD }).toString() });
  assert.equal(posted.statusCode, 303, posted.body);
  const set = assertSets(posted, { shpalta_session: 'kept', shpalta_device: 'kept', shpalta_login: 'ended' }, o);
  return { cookie: `shpalta_session=${set.get('shpalta_session')!.value}`, device: set.get('shpalta_device')!.value };
}

const csrfOf = async (app: ShpaltaApp, cookie: string, headers: Record<string, string> = {}) =>
  (await app.inject({ method: 'GET', url: '/api/v1/admin/session', headers: { ...headers, cookie } })).json().csrfToken as string;

for (const tdb of testDatabases) {
  describe(`cookies (${tdb.dialect})`, () => {
    test('every cookie the newsroom sets, from the forms and the API, carries exactly its attributes', async () => {
      const { app, database } = await openSite(tdb, []);
      const user = await addUser(database, 'author');

      const form = await signInByForm(app, user.email);
      const out = await app.inject({ method: 'POST', url: '/admin/logout', headers: { ...FORM, cookie: form.cookie }, payload: `_csrf=${await csrfOf(app, form.cookie)}` });
      assert.equal(out.statusCode, 303);
      assertSets(out, { shpalta_session: 'ended' });

      const again = await signInByForm(app, user.email);
      const everywhere = await app.inject({ method: 'POST', url: '/admin/logout-everywhere', headers: { ...FORM, cookie: again.cookie }, payload: `_csrf=${await csrfOf(app, again.cookie)}` });
      assert.equal(everywhere.statusCode, 303);
      assertSets(everywhere, { shpalta_session: 'ended' });

      const api = async () => {
        const r = await app.inject({ method: 'POST', url: '/api/v1/admin/session', payload: { email: user.email, password: PASSWORD } });
        assert.equal(r.statusCode, 200, r.body);
        const set = assertSets(r, { shpalta_session: 'kept', shpalta_device: 'kept' });
        const cookie = `shpalta_session=${set.get('shpalta_session')!.value}`;
        return { cookie, csrf: (r.json() as { csrfToken: string }).csrfToken };
      };
      const a = await api();
      const ended = await app.inject({ method: 'DELETE', url: '/api/v1/admin/session', headers: { cookie: a.cookie, 'x-csrf-token': a.csrf } });
      assert.equal(ended.statusCode, 204);
      assertSets(ended, { shpalta_session: 'ended' });
      const b = await api();
      const all = await app.inject({ method: 'POST', url: '/api/v1/admin/session/everywhere', headers: { cookie: b.cookie, 'x-csrf-token': b.csrf }, payload: {} });
      assert.equal(all.statusCode, 200);
      assertSets(all, { shpalta_session: 'ended' });

      // A page that sets no cookie sends no Set-Cookie.
      for (const url of ['/', '/admin', '/api/v1/admin/session']) {
        const r = await app.inject({ method: 'GET', url, headers: { cookie: 'shpalta_session=nobody' } });
        assert.equal(r.headers['set-cookie'], undefined, url);
      }
    });

    test('over HTTPS (a trusted proxy says so) every cookie is also Secure; a forged X-Forwarded-Proto is not believed', async () => {
      const { app, database } = await openSite(tdb, [], { config: { trustProxy: ['127.0.0.1'] } });
      const user = await addUser(database, 'author');
      const https = { 'x-forwarded-proto': 'https' };
      const s = await signInByForm(app, user.email, https, { secure: true });
      const out = await app.inject({ method: 'POST', url: '/admin/logout', headers: { ...https, ...FORM, cookie: s.cookie }, payload: `_csrf=${await csrfOf(app, s.cookie, https)}` });
      assertSets(out, { shpalta_session: 'ended' }, { secure: true });
      const api = await app.inject({ method: 'POST', url: '/api/v1/admin/session', headers: https, payload: { email: user.email, password: PASSWORD } });
      assertSets(api, { shpalta_session: 'kept', shpalta_device: 'kept' }, { secure: true });

      const untrusted = await openSite(tdb, []);
      const other = await addUser(untrusted.database, 'author');
      await signInByForm(untrusted.app, other.email, https, { secure: false });
    });

    test('the Cookie header is read as browsers send it: among others’ cookies, broken ones too, the first of a name', async () => {
      const { app, database } = await openSite(tdb, []);
      const user = await addUser(database, 'author');
      const { cookie, device } = await signInByForm(app, user.email);
      const token = cookie.slice('shpalta_session='.length);
      const status = async (header: string) => (await app.inject({ method: 'GET', url: '/api/v1/admin/session', headers: { cookie: header } })).statusCode;
      assert.equal(await status(`_ga=GA1.2.3.4; broken=%E0%A4%A; ${cookie}; theme="dark"`), 200, 'among analytics and broken cookies');
      assert.equal(await status(`  ${cookie}  ;other=1`), 200, 'with spaces around');
      assert.equal(await status(`shpalta_session=${encodeURIComponent(token)}`), 200, 'percent-encoded as it was set');
      assert.equal(await status(`${cookie}; shpalta_session=stale`), 200, 'the first of a name counts');
      assert.equal(await status(`shpalta_session=stale; ${cookie}`), 401, 'the first of a name counts');
      assert.equal(await status(`x${cookie}`), 401, 'another name');

      // The device cookie a browser sends back is the one the next sign-in keeps.
      const r = await app.inject({ method: 'POST', url: '/api/v1/admin/session', headers: { cookie: `shpalta_device=${device}` }, payload: { email: user.email, password: PASSWORD } });
      assert.equal(setCookiesOf(r).get('shpalta_device')?.value, device);
    });

    test('the page cache leaves to the routes any request carrying a session cookie, and only those', async () => {
      const { app } = await openSite(tdb, []);
      const cacheState = async (cookie?: string) => (await app.inject({ method: 'GET', url: '/', headers: cookie === undefined ? {} : { cookie } })).headers['x-cache'];
      await cacheState();
      assert.equal(await cacheState(), 'HIT');
      for (const cookie of ['_ga=1', 'xshpalta_session=1', 'shpalta_sessions=1', 'shpalta_login=abc; shpalta_device=def', 'broken=%E0%A4%A']) assert.equal(await cacheState(cookie), 'HIT', cookie);
      for (const cookie of ['shpalta_session=1', '_ga=1; shpalta_session=1', '_ga=1;shpalta_session=', ' shpalta_session = x']) assert.equal(await cacheState(cookie), 'MISS', cookie);
    });
  });
}
