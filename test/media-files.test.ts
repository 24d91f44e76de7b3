import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { localMediaStore } from '../src/storage/media-store.js';
import { demoDir, tempDir, testDatabases } from './helpers/databases.js';
import { closeTestSites, openSite, type TestSite } from './helpers/site.js';

after(closeTestSites);

type Headers = Record<string, unknown>;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The security headers every answer of the reader's site carries (security-headers.ts). */
function assertSecurityHeaders(h: Headers, what: string) {
  assert.equal(h['x-content-type-options'], 'nosniff', what);
  assert.equal(h['x-frame-options'], 'DENY', what);
  assert.match(String(h['content-security-policy']), /frame-ancestors 'none'/, what);
  assert.equal(h['referrer-policy'], 'strict-origin-when-cross-origin', what);
  assert.equal(h['strict-transport-security'], 'max-age=31536000', what);
  assert.ok(h['x-request-id'], what);
}

for (const tdb of testDatabases) {
  describe(`media files (${tdb.dialect})`, () => {
    let site!: TestSite;
    let url!: string;
    let bytes!: Buffer;
    const get = (headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET', at = url) => site.app.inject({ method, url: at, headers });
    before(async () => {
      site = await openSite(tdb, [demoDir]);
      const page = await site.app.inject({ method: 'GET', url: site.imported[0]!.path });
      url = /<img src="(\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg)"/.exec(page.body)![1]!;
      const file = path.join(site.mediaDir, url.slice('/media/'.length));
      bytes = fs.readFileSync(file);
      assert.ok(bytes.length > 1000, 'a real photo');
    });

    test('a file is sent whole with its type, a year of caching, its name as a strong ETag and the security headers; HEAD without the bytes', async () => {
      const r = await get();
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.rawPayload, bytes);
      assert.equal(r.headers['content-type'], 'image/jpeg');
      assert.equal(r.headers['cache-control'], IMMUTABLE);
      assert.equal(r.headers['content-length'], String(bytes.length));
      assert.equal(r.headers['accept-ranges'], 'bytes');
      // The name is the content: the same tag on every machine and in every store.
      assert.equal(r.headers.etag, `"${path.basename(url)}"`);
      assert.equal(r.headers['content-encoding'], undefined, 'a JPEG is not compressed again');
      assertSecurityHeaders(r.headers, 'a media file');
      const head = await get({}, 'HEAD');
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
      for (const name of ['content-type', 'cache-control', 'content-length', 'etag', 'accept-ranges']) assert.equal(head.headers[name], r.headers[name], `HEAD ${name}`);
      const webp = await get({}, 'GET', url.replace(/\.jpg$/, '-w240.webp'));
      assert.deepEqual([webp.statusCode, webp.headers['content-type']], [200, 'image/webp']);
    });

    test('Range: one range is a 206 of those bytes, a range past the end a 416, several ranges the whole file', async () => {
      const size = bytes.length;
      const part = async (range: string, start: number, end: number) => {
        const r = await get({ range });
        assert.equal(r.statusCode, 206, range);
        assert.equal(r.headers['content-range'], `bytes ${start}-${end}/${size}`, range);
        assert.equal(r.headers['content-length'], String(end - start + 1), range);
        assert.deepEqual(r.rawPayload, bytes.subarray(start, end + 1), range);
        assert.equal(r.headers['content-type'], 'image/jpeg', range);
        assert.equal(r.headers['cache-control'], IMMUTABLE, range);
        assertSecurityHeaders(r.headers, range);
        return r;
      };
      await part('bytes=0-99', 0, 99);
      await part('bytes=100-', 100, size - 1);
      await part('bytes=-10', size - 10, size - 1);
      await part(`bytes=${size - 5}-${size + 1000}`, size - 5, size - 1);
      // Ranges are defined for GET only (RFC 9110 §14.2): HEAD tells of the whole file.
      const headPart = await get({ range: 'bytes=0-9' }, 'HEAD');
      assert.deepEqual([headPart.statusCode, headPart.headers['content-range'], headPart.headers['content-length'], headPart.body], [200, undefined, String(size), '']);

      for (const range of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`]) {
        const r = await get({ range });
        assert.equal(r.statusCode, 416, range);
        assert.equal(r.headers['content-range'], `bytes */${size}`, range);
        assert.equal(r.body, '', range);
        assert.equal(r.headers['cache-control'], undefined, `${range}: a refusal is nothing to cache for a year`);
        assertSecurityHeaders(r.headers, range);
      }
      for (const range of ['bytes=0-9,20-29', 'lines=1-2']) {
        const r = await get({ range });
        assert.equal(r.statusCode, 200, range);
        assert.deepEqual(r.rawPayload, bytes, range);
      }
      // If-Range: the part only while the file is still the one the client has a part of.
      const whole = (await get()).headers;
      const r = await get({ range: 'bytes=0-99', 'if-range': String(whole.etag) });
      assert.deepEqual([r.statusCode, r.headers['content-range']], [206, `bytes 0-99/${size}`], 'If-Range with its ETag');
      // A date is no proof of the same bytes on another machine: the whole file.
      for (const ifRange of ['"another-version"', new Date().toUTCString()]) {
        const stale = await get({ range: 'bytes=0-99', 'if-range': ifRange });
        assert.equal(stale.statusCode, 200, ifRange);
        assert.deepEqual(stale.rawPayload, bytes, ifRange);
      }
    });

    test('If-None-Match with its ETag (or *) answers 304 without the bytes, from a folder and a bucket alike', async () => {
      const first = await get();
      const etag = String(first.headers.etag);
      for (const [what, headers] of [
        ['its ETag', { 'if-none-match': etag }],
        ['its ETag among others', { 'if-none-match': `"x", ${etag}` }],
        ['*', { 'if-none-match': '*' }],
      ] as const) {
        const r = await get(headers);
        assert.equal(r.statusCode, 304, what);
        assert.equal(r.body, '', what);
        assert.equal(r.headers.etag, etag, what);
        assert.equal(r.headers['cache-control'], IMMUTABLE, what);
        assertSecurityHeaders(r.headers, what);
      }
      assert.equal((await get({ 'if-none-match': '"another-version"' })).statusCode, 200);
      assert.equal((await get({ 'if-none-match': etag }, 'HEAD')).statusCode, 304);
    });

    test('no way out of the media folder: a path that leaves it, a folder, or a name not of a media file is the site’s 404', async () => {
      // Something to reach, were the way open: a file beside the media folder.
      const name = `${'f'.repeat(64)}.jpg`;
      const beside = path.join(path.dirname(site.mediaDir), name);
      fs.writeFileSync(beside, 'secret');
      try {
        const dir = url.split('/')[2]!;
        for (const at of [
          '/media/..%2f..%2f/etc%2fpasswd',
          `/media/..%2f/${name}`,
          `/media/%2e%2e/${name}`,
          `/media/00/..%2f${name}`,
          `/media/00/%2e%2e%2f${name}`,
          `/media/00/..%5c${name}`,
          `/media/${dir}/..%2f..%2f${name}`,
          `/media/../${name}`,
          `/media/${dir}`,
          `/media/${dir}/`,
          `/media/00/${'0'.repeat(64)}.jpg`,
          `/media/${dir}/.${path.basename(url)}`,
          `${url}.txt`,
          url.replace('.jpg', '.JPG').replace(/[0-9a-f]{64}/, (h) => h.toUpperCase()),
        ]) {
          const r = await get({}, 'GET', at);
          assert.equal(r.statusCode, 404, at);
          assert.match(String(r.headers['content-type']), /^text\/html/, `${at}: the site’s own 404 page`);
          assert.doesNotMatch(r.body, /secret/, at);
        }
      } finally {
        fs.rmSync(beside, { force: true });
      }
    });
  });
}

test('the local media store reads only files inside its folder, whatever key it is given', async () => {
  const root = tempDir();
  const media = path.join(root, 'media');
  fs.mkdirSync(path.join(media, 'ab'), { recursive: true });
  fs.writeFileSync(path.join(media, 'ab', 'photo.jpg'), 'inside');
  fs.writeFileSync(path.join(media, 'ab', '%41.jpg'), 'percent');
  fs.writeFileSync(path.join(root, 'secret.jpg'), 'secret');
  const store = localMediaStore(media);
  const read = async (key: string) => {
    try {
      const r = await store.open(key);
      if (!r || r.kind !== 'body') return 'none';
      const chunks: Buffer[] = [];
      for await (const c of r.body) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString();
    } catch {
      return 'refused';
    }
  };
  assert.equal(await read('ab/photo.jpg'), 'inside');
  assert.equal(await read('ab/%41.jpg'), 'percent', "a '%' in a key is itself, not an escape");
  for (const key of ['../secret.jpg', 'ab/../../secret.jpg', '/../secret.jpg', path.join(root, 'secret.jpg'), 'ab/missing.jpg']) {
    assert.ok(['none', 'refused'].includes(await read(key)), JSON.stringify(key));
  }
});
