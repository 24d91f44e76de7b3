import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { uk } from '../src/core/i18n/uk.js';
import type { ShpaltaApp } from '../src/server/app.js';
import { testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, SITE_URL, unescapeHtml, type TestSite } from './helpers/site.js';

after(closeTestSites);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const cookiesOf = (r: { headers: Record<string, unknown> }) => [r.headers['set-cookie'] ?? []].flat().map(String);
const sessionCookieOf = (r: { headers: Record<string, unknown> }) => cookiesOf(r).find((c) => c.startsWith('shpalta_session=') && !c.startsWith('shpalta_session=;'));

/** The sign-in form's double-submit token, as a browser gets it. */
async function loginToken(app: ShpaltaApp): Promise<string> {
  const r = await app.inject({ method: 'GET', url: '/admin/login' });
  return decodeURIComponent(cookiesOf(r).find((c) => c.startsWith('shpalta_login='))!.split(/[=;]/)[1]!);
}

async function postForm(app: ShpaltaApp, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const token = await loginToken(app);
  return app.inject({ method: 'POST', url: '/admin/login', headers: { ...FORM, cookie: `shpalta_login=${token}`, ...headers }, payload: new URLSearchParams({ _csrf: token, ...fields }).toString() });
}

/**
 * Sends the head of a request and a first piece of its body over a real socket, then waits for
 * the answer: a server that reads the whole body first never answers before the rest is sent.
 */
function answerBeforeBody(port: number, head: string, firstBytes: number, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${ms} ms while the body was still being sent`));
    }, ms);
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (got.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('error', () => undefined);
    socket.write(head);
    socket.write(Buffer.alloc(firstBytes, 0x61));
  });
}

for (const tdb of testDatabases) {
  describe(`signing in from forms and other sites (${tdb.dialect})`, () => {
    let site: TestSite;
    let app: ShpaltaApp;
    before(async () => {
      site = await openSite(tdb, []);
      app = site.app;
    });

    test('the sign-in API takes JSON only and refuses a request another site sent', async () => {
      const user = await addUser(site.database, 'author');
      const credentials = { email: user.email, password: PASSWORD };
      const form = await app.inject({ method: 'POST', url: '/api/v1/admin/session', headers: FORM, payload: new URLSearchParams(credentials).toString() });
      assert.deepEqual([form.statusCode, form.json().error.code], [415, 'JSON_REQUIRED'], 'a cross-site form is urlencoded');
      assert.equal(sessionCookieOf(form), undefined);
      const plain = await app.inject({ method: 'POST', url: '/api/v1/admin/session', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(credentials) });
      assert.equal(plain.statusCode, 415, 'nor text/plain, which a form may also send');

      const json = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/v1/admin/session', headers, payload: credentials });
      const crossSite: Array<Record<string, string>> = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, { origin: 'null' }, { origin: 'https://news.example.ua.evil.example' }];
      for (const headers of crossSite) {
        const r = await json(headers);
        assert.deepEqual([r.statusCode, r.json().error.code], [403, 'CROSS_SITE'], JSON.stringify(headers));
        assert.match(r.json().error.message, /іншого сайту/);
        assert.equal(sessionCookieOf(r), undefined);
      }
      const sameSite: Array<Record<string, string>> = [{}, { 'sec-fetch-site': 'same-origin' }, { origin: SITE_URL }, { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }, { origin: 'https://news.example.ua', host: 'news.example.ua:443' }];
      for (const headers of sameSite) {
        assert.equal((await json(headers)).statusCode, 200, JSON.stringify(headers));
      }
    });

    test('the sign-in form refuses a post another site sent, and takes its own', async () => {
      const user = await addUser(site.database, 'author');
      for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }] as Array<Record<string, string>>) {
        const r = await postForm(app, { email: user.email, password: PASSWORD }, headers);
        assert.equal(r.statusCode, 403, JSON.stringify(headers));
        assert.ok(unescapeHtml(r.body).includes(uk.admin.login.crossSite), 'says why, in Ukrainian');
        assert.equal(sessionCookieOf(r), undefined, 'no session');
      }
      const own = await postForm(app, { email: user.email, password: PASSWORD }, { 'sec-fetch-site': 'same-origin', origin: SITE_URL });
      assert.equal(own.statusCode, 303);
      assert.ok(sessionCookieOf(own));
    });

    test('a non-Latin or malformed next= is followed percent-encoded, or not at all, and the session is kept', async () => {
      const user = await addUser(site.database, 'author');
      const r = await postForm(app, { email: user.email, password: PASSWORD, next: '/admin/статті?q=тест#кінець' });
      assert.equal(r.statusCode, 303, r.body);
      assert.equal(r.headers.location, '/admin/%D1%81%D1%82%D0%B0%D1%82%D1%82%D1%96?q=%D1%82%D0%B5%D1%81%D1%82#%D0%BA%D1%96%D0%BD%D0%B5%D1%86%D1%8C');
      const cookie = sessionCookieOf(r)!.split(';')[0]!;
      assert.equal((await app.inject({ method: 'GET', url: '/admin', headers: { cookie } })).statusCode, 200, 'the session works');

      // Signed in already, the form sends one on: with such a next too.
      for (const [next, location] of [
        ['%2Fadmin%2F%D1%81%D1%82', '/admin/%D1%81%D1%82'],
        ['%2Fadmin%2F%25E0%25A4%25A', '/admin/%E0%A4%A'],
        ['%2Fadmin%2F..%2Fsvit%2F', '/admin'],
        ['%2Fadmin%0d%0aSet-Cookie:x=1', '/admin'],
        ['%E0%A4%A', '/admin'],
      ] as const) {
        const again = await app.inject({ method: 'GET', url: `/admin/login?next=${next}`, headers: { cookie } });
        assert.deepEqual([again.statusCode, again.headers.location], [303, location], next);
      }
      const anonymous = await app.inject({ method: 'GET', url: '/admin/login?next=%2Fadmin%2F%D1%81%D1%82' });
      assert.equal(anonymous.statusCode, 200);
      assert.match(anonymous.body, /name="next" value="\/admin\/%D1%81%D1%82"/);
      const reader = await app.inject({ method: 'GET', url: '/admin/articles?q=%D1%82' });
      assert.deepEqual([reader.statusCode, reader.headers.location], [303, '/admin/login?next=%2Fadmin%2Farticles%3Fq%3D%25D1%2582']);
    });

    test('an upload without a valid session, or by a role below the route’s, is answered before its body is read', async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as net.AddressInfo).port;
      const length = 19 * 1024 * 1024;
      const upload = (path: string, cookie: string) =>
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: multipart/form-data; boundary=----x\r\nContent-Length: ${length}\r\n${cookie ? `Cookie: ${cookie}\r\n` : ''}\r\n`;
      // A signed-out browser still sends its old session cookie.
      const stale = 'shpalta_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      const page = await answerBeforeBody(port, upload('/admin/media', stale), 64 * 1024);
      assert.match(page, /^HTTP\/1\.1 303 /);
      assert.match(page, /\r\nlocation: \/admin\/login\?next=%2Fadmin%2Fmedia\r\n/i);
      assert.match(page, /\r\nconnection: close\r\n/i, 'the rest is not waited for');
      assert.match(await answerBeforeBody(port, upload('/api/v1/admin/media', stale), 64 * 1024), /^HTTP\/1\.1 401 /);
      assert.match(await answerBeforeBody(port, upload('/admin/media', ''), 64 * 1024), /^HTTP\/1\.1 303 /);
      const contributor = await signInAs(app, await addUser(site.database, 'contributor'));
      const big = `POST /api/v1/admin/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nCookie: ${contributor.cookie}\r\nX-CSRF-Token: ${contributor.csrf}\r\n\r\n`;
      assert.match(await answerBeforeBody(port, big, 64 * 1024), /^HTTP\/1\.1 403 /, 'a role below admin');
    });
  });
}
