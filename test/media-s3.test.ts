import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { ShpaltaApp } from '../src/server/app.js';
import { s3MediaStore } from '../src/storage/media-store-s3.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs, type Client } from './helpers/newsroom.js';
import { S3_CREDENTIALS, startS3, type TestS3 } from './helpers/s3.js';
import { freePort } from './helpers/servers.js';
import { closeTestSites, openSite, unescapeHtml, writePlainArticle, type TestSite } from './helpers/site.js';
import { uk } from '../src/core/i18n/uk.js';
import { richText } from '../src/core/rich-text.js';

/**
 * MEDIA_STORE=s3://…: uploads, their copies and crops, and the media route, against a real
 * S3-protocol server started in this process. The CLI's side (serve, import, media migrate,
 * backup) is in media-s3-cli.test.ts.
 */

let s3: TestS3;
before(async () => {
  s3 = await startS3();
});
after(closeTestSites);
after(() => s3?.stop());

const META = { caption: 'Зупинка на Лівому березі', credit: 'Олена Коваль / Шпальта', alt: 'Новий павільйон зупинки з електронним табло' };

/** A photo-like JPEG (noise does not compress away, so it is big enough to cut ranges from). */
async function photo(width = 800, height = 500, seed = 7): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < raw.length; i++) raw[i] = (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer();
}

/**
 * POST /api/v1/admin/media as the editor's script sends it (multipart/form-data), or with
 * `form` the library page's form without script (its CSRF token a field).
 */
async function upload(app: ShpaltaApp, c: Client, data: Buffer, o: { form?: boolean } = {}) {
  const boundary = `----shpalta${Math.random().toString(16).slice(2)}`;
  const part = (head: string, body: Buffer | string) => [Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')];
  const fields = { ...(o.form ? { _csrf: c.csrf } : {}), ...META };
  const payload = Buffer.concat([
    ...Object.entries(fields).flatMap(([name, value]) => part(`Content-Disposition: form-data; name="${name}"`, value)),
    ...part('Content-Disposition: form-data; name="file"; filename="zupynka.jpg"\r\nContent-Type: image/jpeg', data),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: c.cookie, ...(o.form ? {} : { 'x-csrf-token': c.csrf }) };
  const r = await app.inject({ method: 'POST', url: o.form ? '/admin/media' : '/api/v1/admin/media', headers, payload });
  return { status: r.statusCode, headers: r.headers, body: r.body, json: (o.form ? null : r.json()) as { media: { id: number; url: string; variantWidths: number[] }; error: { code: string; message: string } } };
}

/** A site whose media are in `media` (a bucket), with the section Київ and a signed-in editor. */
async function newsroom(tdb: (typeof testDatabases)[number], options: Parameters<typeof openSite>[2] = {}): Promise<{ site: TestSite; editor: Client; sectionId: number }> {
  const seed = writePlainArticle(tempDir(), 'seed.txt', { crumbs: 'Головна Київ', date: '2026-11-20 10:00' });
  const site = await openSite(tdb, [seed], options);
  const section = await site.database.db.selectFrom('sections').select('id').where('path', '=', 'kyiv').executeTakeFirstOrThrow();
  const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
  return { site, editor, sectionId: section.id };
}

const draft = (sectionId: number, photo?: { mediaId: number }) => ({
  title: 'На Лівому березі встановили нові павільйони',
  lead: 'Нові зупинки мають електронні табло і пандуси.',
  body: [{ type: 'paragraph', content: richText('Роботи завершили до кінця квітня.') }],
  sectionId,
  ...(photo ? { photo: { ...photo, caption: META.caption, credit: META.credit } } : {}),
});

/** What a reader's request gets, without the headers that differ on every answer. */
async function fetchMedia(app: ShpaltaApp, url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') {
  const r = await app.inject({ method, url, headers });
  const { date: _date, 'x-request-id': _id, connection: _c, ...rest } = r.headers;
  return { status: r.statusCode, headers: rest, body: r.rawPayload };
}

/** The copies and crops ingest makes of an 800 px wide original, beside it. */
const derivedOf = (key: string) => [240, 360, 480, 720].map((w) => key.replace(/\.jpg$/, `-w${w}.webp`)).concat(['16x9', '4x3', '1x1'].map((r) => key.replace(/\.jpg$/, `-${r}.jpg`)));

for (const tdb of testDatabases) {
  describe(`media in an S3 bucket (${tdb.dialect})`, () => {
    test('an upload through the newsroom API lands in the bucket with its copies and crops; the published article and every copy are served from there', async () => {
      const prefix = `upload-${tdb.dialect}`;
      const { site, editor, sectionId } = await newsroom(tdb, { media: s3.store(prefix) });
      const bytes = await photo();
      const up = await upload(site.app, editor, bytes);
      assert.equal(up.status, 201, JSON.stringify(up.json));
      const key = up.json.media.url.slice('/media/'.length);

      assert.deepEqual(await s3.keys(`${prefix}/`), [key, ...derivedOf(key)].map((k) => `${prefix}/${k}`).sort());
      assert.deepEqual(fs.readdirSync(site.mediaDir), [], 'nothing on this machine’s disk');
      const head = await s3.head(`${prefix}/${key}`);
      assert.deepEqual([head?.type, head?.cacheControl], ['image/jpeg', 'public, max-age=31536000, immutable'], 'a CDN in front of the bucket may keep it a year too');

      const created = await editor.request('POST', '/api/v1/admin/articles', draft(sectionId, { mediaId: up.json.media.id }));
      assert.equal(created.status, 201, created.body);
      const published = await editor.request('POST', `/api/v1/admin/articles/${created.json.article.id}/transition`, { step: 'publish' });
      assert.equal(published.status, 200, published.body);
      const page = await site.app.inject({ method: 'GET', url: published.json.article.url });
      assert.equal(page.statusCode, 200);
      const urls = [...new Set(page.body.match(/\/media\/[0-9a-f]{2}\/[0-9a-f]{64}[-\w]*\.(?:jpg|webp)/g))];
      const hash = key.slice(3, 67);
      assert.ok(urls.length >= 4 && urls.every((u) => u.includes(hash)), `the page shows the photo through its copies: ${urls.join(' ')}`);
      for (const url of urls) {
        const r = await fetchMedia(site.app, url);
        assert.equal(r.status, 200, url);
        assert.deepEqual(r.body, await s3.object(`${prefix}/${url.slice('/media/'.length)}`), `${url} is the object in the bucket`);
      }
    });

    test('readers see the same from a bucket as from a folder: whole files, ranges, ETags and 304s, HEAD, 416 and 404', async () => {
      const bytes = await photo(800, 500, 11);
      const inBucket = await newsroom(tdb, { media: s3.store(`same-${tdb.dialect}`) });
      const onDisk = await newsroom(tdb);
      const a = await upload(inBucket.site.app, inBucket.editor, bytes);
      const b = await upload(onDisk.site.app, onDisk.editor, bytes);
      assert.equal(a.json.media.url, b.json.media.url, 'the same content, the same name');
      const url = a.json.media.url;
      const variant = url.replace(/\.jpg$/, '-w360.webp');
      const whole = await fetchMedia(inBucket.site.app, url);
      const size = whole.body.length;
      const etag = String(whole.headers.etag);

      assert.equal(whole.status, 200);
      assert.equal(whole.headers['content-type'], 'image/jpeg');
      assert.equal(whole.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(whole.headers['content-length'], String(size));
      assert.equal(whole.headers['accept-ranges'], 'bytes');
      assert.match(etag, /^"[0-9a-f]{64}\.jpg"$/);

      const first = await fetchMedia(inBucket.site.app, url, { range: 'bytes=0-99' });
      assert.deepEqual([first.status, first.headers['content-range'], first.headers['content-length']], [206, `bytes 0-99/${size}`, '100']);
      assert.deepEqual(first.body, whole.body.subarray(0, 100));
      const last = await fetchMedia(inBucket.site.app, url, { range: 'bytes=-10' });
      assert.deepEqual([last.status, last.headers['content-range']], [206, `bytes ${size - 10}-${size - 1}/${size}`]);
      assert.deepEqual(last.body, whole.body.subarray(size - 10));
      const rest = await fetchMedia(inBucket.site.app, url, { range: `bytes=${size - 5}-` });
      assert.deepEqual(rest.body, whole.body.subarray(size - 5));
      const past = await fetchMedia(inBucket.site.app, url, { range: `bytes=${size}-` });
      assert.deepEqual([past.status, past.headers['content-range']], [416, `bytes */${size}`]);
      assert.equal((await fetchMedia(inBucket.site.app, url, { 'if-none-match': etag })).status, 304);
      assert.equal((await fetchMedia(inBucket.site.app, url, { range: 'bytes=0-9', 'if-range': '"another"' })).status, 200, 'If-Range that does not match: the whole file');
      const headOnly = await fetchMedia(inBucket.site.app, url, {}, 'HEAD');
      assert.deepEqual([headOnly.status, headOnly.headers['content-length'], headOnly.body.length], [200, String(size), 0]);

      const requests: Array<[string, Record<string, string>, ('GET' | 'HEAD')?]> = [
        [url, {}],
        [variant, {}],
        [url, { range: 'bytes=0-99' }],
        [url, { range: 'bytes=-10' }],
        [url, { range: `bytes=${size}-` }],
        [url, { range: 'bytes=0-1,5-9' }],
        [url, { range: 'bytes=0-9', 'if-range': etag }],
        [url, { 'if-none-match': etag }],
        [url, { 'if-none-match': '*' }],
        [variant, { 'if-none-match': `W/${etag}` }],
        [url, {}, 'HEAD'],
        [url.replace(/[0-9a-f]{64}/, '0'.repeat(64)), {}],
        [url.replace(/\.jpg$/, '-w1440.webp'), {}],
      ];
      for (const [u, headers, method] of requests) {
        const fromBucket = await fetchMedia(inBucket.site.app, u, headers, method);
        const fromDisk = await fetchMedia(onDisk.site.app, u, headers, method);
        assert.deepEqual(fromBucket, fromDisk, `${method ?? 'GET'} ${u} ${JSON.stringify(headers)}`);
      }
    });

    test('a copy or crop missing from the bucket is made again from the original there, stored back, and the same', async () => {
      const prefix = `remade-${tdb.dialect}`;
      const { site, editor } = await newsroom(tdb, { media: s3.store(prefix) });
      const up = await upload(site.app, editor, await photo(800, 500, 23));
      const key = up.json.media.url.slice('/media/'.length);
      const gone = [key.replace(/\.jpg$/, '-w240.webp'), key.replace(/\.jpg$/, '-16x9.jpg')];
      const before = await Promise.all(gone.map((k) => s3.object(`${prefix}/${k}`)));
      for (const k of gone) await s3.remove(`${prefix}/${k}`);
      assert.deepEqual(await Promise.all(gone.map((k) => s3.head(`${prefix}/${k}`))), [null, null]);

      for (const [i, k] of gone.entries()) {
        const r = await fetchMedia(site.app, `/media/${k}`);
        assert.equal(r.status, 200, k);
        assert.deepEqual(r.body, before[i], `${k}: the same bytes as made at upload`);
        assert.deepEqual(await s3.object(`${prefix}/${k}`), before[i], `${k} is in the bucket again`);
      }
    });

    test('an unreachable store: the upload is refused with 503 and a message naming the store; no media row; the article is kept and saves', async () => {
      const port = await freePort();
      const dead = s3MediaStore({ ...s3.config(), endpoint: `http://127.0.0.1:${port}` }, { credentials: S3_CREDENTIALS });
      after(() => dead.close());
      const { site, editor, sectionId } = await newsroom(tdb, { media: dead });
      const created = await editor.request('POST', '/api/v1/admin/articles', draft(sectionId));
      assert.equal(created.status, 201);
      const { id, version } = created.json.article;

      const started = Date.now();
      const up = await upload(site.app, editor, await photo(640, 400, 31));
      assert.equal(up.status, 503, JSON.stringify(up.json));
      assert.equal(up.json.error.code, 'MEDIA_STORE_UNAVAILABLE');
      // The editor shows it, so in Ukrainian; the log names the store and the cause (docs/media-storage.md).
      assert.equal(up.json.error.message, uk.apiErrors.MEDIA_STORE_UNAVAILABLE);
      assert.equal(up.headers['retry-after'], '30');
      assert.ok(Date.now() - started < 10_000, 'refused in seconds');
      const page = await upload(site.app, editor, await photo(640, 400, 31), { form: true });
      assert.equal(page.status, 503);
      assert.ok(unescapeHtml(page.body).includes(uk.admin.media.unavailable), 'the library page says so in Ukrainian');
      assert.ok(page.body.includes(`value="${META.credit}"`), 'what was typed is kept');
      assert.deepEqual(await site.database.db.selectFrom('media').select('id').execute(), [], 'no row for a file that is not stored');

      const saved = await editor.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: version, article: { ...draft(sectionId), title: 'Павільйони на Лівому березі: що змінилося' } });
      assert.equal(saved.status, 200, saved.body);
      const read = await editor.request('GET', `/api/v1/admin/articles/${id}`);
      assert.equal(read.json.article.title, 'Павільйони на Лівому березі: що змінилося');

      const reader = await site.app.inject({ method: 'GET', url: `/media/ab/ab${'0'.repeat(62)}.jpg` });
      assert.deepEqual([reader.statusCode, reader.headers['cache-control'], reader.headers['content-type']], [503, 'no-store', 'text/html; charset=utf-8'], 'a reader gets the 503 page, which no CDN keeps');
    });
  });
}
