import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { ERROR_CATALOGUE, isErrorCode, type ErrorCode } from '../src/core/errors.js';
import { testDatabases } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, type TestSite } from './helpers/site.js';

after(closeTestSites);

/** What a client sends wrong, and the catalogue's answer to it. */
interface BadRequest {
  name: string;
  request: InjectOptions;
  code: ErrorCode;
  field?: string;
}

const json = { 'content-type': 'application/json' };
const overMb = (n = 1.1) => 'x'.repeat(Math.ceil(n * 1024 * 1024));
const multipart = (boundary: string, parts: Array<{ name: string; filename?: string; body: string }>, close = true) =>
  parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n\r\n${p.body}\r\n`).join('') + (close ? `--${boundary}--\r\n` : '');

/** An answer that a client may rely on: JSON, a catalogue code with its status, and nothing of Fastify's own. */
function assertCatalogueAnswer(what: string, r: { statusCode: number; headers: Record<string, unknown>; body: string }, code: ErrorCode, field?: string) {
  assert.doesNotMatch(r.body, /FST_/, `${what}: ${r.body}`);
  assert.match(String(r.headers['content-type']), /^application\/json; charset=utf-8$/, `${what}: ${r.body.slice(0, 200)}`);
  const { error } = JSON.parse(r.body) as { error: { code: string; message: string; field?: string } };
  assert.ok(isErrorCode(error.code), `${what}: ${error.code} is in the catalogue`);
  assert.deepEqual([r.statusCode, error.code, error.field], [ERROR_CATALOGUE[code].status, code, field], `${what}: ${r.body}`);
  assert.ok(error.message.length > 0, what);
  assert.deepEqual(Object.keys(error).sort(), field ? ['code', 'field', 'message'] : ['code', 'message'], what);
}

const MAX_UPLOAD = 64 * 1024;

for (const tdb of testDatabases) {
  describe(`errors of Fastify and its plugins reach API clients as catalogue codes (${tdb.dialect})`, () => {
    let site: TestSite;
    const ready = (async () => {
      site = await openSite(tdb, [], { maxUploadBytes: MAX_UPLOAD });
      const c = await signInAs(site.app, await addUser(site.database, 'editor'));
      return { cookie: c.cookie, 'x-csrf-token': c.csrf };
    })();

    test('the newsroom API: malformed, empty and oversized bodies, wrong content types, broken forms and URLs', async () => {
      const auth = await ready;
      const post = (url: string, headers: Record<string, string>, payload: string, method: InjectOptions['method'] = 'POST'): InjectOptions => ({ method, url, headers: { ...auth, ...headers }, payload });
      const cases: BadRequest[] = [
        { name: 'malformed JSON', request: post('/api/v1/admin/articles', json, '{"title": "Саміт'), code: 'INVALID_INPUT' },
        { name: 'JSON that is not one value', request: post('/api/v1/admin/articles', json, '{} {}'), code: 'INVALID_INPUT' },
        { name: 'an empty JSON body', request: post('/api/v1/admin/articles', json, ''), code: 'INVALID_INPUT' },
        { name: 'a __proto__ key', request: post('/api/v1/admin/articles', json, '{"__proto__": {"isAdmin": true}}'), code: 'INVALID_INPUT' },
        { name: 'malformed JSON to PATCH', request: post('/api/v1/admin/media/1', json, '[', 'PATCH'), code: 'INVALID_INPUT' },
        { name: 'malformed JSON to the sign-in', request: { method: 'POST', url: '/api/v1/admin/session', headers: json, payload: '{"email":' }, code: 'INVALID_INPUT' },
        { name: 'XML', request: post('/api/v1/admin/articles', { 'content-type': 'application/xml' }, '<article/>'), code: 'UNSUPPORTED_CONTENT_TYPE' },
        { name: 'a content type that does not parse', request: post('/api/v1/admin/articles', { 'content-type': ';;;' }, '{}'), code: 'UNSUPPORTED_CONTENT_TYPE' },
        { name: 'XML to the sign-in', request: { method: 'POST', url: '/api/v1/admin/session', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }, code: 'UNSUPPORTED_CONTENT_TYPE' },
        { name: 'a form to the sign-in', request: { method: 'POST', url: '/api/v1/admin/session', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a&password=b' }, code: 'JSON_REQUIRED' },
        { name: 'JSON over 1 MB', request: post('/api/v1/admin/articles', json, JSON.stringify({ title: overMb() })), code: 'PAYLOAD_TOO_LARGE' },
        { name: 'a form over 1 MB', request: post('/api/v1/admin/articles', { 'content-type': 'application/x-www-form-urlencoded' }, `title=${overMb()}`), code: 'PAYLOAD_TOO_LARGE' },
        { name: 'a sign-in over 1 MB', request: { method: 'POST', url: '/api/v1/admin/session', headers: json, payload: JSON.stringify({ email: overMb() }) }, code: 'PAYLOAD_TOO_LARGE' },
        { name: 'multipart without a boundary', request: post('/api/v1/admin/media', { 'content-type': 'multipart/form-data' }, 'garbage'), code: 'INVALID_INPUT', field: 'file' },
        { name: 'multipart cut off', request: post('/api/v1/admin/media', { 'content-type': 'multipart/form-data; boundary=b0' }, multipart('b0', [{ name: 'file', filename: 'a.jpg', body: 'abc' }], false).slice(0, -2)), code: 'INVALID_INPUT', field: 'file' },
        { name: 'multipart with another boundary', request: post('/api/v1/admin/media', { 'content-type': 'multipart/form-data; boundary=b1' }, multipart('b2', [{ name: 'file', filename: 'a.jpg', body: 'abc' }])), code: 'INVALID_INPUT', field: 'file' },
        { name: 'multipart with two files', request: post('/api/v1/admin/media', { 'content-type': 'multipart/form-data; boundary=b3' }, multipart('b3', [{ name: 'file', filename: 'a.jpg', body: 'a' }, { name: 'file', filename: 'b.jpg', body: 'b' }])), code: 'INVALID_INPUT', field: 'input' },
        { name: 'multipart over the upload limit', request: post('/api/v1/admin/media', { 'content-type': 'multipart/form-data; boundary=b4' }, multipart('b4', [{ name: 'file', filename: 'a.jpg', body: 'x'.repeat(MAX_UPLOAD + 1) }])), code: 'PAYLOAD_TOO_LARGE', field: 'file' },
        { name: 'multipart with too many fields', request: post('/api/v1/admin/media', { 'content-type': 'multipart/form-data; boundary=b5' }, multipart('b5', Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, body: 'x' })))), code: 'INVALID_INPUT', field: 'input' },
        { name: 'a URL that does not decode', request: { method: 'GET', url: '/api/v1/admin/articles/%E0%A4%A', headers: auth }, code: 'BAD_URL' },
        { name: 'malformed JSON to no route', request: post('/api/v1/admin/nope', json, '{'), code: 'ROUTE_NOT_FOUND' },
        { name: 'a body over 1 MB to no route', request: post('/api/v1/admin/nope', json, overMb()), code: 'ROUTE_NOT_FOUND' },
      ];
      for (const c of cases) assertCatalogueAnswer(c.name, await site.app.inject(c.request), c.code, c.field);
    });

    test('the public API: bodies to routes that take none, wrong content types, broken forms and URLs', async () => {
      await ready;
      const cases: BadRequest[] = [
        { name: 'malformed JSON', request: { method: 'POST', url: '/api/v1/articles', headers: json, payload: '{"a":' }, code: 'ROUTE_NOT_FOUND' },
        { name: 'an empty JSON body', request: { method: 'PUT', url: '/api/v1/articles/1', headers: json, payload: '' }, code: 'ROUTE_NOT_FOUND' },
        { name: 'XML', request: { method: 'POST', url: '/api/v1/search', headers: { 'content-type': 'application/xml' }, payload: '<q/>' }, code: 'ROUTE_NOT_FOUND' },
        { name: 'a body over 1 MB', request: { method: 'DELETE', url: '/api/v1/articles/1', headers: json, payload: overMb(2) }, code: 'ROUTE_NOT_FOUND' },
        { name: 'broken multipart', request: { method: 'POST', url: '/api/v1/articles', headers: { 'content-type': 'multipart/form-data; boundary=z' }, payload: '--z\r\ngarbage' }, code: 'ROUTE_NOT_FOUND' },
        { name: 'a URL that does not decode', request: { method: 'GET', url: '/api/v1/articles/%zz' }, code: 'BAD_URL' },
        { name: 'a lone %', request: { method: 'GET', url: '/api/v1/articles/1%' }, code: 'BAD_URL' },
      ];
      for (const c of cases) assertCatalogueAnswer(c.name, await site.app.inject(c.request), c.code, c.field);
      // A body on a route that reads none is not read at all.
      const withBody = await site.app.inject({ method: 'GET', url: '/api/v1/articles', headers: json, payload: '{' });
      assert.equal(withBody.statusCode, 200, withBody.body);
    });

    test('over a real socket: a body declared far over the limit, and JSON cut off', async () => {
      const auth = await ready;
      await site.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = site.app.server.address() as AddressInfo;
      // Written without closing our side (a half-closed request is dropped by node:http), read
      // until the server closes (connection: close). The server may answer before the body is
      // all sent, and close while we still write: a reset after the answer is no failure.
      const send = (head: string, body: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.write(`${head}\r\n\r\n${body}`));
          let answer = '';
          socket.setEncoding('utf8').on('data', (d: string) => (answer += d));
          socket.on('error', (e) => (answer ? undefined : reject(e))).on('close', () => resolve(answer));
          socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
        });
      const answerOf = (raw: string) => {
        const [head, ...rest] = raw.split('\r\n\r\n');
        const lines = head!.split('\r\n');
        const headers = Object.fromEntries(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const body = rest.join('\r\n\r\n');
        // Chunked or not, the JSON is the one line that starts with '{'.
        return { statusCode: Number(lines[0]!.split(' ')[1]), headers, body: body.split('\r\n').find((l) => l.startsWith('{')) ?? body };
      };
      const cookies = `cookie: ${auth.cookie}\r\nx-csrf-token: ${auth['x-csrf-token']}`;
      const declared = 'POST /api/v1/admin/articles HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json';
      const huge = await send(`${declared}\r\n${cookies}\r\ncontent-length: 3000000`, `{"title":"${'x'.repeat(1_200_000)}`);
      assertCatalogueAnswer('a declared 3 MB body', answerOf(huge), 'PAYLOAD_TOO_LARGE');
      const unparseable = await send(`${declared}\r\n${cookies}\r\ncontent-length: 9`, '{"title":');
      assertCatalogueAnswer('a JSON body cut off', answerOf(unparseable), 'INVALID_INPUT');
    });
  });
}
