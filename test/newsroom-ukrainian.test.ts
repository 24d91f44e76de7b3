import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';

after(closeTestSites);

/** Said in Ukrainian: Cyrillic, and no English phrase (two lowercase Latin words a space apart) past the field's path. */
function assertUkrainian(message: unknown, what: string) {
  assert.equal(typeof message, 'string', what);
  const text = (message as string).replace(/^[\w.[\]]+: /, '');
  assert.match(text, /[а-яіїєґ]/i, `${what}: '${message}'`);
  assert.doesNotMatch(text, /\b[a-z]{2,} [a-z]{2,}\b/, `${what}: '${message}' has English in it`);
}

for (const tdb of testDatabases) {
  describe(`no English message reaches the editor (${tdb.dialect})`, () => {
    test('every kind of error the newsroom API answers is said in Ukrainian', async () => {
      const file = writePlainArticle(tempDir(), 'seed.txt', { crumbs: 'Головна Світ', title: 'Опублікована стаття', date: '2026-11-20 10:00' });
      const site = await openSite(tdb, [file]);
      const app = site.app;
      const editor = await signInAs(app, await addUser(site.database, 'editor'));
      const contributor = await signInAs(app, await addUser(site.database, 'contributor'));
      const created = await editor.request('POST', '/api/v1/admin/articles', { title: 'Чернетка' });
      const { id, version } = created.json.article as { id: number; version: number };
      const raw = (method: string, url: string, headers: Record<string, string>, payload?: string | Buffer) =>
        app.inject({ method: method as 'POST', url, headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrf, ...headers }, ...(payload !== undefined ? { payload } : {}) }).then((r) => ({ status: r.statusCode, json: r.json() }));
      const multipart = (name: string, data: Buffer) => {
        const b = 'shpalta-boundary';
        const body = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="credit"\r\n\r\nФото: редакція\r\n--${b}\r\nContent-Disposition: form-data; name="alt"\r\n\r\nОпис\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`), data, Buffer.from(`\r\n--${b}--\r\n`)]);
        return raw('POST', '/api/v1/admin/media', { 'content-type': `multipart/form-data; boundary=${b}` }, body);
      };

      const cases: Array<[string, Promise<{ status: number; json: any }>, string]> = [
        ['a field too long (zod)', editor.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: version, article: { title: 'Д'.repeat(301) } }), 'INVALID_INPUT'],
        ['a message the schema states (a photo without credit)', editor.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: version, article: { title: 'Т', photo: { mediaId: 1, credit: '' } } }), 'INVALID_INPUT'],
        ['a value not among the allowed', editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'jump' }), 'INVALID_INPUT'],
        ['a record that does not exist', editor.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: version, article: { title: 'Т', sectionId: 99_999 } }), 'INVALID_INPUT'],
        ['a step the article is not ready for', editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'publish' }), 'INVALID_INPUT'],
        ['a step its status does not allow', editor.request('POST', `/api/v1/admin/articles/${id}/transition`, { step: 'unpublish' }), 'INVALID_TRANSITION'],
        ['an empty note', editor.request('POST', `/api/v1/admin/articles/${id}/notes`, { body: '   ' }), 'INVALID_INPUT'],
        ['a stale version', editor.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: version + 5, article: { title: 'Т' } }), 'VERSION_CONFLICT'],
        ['a flag only editors set', contributor.request('POST', '/api/v1/admin/articles', { title: 'Моя', isMain: true }), 'FORBIDDEN'],
        ['a page of another role', contributor.request('GET', '/api/v1/admin/users'), 'FORBIDDEN'],
        ['an article that does not exist', editor.request('GET', '/api/v1/admin/articles/999999'), 'NOT_FOUND'],
        ['a route that does not exist', editor.request('GET', '/api/v1/admin/nothing-here'), 'ROUTE_NOT_FOUND'],
        ['no CSRF token', editor.request('POST', '/api/v1/admin/articles', { title: 'Т' }, { csrf: false }), 'CSRF_TOKEN'],
        ['no session', app.inject({ method: 'GET', url: '/api/v1/admin/articles' }).then((r) => ({ status: r.statusCode, json: r.json() })), 'UNAUTHENTICATED'],
        ['a wrong password', app.inject({ method: 'POST', url: '/api/v1/admin/session', payload: { email: editor.user.email, password: `${PASSWORD}!` } }).then((r) => ({ status: r.statusCode, json: r.json() })), 'BAD_CREDENTIALS'],
        ['a body that is not JSON (Fastify)', raw('POST', '/api/v1/admin/articles', { 'content-type': 'application/json' }, '{"title":'), 'INVALID_INPUT'],
        ['an empty JSON body (Fastify)', raw('POST', `/api/v1/admin/articles/${id}/notes`, { 'content-type': 'application/json' }, ''), 'INVALID_INPUT'],
        ['a body of another type (Fastify)', raw('POST', '/api/v1/admin/articles', { 'content-type': 'application/xml' }, '<title>заголовок</title>'), 'UNSUPPORTED_CONTENT_TYPE'],
        ['a body over the limit (Fastify)', raw('POST', '/api/v1/admin/articles', { 'content-type': 'application/json' }, JSON.stringify({ title: 'я'.repeat(1_200_000) })), 'PAYLOAD_TOO_LARGE'],
        ['a URL that does not decode', raw('GET', '/api/v1/admin/articles/%E0%A4%A', {}), 'BAD_URL'],
        ['an upload that is no image', multipart('photo.jpg', Buffer.from('це текст, а не фото')), 'UNSUPPORTED_MEDIA'],
      ];
      for (const [what, request, code] of cases) {
        const r = await request;
        assert.equal(r.json?.error?.code, code, `${what}: ${JSON.stringify(r.json)}`);
        assertUkrainian(r.json.error.message, what);
      }
    });
  });
}
