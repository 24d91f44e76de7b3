import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { uk } from '../src/core/i18n/uk.js';
import type { Actor } from '../src/core/roles.js';
import type { ShpaltaApp } from '../src/server/app.js';
import { articleFields, createArticle, transitionArticle } from '../src/services/newsroom/articles.js';
import { ensureSectionPath } from '../src/storage/repositories/sections.js';
import type { User } from '../src/storage/repositories/users.js';
import { axeViolations, chromiumUnavailable, describeSerious, launchChromium, openTab, serveSite, visit } from './helpers/browser.js';
import { testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, unescapeHtml, type TestSite } from './helpers/site.js';

after(closeTestSites);

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const setCookies = (headers: Record<string, unknown>): string[] => {
  const v = headers['set-cookie'];
  return Array.isArray(v) ? v.map(String) : v ? [String(v)] : [];
};
const cookieValue = (headers: Record<string, unknown>, name: string) => {
  const c = setCookies(headers).find((s) => s.startsWith(`${name}=`));
  return c ? decodeURIComponent(c.slice(name.length + 1).split(';')[0]!) : undefined;
};
/** A multipart/form-data body as a browser sends the upload form: text fields, then the file. */
function multipart(fields: Record<string, string>, file: Buffer | null) {
  const boundary = `----shpalta${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`), file, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}
const hiddenCsrf = (page: string) => /name="_csrf" value="([^"]*)"/.exec(page)?.[1];
const actorOf = (u: User): Actor => ({ id: u.id, role: u.role, authorId: u.authorId });

/** Opens the sign-in form: its login cookie and the same token in the form. */
async function openLoginForm(app: ShpaltaApp, url = '/admin/login') {
  const r = await app.inject({ method: 'GET', url });
  assert.equal(r.statusCode, 200, r.body);
  const token = cookieValue(r.headers, 'shpalta_login');
  assert.ok(token, 'the form sets the login cookie');
  assert.equal(hiddenCsrf(r.body), token, 'the form carries the cookie’s token');
  return { token, page: r.body };
}

async function postLogin(app: ShpaltaApp, token: string | null, fields: Record<string, string>) {
  return app.inject({ method: 'POST', url: '/admin/login', headers: { ...FORM, ...(token ? { cookie: `shpalta_login=${token}` } : {}) }, payload: form(fields) });
}

/** A page or form post with a session's cookie; forms carry its CSRF token unless told not to. */
function pageAs(app: ShpaltaApp, c: Client) {
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: { cookie: c.cookie } }),
    post: (url: string, fields: Record<string, string> = {}, o: { csrf?: boolean } = {}) =>
      app.inject({ method: 'POST', url, headers: { ...FORM, cookie: c.cookie }, payload: form({ ...(o.csrf === false ? {} : { _csrf: c.csrf }), ...fields }) }),
  };
}

async function draft(site: TestSite, author: User, title: string, sectionId: number | null = null) {
  const { article } = await createArticle(site.database, actorOf(author), articleFields.parse({ title, lead: 'Лід.', sectionId }), new Date());
  return article;
}

for (const tdb of testDatabases) {
  describe(`admin pages on ${tdb.dialect}`, () => {
    let site: TestSite;
    let app: ShpaltaApp;
    before(async () => {
      site = await openSite(tdb, []);
      app = site.app;
    });

    test('the sign-in form: login cookie, CSRF, session cookie, redirect to a local next', async () => {
      const user = await addUser(site.database, 'author');
      const { token, page } = await openLoginForm(app, '/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft');
      assert.match(page, /<html lang="uk">/);
      assert.match(page, /<label for="email">Електронна пошта<\/label>/);
      assert.match(page, /<main id="content"/);
      assert.match(page, /name="next" value="\/admin\/articles\?status=draft"/);

      const r = await postLogin(app, token, { _csrf: token, email: user.email, password: PASSWORD, next: '/admin/articles?status=draft' });
      assert.equal(r.statusCode, 303, r.body);
      assert.equal(r.headers.location, '/admin/articles?status=draft');
      const session = setCookies(r.headers).find((c) => c.startsWith('shpalta_session='));
      assert.ok(session, 'the session cookie is set');
      assert.match(session, /HttpOnly/);
      assert.match(session, /SameSite=Lax/);
      const cookie = session.split(';')[0]!;
      const home = await app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, new RegExp(uk.admin.dashboard.myDrafts));
      assert.equal(home.headers['cache-control'], 'no-store');

      // Signed in already: the form sends one on.
      const again = await app.inject({ method: 'GET', url: '/admin/login', headers: { cookie } });
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/admin');

      for (const next of ['https://evil.example/admin', '//evil.example/admin', '/administrator', '/\\evil.example']) {
        const f = await openLoginForm(app);
        const s = await postLogin(app, f.token, { _csrf: f.token, email: user.email, password: PASSWORD, next });
        assert.equal(s.headers.location, '/admin', `next=${next} is not followed`);
      }
    });

    test('the sign-in form refuses a post without its CSRF token, or with another one', async () => {
      const user = await addUser(site.database, 'author');
      const { token } = await openLoginForm(app);
      const without = await postLogin(app, token, { email: user.email, password: PASSWORD });
      assert.equal(without.statusCode, 403);
      assert.equal(cookieValue(without.headers, 'shpalta_session'), undefined);
      assert.match(without.body, new RegExp(uk.admin.login.staleForm));
      const noCookie = await postLogin(app, null, { _csrf: token, email: user.email, password: PASSWORD });
      assert.equal(noCookie.statusCode, 403);
      const other = await postLogin(app, token, { _csrf: `${token}x`, email: user.email, password: PASSWORD });
      assert.equal(other.statusCode, 403);
    });

    test('a wrong password says so in Ukrainian (401); the sixth try waits (429), saying how long', async () => {
      const user = await addUser(site.database, 'author');
      const { token } = await openLoginForm(app);
      const wrong = await postLogin(app, token, { _csrf: token, email: user.email, password: 'not the password' });
      assert.equal(wrong.statusCode, 401);
      assert.ok(unescapeHtml(wrong.body).includes(uk.admin.login.badCredentials), 'the Ukrainian message');
      assert.match(wrong.body, /role="alert"/);
      assert.ok(wrong.body.includes(`value="${user.email}"`), 'the email is kept');
      for (let i = 2; i <= 5; i++) assert.equal((await postLogin(app, token, { _csrf: token, email: user.email, password: `wrong ${i}` })).statusCode, 401);
      // This browser has never signed in to the account: after five failures it waits, 30 s first.
      const sixth = await postLogin(app, token, { _csrf: token, email: user.email, password: PASSWORD });
      assert.equal(sixth.statusCode, 429, 'slowed down even with the right password');
      assert.ok(Number(sixth.headers['retry-after']) > 0);
      assert.match(unescapeHtml(sixth.body), /Спробуйте знову через (30|29|28) секунд[иу]?\./);
    });

    test('an anonymous reader of /admin is sent to the sign-in form', async () => {
      const r = await app.inject({ method: 'GET', url: '/admin' });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, '/admin/login?next=%2Fadmin');
      const list = await app.inject({ method: 'GET', url: '/admin/articles?status=draft' });
      assert.equal(list.headers.location, '/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft');
      const css = await app.inject({ method: 'GET', url: /href="(\/admin\/assets\/admin\.[0-9a-f]+\.css)"/.exec((await openLoginForm(app)).page)![1]! });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['content-type']), /^text\/css/);
    });

    test('the dashboard shows a contributor’s own draft, not another’s', async () => {
      const mine = await addUser(site.database, 'contributor');
      const other = await addUser(site.database, 'contributor');
      const a = await draft(site, mine, 'Моя чернетка про <script>alert(1)</script> мости');
      await draft(site, other, 'Чужа чернетка про тролейбуси');

      const me = pageAs(app, await signInAs(app, mine));
      const r = await me.get('/admin');
      assert.equal(r.statusCode, 200);
      assert.ok(r.body.includes(`href="/admin/articles/${a.id}"`), 'links to the editor');
      assert.ok(r.body.includes('Моя чернетка про &lt;script&gt;alert(1)&lt;/script&gt; мости'), 'the title, escaped');
      assert.ok(!r.body.includes('<script>alert(1)'));
      assert.ok(!r.body.includes('Чужа чернетка'), 'not another’s draft');
      assert.ok(r.body.includes('href="/admin/articles/new"'), 'a link to a new article');
      assert.ok(r.body.includes(uk.admin.dashboard.myAwaitingReview), 'a contributor’s review panel is their own');
      // The editor keeps the newsroom's menu, for the account's role, with 'Статті' as the current page.
      for (const url of ['/admin/articles/new', `/admin/articles/${a.id}`]) {
        const editor = await me.get(url);
        assert.match(editor.body, /<nav aria-label="[^"]+"><ul>[\s\S]*<a href="\/admin\/articles" aria-current="page">Статті<\/a>/, url);
        assert.ok(editor.body.includes('href="/admin/media"') && !editor.body.includes('href="/admin/users"'), `${url}: the contributor's menu`);
      }
    });

    test('the dashboard: an editor sees everything awaiting review; scheduled articles show Kyiv time', async () => {
      const writer = await addUser(site.database, 'author');
      const editor = await addUser(site.database, 'editor');
      const submitted = await draft(site, writer, 'Стаття на перевірці');
      await transitionArticle(site.database, actorOf(writer), submitted.id, 'submit', {}, new Date());
      const [section] = await ensureSectionPath(site.database.db, ['Київ'], new Date());
      const later = await draft(site, writer, 'Стаття на завтра', section!.id);
      await transitionArticle(site.database, actorOf(writer), later.id, 'schedule', { at: new Date('2030-01-07T12:05:00Z') }, new Date());
      await draft(site, writer, 'Чужа чернетка автора');

      const ed = pageAs(app, await signInAs(app, editor));
      const e = await ed.get('/admin');
      assert.ok(e.body.includes(uk.admin.dashboard.awaitingReview));
      assert.ok(e.body.includes('Стаття на перевірці'), 'the editor sees what waits for review');
      assert.ok(!e.body.includes('Чужа чернетка автора'), '“my drafts” are the editor’s own');
      assert.match(e.body, /Стаття на завтра[\s\S]*?Вийде: <time datetime="2030-01-07T12:05:00.000Z">7 січня 2030, 14:05<\/time>/);
    });

    test('the article list filters by status, mine and words, and pages', async () => {
      const user = await addUser(site.database, 'author');
      for (let i = 1; i <= 3; i++) await draft(site, user, `Список ${i}: енергетика`);
      const me = pageAs(app, await signInAs(app, user));
      const r = await me.get('/admin/articles?status=draft&mine=1&q=енергетика');
      assert.equal(r.statusCode, 200);
      for (let i = 1; i <= 3; i++) assert.ok(r.body.includes(`Список ${i}: енергетика`));
      assert.match(r.body, /<option value="draft" selected>/);
      assert.match(r.body, /name="mine" value="1" checked/);
      const none = await me.get('/admin/articles?status=published&mine=1');
      assert.ok(none.body.includes(uk.admin.articles.empty));
      const bad = await me.get('/admin/articles?status=nonsense&page=-3');
      assert.equal(bad.statusCode, 200, 'unknown filters are ignored');

      // Paging: 30 a page; the links keep the filters.
      for (let i = 4; i <= 31; i++) await draft(site, user, `Список ${i}: енергетика`);
      const first = await me.get('/admin/articles?mine=1&q=енергетика');
      const nextHref = /<a href="([^"]+)" rel="next">/.exec(first.body)?.[1];
      assert.equal(unescapeHtml(nextHref ?? ''), `/admin/articles?q=${encodeURIComponent('енергетика')}&mine=1&page=2`);
      const second = await me.get(unescapeHtml(nextHref!));
      assert.equal((second.body.match(/Список \d+: енергетика/g) ?? []).length, 1, 'one left for page two');
      assert.match(second.body, /rel="prev"/);
      assert.doesNotMatch(second.body, /rel="next"/);
    });

    test('the media library: an upload form that works without script, thumbnails, search', async () => {
      const user = await addUser(site.database, 'contributor');
      const c = await signInAs(app, user);
      const me = pageAs(app, c);
      const empty = await me.get('/admin/media');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<form method="post" action="\/admin\/media" enctype="multipart\/form-data">/);
      assert.equal(hiddenCsrf(empty.body), c.csrf);

      const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 90, b: 160 } } }).png().toBuffer();
      const fields = { caption: 'Міст Патона взимку', credit: 'Олег Верес', alt: 'Сталевий міст над замерзлим Дніпром' };
      const upload = (csrf: string | null, f: Record<string, string>, file: Buffer | null = png) => {
        const { body, type } = multipart({ ...(csrf ? { _csrf: csrf } : {}), ...f }, file);
        return app.inject({ method: 'POST', url: '/admin/media', headers: { cookie: c.cookie, 'content-type': type }, payload: body });
      };
      assert.equal((await upload(null, fields)).statusCode, 403, 'the form needs its CSRF token');
      const noCredit = await upload(c.csrf, { ...fields, credit: '' });
      assert.equal(noCredit.statusCode, 400);
      assert.ok(unescapeHtml(noCredit.body).includes(uk.admin.media.noCredit));
      assert.ok(noCredit.body.includes('value="Міст Патона взимку"'), 'what was typed is kept');
      const notImage = await upload(c.csrf, fields, Buffer.from('not an image at all'));
      assert.equal(notImage.statusCode, 415);

      const ok = await upload(c.csrf, fields);
      assert.equal(ok.statusCode, 303, ok.body);
      assert.match(String(ok.headers.location), /^\/admin\/media\?uploaded=new#media-\d+$/);
      const list = await me.get(String(ok.headers.location).split('#')[0]!);
      assert.ok(list.body.includes(uk.admin.media.uploaded));
      const src = /<img src="(\/media\/[0-9a-f]{2}\/[0-9a-f]{64}-w240\.webp)" alt="Сталевий міст над замерзлим Дніпром"/.exec(list.body)?.[1];
      assert.ok(src, 'the smallest WebP variant is the thumbnail');
      assert.equal((await app.inject({ method: 'GET', url: src })).statusCode, 200);
      assert.ok(list.body.includes('Олег Верес'));
      assert.ok((await me.get('/admin/media?q=' + encodeURIComponent('патона'))).body.includes(src), 'search by caption in any case');
      assert.ok(!(await me.get('/admin/media?q=' + encodeURIComponent('Хрещатик'))).body.includes(src));
    });

    test('users: an editor is refused; an admin invites a user whose one-time link is shown once and works once', async () => {
      const admin = await addUser(site.database, 'admin');
      const editor = await addUser(site.database, 'editor');
      const ed = pageAs(app, await signInAs(app, editor));
      assert.equal((await ed.get('/admin/users')).statusCode, 403);
      assert.equal((await ed.post('/admin/users', { email: 'x@example.com', name: 'X', role: 'admin' })).statusCode, 403);

      const ad = pageAs(app, await signInAs(app, admin));
      const list = await ad.get('/admin/users');
      assert.equal(list.statusCode, 200);
      assert.ok(list.body.includes(editor.email));
      assert.equal((await ad.post('/admin/users', { email: 'nocsrf@example.com', name: 'Без токена', role: 'author' }, { csrf: false })).statusCode, 403);

      const email = `reporter.${Date.now()}@example.com`;
      const created = await ad.post('/admin/users', { email, name: 'Оксана Репортерка', role: 'author' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.headers['referrer-policy'], 'no-referrer');
      const link = unescapeHtml(/class="secret">([^<]+)</.exec(created.body)?.[1] ?? '');
      assert.match(link, /^https:\/\/news\.example\.ua\/admin\/password\/[\w-]{43}$/, 'an invitation link on the site’s address is shown');
      assert.ok(!(await ad.get('/admin/users')).body.includes(link), 'and only once');
      const path = new URL(link).pathname;
      const invitation = await app.inject({ method: 'GET', url: path });
      assert.equal(invitation.statusCode, 200);
      assert.ok(unescapeHtml(invitation.body).includes(uk.admin.passwordLink.introInvite('Оксана Репортерка')));
      const chosen = 'моя власна фраза для входу';
      const accepted = await app.inject({ method: 'POST', url: path, headers: FORM, payload: form({ password: chosen, repeat: chosen }) });
      assert.deepEqual([accepted.statusCode, accepted.headers.location], [303, '/admin'], accepted.body);
      assert.match(String(accepted.headers['set-cookie']), /shpalta_session=[\w-]+/, 'signed in');
      assert.equal((await app.inject({ method: 'GET', url: path })).statusCode, 410, 'the link works once');
      const newUser = { ...editor, email, role: 'author' as const };
      const client = await signInAs(app, newUser, chosen);

      const taken = await ad.post('/admin/users', { email, name: 'Ще раз', role: 'author' });
      assert.equal(taken.statusCode, 409);
      assert.ok(unescapeHtml(taken.body).includes(uk.admin.users.emailTaken));

      const newId = (await site.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
      const role = await ad.post(`/admin/users/${newId}/role`, { role: 'editor' });
      assert.equal(role.statusCode, 303);
      assert.equal(role.headers.location, '/admin/users?done=role');
      const disabled = await ad.post(`/admin/users/${newId}/disable`);
      assert.equal(disabled.statusCode, 303);
      assert.equal((await client.request('GET', '/api/v1/admin/session')).status, 401, 'disabling ends the sessions');
      assert.equal((await ad.post(`/admin/users/${newId}/enable`)).statusCode, 303);
      const self = await ad.post(`/admin/users/${admin.id}/disable`);
      assert.equal(self.statusCode, 400, 'an admin cannot disable their own account');
    });

    test('the audit log: editors read it newest first, in words and names; contributors may not', async () => {
      const editor = await addUser(site.database, 'editor');
      const contributor = await addUser(site.database, 'contributor');
      const a = await draft(site, contributor, 'Стаття для журналу');
      const [section] = await ensureSectionPath(site.database.db, ['Журнал'], new Date());
      const ed = pageAs(app, await signInAs(app, editor));
      const edApi = await signInAs(app, editor);
      const opened = await edApi.request('GET', `/api/v1/admin/articles/${a.id}`);
      await edApi.request('PUT', `/api/v1/admin/articles/${a.id}`, { baseVersion: opened.json.article.version, article: { ...opened.json.article, sectionId: section!.id } });
      assert.equal((await edApi.request('POST', `/api/v1/admin/articles/${a.id}/transition`, { step: 'publish' })).status, 200);
      const r = await ed.get('/admin/audit');
      assert.equal(r.statusCode, 200);
      const body = unescapeHtml(r.body);
      assert.ok(body.includes('Створення статті') && body.includes('Публікація'), 'actions in words');
      assert.ok(body.includes(`<a href="/admin/articles/${a.id}">Стаття для журналу</a>`), 'the article by its title');
      assert.ok(body.includes('Чернетка → Опубліковано'), 'statuses by name');
      assert.ok(!/<code>article\./.test(body) && !/\barticle \d+/.test(body), 'no keys, no ids');
      assert.ok(r.body.includes(contributor.name));
      const co = pageAs(app, await signInAs(app, contributor));
      const refused = await co.get('/admin/audit');
      assert.equal(refused.statusCode, 403);
      assert.ok(unescapeHtml(refused.body).includes(uk.admin.errors.forbidden));
    });

    test('signing out ends the session; signing out everywhere ends them all', async () => {
      const user = await addUser(site.database, 'author');
      const c = await signInAs(app, user);
      const me = pageAs(app, c);
      assert.equal((await me.post('/admin/logout', {}, { csrf: false })).statusCode, 403, 'the form needs its token');
      const out = await me.post('/admin/logout');
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/admin/login?out=1');
      assert.match(setCookies(out.headers).find((s) => s.startsWith('shpalta_session='))!, /Max-Age=0/);
      assert.equal((await me.get('/admin')).statusCode, 303, 'the old cookie no longer works');

      const one = await signInAs(app, user);
      const two = await signInAs(app, user);
      const all = await pageAs(app, one).post('/admin/logout-everywhere');
      assert.equal(all.statusCode, 303);
      assert.equal(all.headers.location, '/admin/login?out=all');
      assert.equal((await pageAs(app, two).get('/admin')).statusCode, 303);
      const bye = await app.inject({ method: 'GET', url: '/admin/login?out=all' });
      assert.ok(bye.body.includes(uk.admin.login.signedOutEverywhere));
    });
  });
}

const unavailable = chromiumUnavailable();

describe('admin pages in Chromium (axe-core)', { skip: unavailable && !process.env.CI ? `${unavailable}; skipping` : false, timeout: 120_000 }, () => {
  let browser: Browser | undefined;
  let site: TestSite;
  let base: string;
  before(async () => {
    if (unavailable) throw new Error(unavailable);
    ({ site, base } = await serveSite(testDatabases[0]!, []));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  test('the sign-in form and the dashboard, by keyboard, without serious WCAG violations', async () => {
    const user = await addUser(site.database, 'admin', { name: 'Марія Редакторка' });
    await draft(site, user, 'Чернетка для перевірки доступності');
    const tab = await openTab(browser!);
    try {
      const { page } = tab;
      await visit(page, `${base}/admin`);
      assert.equal(new URL(page.url()).pathname, '/admin/login');
      assert.deepEqual(describeSerious(await axeViolations(page)), [], 'the sign-in form');
      const focused = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id);
      assert.equal(await focused(), 'email', 'the form starts at the email');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'password', 'then the password');
      await page.getByLabel('Електронна пошта').fill(user.email);
      await page.getByLabel('Пароль').fill(PASSWORD);
      await page.getByLabel('Пароль').press('Enter');
      await page.waitForURL(`${base}/admin`);
      await page.waitForLoadState('networkidle');
      assert.ok(await page.getByRole('link', { name: 'Чернетка для перевірки доступності' }).isVisible());
      assert.deepEqual(describeSerious(await axeViolations(page)), [], 'the dashboard');
      await page.setViewportSize({ width: 360, height: 740 });
      assert.deepEqual(describeSerious(await axeViolations(page)), [], 'the dashboard on a phone');
      const scrollWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= 360, `no sideways scrolling on a phone (${scrollWidth}px)`);
      for (const path of ['/admin/articles', '/admin/media', '/admin/users', '/admin/audit', '/admin/account']) {
        await visit(page, `${base}${path}`);
        assert.deepEqual(describeSerious(await axeViolations(page)), [], path);
      }
      const logout = page.getByRole('button', { name: uk.admin.logout, exact: true });
      await logout.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/admin/login?out=1`);
      assert.deepEqual(tab.problems, []);
    } finally {
      await tab.context.close();
    }
  });
});
