import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { tempDir, testDatabases } from './helpers/databases.js';
import { jpegMarkers, jpegWithComment, jpegWithEverything, pngChunkTypes, pngWithText, secretsIn, webpChunkNames, webpWithMetadata } from './helpers/image-bytes.js';
import { addUser, signInAs, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle, type TestSite } from './helpers/site.js';
import { richText } from '../src/core/rich-text.js';

after(closeTestSites);

const URL = '/api/v1/admin/media';
/** Small enough that a test image can pass it: the app is built with this limit. */
const MAX_UPLOAD = 512 * 1024;

interface Media { id: number; url: string; width: number; height: number; mime: string; bytes: number; caption: string; credit: string; alt: string; variantWidths: number[]; createdAt: string }

type Part = { name: string; value: string } | { name: string; filename: string; type: string; data: Buffer };

/** A multipart/form-data body as a browser sends it. */
function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = `----shpalta${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = 'filename' in p
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(head), 'filename' in p ? p.data : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const META = { caption: 'Зупинка на Лівому березі', credit: 'Олена Коваль / Шпальта', alt: 'Новий павільйон зупинки з електронним табло' };

async function upload(site: TestSite, client: Client | null, file: { data: Buffer; filename?: string; type?: string }, fields: Partial<typeof META> = META, o: { csrf?: boolean } = {}) {
  const { body, type } = multipart([
    { name: 'file', filename: file.filename ?? 'photo.jpg', type: file.type ?? 'image/jpeg', data: file.data },
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
  ]);
  const headers: Record<string, string> = { 'content-type': type };
  if (client) headers.cookie = client.cookie;
  if (client && o.csrf !== false) headers['x-csrf-token'] = client.csrf;
  const r = await site.app.inject({ method: 'POST', url: URL, headers, payload: body });
  return { status: r.statusCode, json: r.json() as { media: Media; existing: boolean; error: { code: string; field?: string; message: string } } };
}

/** A photo-like image (noise does not compress away, so sizes are realistic). */
function photo(width: number, height: number, seed = 1) {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < raw.length; i++) raw[i] = (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/**
 * A decompression bomb: a real PNG of 20000×20000 one-bit pixels (400 megapixels, 50 MB once
 * inflated) that deflates to some 50 KB. Built by hand: sharp takes half a minute to encode it.
 */
function pngBomb(side = 20_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(side * (1 + side / 8)); // each row: filter byte 0, then zero bits
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const variantUrl = (m: Media, w: number) => m.url.replace(/\.[a-z]+$/, `-w${w}.webp`);

for (const tdb of testDatabases) {
  describe(`newsroom media library (${tdb.dialect})`, () => {
    let site!: TestSite;
    let contributor!: Client;
    let other!: Client;
    let editor!: Client;
    let jpeg!: Buffer;
    before(async () => {
      site = await openSite(tdb, [writePlainArticle(tempDir(), 'article.txt')], { maxUploadBytes: MAX_UPLOAD });
      contributor = await signInAs(site.app, await addUser(site.database, 'contributor'));
      other = await signInAs(site.app, await addUser(site.database, 'contributor'));
      editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      jpeg = await photo(1000, 600).jpeg({ quality: 60 }).toBuffer();
      assert.ok(jpeg.length < MAX_UPLOAD, `the test JPEG is ${jpeg.length} bytes`);
    });

    test('a JPEG is stored with its WebP variants, each served with its type', async () => {
      const r = await upload(site, contributor, { data: jpeg });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      const m = r.json.media;
      assert.deepEqual(
        { width: m.width, height: m.height, mime: m.mime, bytes: m.bytes, caption: m.caption, credit: m.credit, alt: m.alt, variantWidths: m.variantWidths },
        { width: 1000, height: 600, mime: 'image/jpeg', bytes: jpeg.length, ...META, variantWidths: [240, 360, 480, 720, 960] },
      );
      assert.match(m.url, /^\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
      assert.ok(!Number.isNaN(Date.parse(m.createdAt)));
      const original = path.join(site.mediaDir, m.url.slice('/media/'.length));
      assert.deepEqual(fs.readFileSync(original), jpeg, 'an original without EXIF is stored as sent');
      const served = await site.app.inject({ method: 'GET', url: m.url });
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/jpeg');
      assert.deepEqual(served.rawPayload, jpeg);
      for (const w of [240, 360, 480, 720, 960]) {
        const url = variantUrl(m, w);
        assert.ok(fs.existsSync(path.join(site.mediaDir, url.slice('/media/'.length))), url);
        const v = await site.app.inject({ method: 'GET', url });
        assert.equal(v.statusCode, 200, url);
        assert.equal(v.headers['content-type'], 'image/webp');
        const info = await sharp(v.rawPayload).metadata();
        assert.deepEqual([info.format, info.width], ['webp', w]);
      }
      // The crops for structured data are made at upload too, so a crawler's first fetch waits for nothing.
      for (const [ratio, size] of [['16x9', [1000, 562]], ['4x3', [800, 600]], ['1x1', [600, 600]]] as const) {
        const file = path.join(site.mediaDir, m.url.slice('/media/'.length).replace(/\.jpg$/, `-${ratio}.jpg`));
        assert.ok(fs.existsSync(file), file);
        const info = await sharp(file).metadata();
        assert.deepEqual([info.format, info.width, info.height], ['jpeg', ...size], ratio);
      }
      const got = await contributor.request('GET', `${URL}/${m.id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.json.media, m);
    });

    test('PNG and WebP are accepted by their content, whatever the name says', async () => {
      const png = await photo(300, 200, 2).png().toBuffer();
      const p = await upload(site, contributor, { data: png, filename: 'scan.jpg', type: 'image/jpeg' });
      assert.equal(p.status, 201, JSON.stringify(p.json));
      assert.deepEqual([p.json.media.mime, p.json.media.variantWidths], ['image/png', [240]]);
      assert.match(p.json.media.url, /\.png$/);
      const webp = await photo(600, 400, 3).webp().toBuffer();
      const w = await upload(site, contributor, { data: webp, filename: 'photo.webp', type: 'image/webp' });
      assert.equal(w.status, 201, JSON.stringify(w.json));
      assert.deepEqual([w.json.media.mime, w.json.media.width, w.json.media.variantWidths], ['image/webp', 600, [240, 360, 480]]);
    });

    test('where and with what a photo was taken is not published; its orientation and colours are kept', async () => {
      // Stored on its side with EXIF orientation 6: pages must show it upright, 300 wide.
      const data = await photo(500, 300, 4).jpeg().withIccProfile('p3').withMetadata({ orientation: 6 }).withExifMerge({ IFD0: { Artist: 'Photographer private name' } }).toBuffer();
      assert.ok((await sharp(data).metadata()).exif, 'the test file carries EXIF');
      const r = await upload(site, contributor, { data });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      const stored = fs.readFileSync(path.join(site.mediaDir, r.json.media.url.slice('/media/'.length)));
      const info = await sharp(stored).metadata();
      assert.equal(info.exif, undefined);
      assert.ok(info.icc, 'the colour profile is kept');
      assert.equal(stored.includes('Photographer private name'), false);
      assert.deepEqual([info.format, info.width, info.height], ['jpeg', 300, 500]);
      assert.deepEqual([r.json.media.width, r.json.media.height, r.json.media.bytes], [300, 500, stored.length]);
      // Uploading the same file again finds it by the bytes sent, not the ones stored.
      const again = await upload(site, contributor, { data });
      assert.deepEqual([again.json.media.id, again.json.existing], [r.json.media.id, true]);
    });

    test('JPEG comments and APP segments, PNG text chunks, WebP metadata and bytes after the end are not in the stored file', async () => {
      const cases = [
        { name: 'comment.jpg', type: 'image/jpeg', data: await jpegWithComment() },
        { name: 'everything.jpg', type: 'image/jpeg', data: await jpegWithEverything() },
        { name: 'text.png', type: 'image/png', data: await pngWithText() },
        { name: 'exif.png', type: 'image/png', data: await pngWithText({ exif: true }) },
        { name: 'palette.png', type: 'image/png', data: await pngWithText({ palette: true }) },
        { name: 'meta.webp', type: 'image/webp', data: await webpWithMetadata() },
      ];
      for (const c of cases) {
        assert.ok(secretsIn(c.data).length >= 2, `${c.name}: the test file carries what it should`);
        const r = await upload(site, contributor, { data: c.data, filename: c.name, type: c.type });
        assert.equal(r.status, 201, `${c.name}: ${JSON.stringify(r.json)}`);
        const m = r.json.media;
        const stored = fs.readFileSync(path.join(site.mediaDir, m.url.slice('/media/'.length)));
        assert.deepEqual(secretsIn(stored), [], `${c.name}: nothing planted survives`);
        const info = await sharp(stored).metadata();
        assert.deepEqual([info.exif, info.xmp, info.iptc, info.comments], [undefined, undefined, undefined, undefined], c.name);
        if (info.format === 'jpeg') {
          const { markers, afterEnd } = jpegMarkers(stored);
          assert.deepEqual(markers.filter((x) => /^FF(E[1-9A-F]|FE)$/.test(x)), [], `${c.name}: no COM, no APP1–APP15 (these files have no colour profile)`);
          assert.equal(afterEnd, 0, `${c.name}: nothing after EOI`);
        } else if (info.format === 'png') {
          const { types, afterEnd } = pngChunkTypes(stored);
          assert.deepEqual(types.filter((t) => ['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME'].includes(t)), [], c.name);
          assert.equal(afterEnd, 0, `${c.name}: nothing after IEND`);
        } else {
          const { names, afterEnd } = webpChunkNames(stored);
          assert.deepEqual(names.filter((n) => n === 'EXIF' || n === 'XMP '), [], c.name);
          assert.equal(afterEnd, 0, `${c.name}: nothing after the RIFF end`);
        }
        assert.deepEqual([info.width, m.bytes], [m.width, stored.length], c.name);
        if (c.name === 'palette.png') assert.equal(info.isPalette, true, 'a palette PNG stays one');
        assert.deepEqual((await site.app.inject({ method: 'GET', url: m.url })).rawPayload, stored, `${c.name}: readers download the stored file`);
        for (const w of m.variantWidths) assert.deepEqual(secretsIn(fs.readFileSync(path.join(site.mediaDir, variantUrl(m, w).slice('/media/'.length)))), [], `${c.name} at ${w}`);
        // Named by the bytes sent: the same file again is the same item, found without decoding it.
        assert.ok(m.url.includes(createHash('sha256').update(c.data).digest('hex')), m.url);
        const again = await upload(site, contributor, { data: c.data, filename: c.name, type: c.type });
        assert.deepEqual([again.json.media.id, again.json.existing], [m.id, true], c.name);
      }
    });

    test('a text file named photo.jpg, a GIF, an SVG and a truncated JPEG are 415', async () => {
      const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#c00' } }).gif().toBuffer();
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
      const truncated = jpeg.subarray(0, jpeg.length / 2);
      for (const [data, filename] of [[Buffer.from('Це не фото, а текст.\n'), 'photo.jpg'], [gif, 'anim.gif'], [svg, 'logo.svg'], [truncated, 'cut.jpg']] as const) {
        const r = await upload(site, contributor, { data, filename });
        assert.equal(r.status, 415, `${filename}: ${JSON.stringify(r.json)}`);
        assert.equal(r.json.error.code, 'UNSUPPORTED_MEDIA');
        assert.match(r.json.error.message, new RegExp(filename.replace('.', '\\.')));
      }
    });

    test('a file over the size limit is 413 and nothing is stored', async () => {
      const big = await photo(1200, 900, 5).png().toBuffer();
      assert.ok(big.length > MAX_UPLOAD);
      const before = (await contributor.request('GET', URL)).json.items.length;
      const r = await upload(site, contributor, { data: big, filename: 'big.png', type: 'image/png' });
      assert.equal(r.status, 413, JSON.stringify(r.json));
      assert.equal(r.json.error.code, 'PAYLOAD_TOO_LARGE');
      assert.match(r.json.error.message, /^Файл завеликий: не більше 512 КБ$/);
      assert.equal((await contributor.request('GET', URL)).json.items.length, before);
    });

    test('a decompression bomb is refused before it is decoded: 422', async () => {
      const bomb = pngBomb();
      assert.ok(bomb.length < MAX_UPLOAD, `the bomb is ${bomb.length} bytes`);
      const started = Date.now();
      const r = await upload(site, contributor, { data: bomb, filename: 'bomb.png', type: 'image/png' });
      assert.equal(r.status, 422, JSON.stringify(r.json));
      assert.equal(r.json.error.code, 'IMAGE_TOO_LARGE');
      assert.match(r.json.error.message, /^bomb\.png має 400 Мп, а дозволено не більше 50: зменште зображення$/);
      assert.ok(Date.now() - started < 2000, 'answered without decoding');
    });

    test('credit and alt text are required of a new photo', async () => {
      const data = await photo(200, 200, 6).jpeg().toBuffer();
      const noCredit = await upload(site, contributor, { data }, { caption: META.caption, alt: META.alt });
      assert.equal(noCredit.status, 400);
      assert.deepEqual([noCredit.json.error.code, noCredit.json.error.field], ['INVALID_INPUT', 'credit']);
      const blankCredit = await upload(site, contributor, { data }, { ...META, credit: '   ' });
      assert.deepEqual([blankCredit.status, blankCredit.json.error.field], [400, 'credit']);
      const noAlt = await upload(site, contributor, { data }, { caption: META.caption, credit: META.credit });
      assert.deepEqual([noAlt.status, noAlt.json.error.field], [400, 'alt']);
    });

    test('an upload needs a session (401) and the CSRF token (403)', async () => {
      const anonymous = await upload(site, null, { data: jpeg });
      assert.deepEqual([anonymous.status, anonymous.json.error.code], [401, 'UNAUTHENTICATED']);
      const noCsrf = await upload(site, contributor, { data: jpeg }, META, { csrf: false });
      assert.deepEqual([noCsrf.status, noCsrf.json.error.code], [403, 'CSRF_TOKEN']);
      const list = await site.app.inject({ method: 'GET', url: URL });
      assert.equal(list.statusCode, 401);
    });

    test('a request without a file is 400', async () => {
      const { body, type } = multipart([{ name: 'credit', value: 'x' }]);
      const r = await site.app.inject({ method: 'POST', url: URL, headers: { cookie: contributor.cookie, 'x-csrf-token': contributor.csrf, 'content-type': type }, payload: body });
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().error.field, 'file');
      const json = await contributor.request('POST', URL, { credit: 'x' });
      assert.deepEqual([json.status, json.json.error.field], [400, 'file']);
    });

    test('the same bytes twice are one item; given metadata updates it', async () => {
      const data = await photo(640, 480, 7).jpeg().toBuffer();
      const first = await upload(site, contributor, { data });
      assert.deepEqual([first.status, first.json.existing], [201, false]);
      const second = await upload(site, contributor, { data }, { caption: 'Новий підпис' });
      assert.equal(second.status, 201, JSON.stringify(second.json));
      assert.deepEqual([second.json.media.id, second.json.existing], [first.json.media.id, true]);
      assert.deepEqual([second.json.media.caption, second.json.media.credit, second.json.media.alt], ['Новий підпис', META.credit, META.alt]);
      // Someone else's upload of the same bytes returns the item but may not rewrite it.
      const byOther = await upload(site, other, { data }, { caption: 'Чужий підпис' });
      assert.deepEqual([byOther.json.media.id, byOther.json.media.caption], [first.json.media.id, 'Новий підпис']);
    });

    test('the library lists newest first, pages, and searches caption, credit and alt in any case', async () => {
      const ids: number[] = [];
      for (const [i, caption, credit, alt] of [
        [11, 'Театр імені Заньковецької після ремонту', 'Ірина Бойко', 'Фасад театру'],
        [12, 'Футбольний матч на «Арені Львів»', 'УНІАН', 'Гравці на полі'],
        [13, 'Засідання КМДА', 'Пресслужба КМДА', 'Зал засідань, 100% заповнений'],
      ] as const) {
        const r = await upload(site, contributor, { data: await photo(100, 100, i).png().toBuffer(), filename: `${i}.png` }, { caption, credit, alt });
        assert.equal(r.status, 201, JSON.stringify(r.json));
        ids.push(r.json.media.id);
      }
      const all = await contributor.request('GET', URL);
      assert.equal(all.status, 200);
      assert.deepEqual(all.json.items.slice(0, 3).map((m: Media) => m.id), [...ids].reverse());
      assert.equal(all.json.hasNext, false);
      const search = async (q: string) => (await contributor.request('GET', `${URL}?q=${encodeURIComponent(q)}`)).json.items.map((m: Media) => m.id);
      assert.deepEqual(await search('театр'), [ids[0]], 'caption, lower case');
      assert.deepEqual(await search('ТЕАТР ІМЕНІ'), [ids[0]], 'caption, upper case');
      assert.deepEqual(await search('уніан'), [ids[1]], 'credit');
      assert.deepEqual(await search('гравці на'), [ids[1]], 'alt');
      assert.deepEqual(await search('кмда'), [ids[2]]);
      assert.deepEqual(await search('100%'), [ids[2]], '% is a character, not a wildcard');
      assert.deepEqual(await search('[*]'), []);
      assert.deepEqual(await search('нічого такого'), []);
      const bad = await contributor.request('GET', `${URL}?page=0`);
      assert.deepEqual([bad.status, bad.json.error.field], [400, 'page']);
    });

    test('paging: 30 a page, hasNext on all but the last', async () => {
      const total = (await contributor.request('GET', `${URL}?page=1`)).json.items.length;
      for (let i = 0; i < 31 - total; i++) {
        const r = await upload(site, contributor, { data: await photo(40, 40, 100 + i).png().toBuffer(), filename: 'p.png' });
        assert.equal(r.status, 201);
      }
      const one = await contributor.request('GET', `${URL}?page=1`);
      const two = await contributor.request('GET', `${URL}?page=2`);
      assert.deepEqual([one.json.items.length, one.json.hasNext, two.json.items.length, two.json.hasNext], [30, true, 1, false]);
      assert.ok(one.json.items.at(-1).id > two.json.items[0].id);
    });

    test('PATCH: the uploader and editors may, another contributor may not', async () => {
      const data = await photo(120, 90, 8).jpeg().toBuffer();
      const { json } = await upload(site, contributor, { data });
      const url = `${URL}/${json.media.id}`;
      const own = await contributor.request('PATCH', url, { caption: 'Підпис автора' });
      assert.equal(own.status, 200, own.body);
      assert.deepEqual([own.json.media.caption, own.json.media.credit], ['Підпис автора', META.credit]);
      const notTheirs = await other.request('PATCH', url, { caption: 'Чужий' });
      assert.deepEqual([notTheirs.status, notTheirs.json.error.code], [403, 'FORBIDDEN']);
      const byEditor = await editor.request('PATCH', url, { credit: 'Reuters', alt: 'Опис від редактора' });
      assert.equal(byEditor.status, 200, byEditor.body);
      assert.deepEqual([byEditor.json.media.caption, byEditor.json.media.credit, byEditor.json.media.alt], ['Підпис автора', 'Reuters', 'Опис від редактора']);
      const emptied = await editor.request('PATCH', url, { credit: ' ' });
      assert.deepEqual([emptied.status, emptied.json.error.field], [400, 'credit']);
      const unknown = await editor.request('PATCH', url, { title: 'x' });
      assert.equal(unknown.status, 400);
      const noCsrf = await contributor.request('PATCH', url, { caption: 'x' }, { csrf: false });
      assert.equal(noCsrf.status, 403);
      assert.equal((await editor.request('PATCH', `${URL}/999999`, { caption: 'x' })).status, 404);
      assert.equal((await editor.request('GET', `${URL}/999999`)).status, 404);
    });

    test('a body image block with a mediaId shows the photo with its WebP variants', async () => {
      const { json } = await upload(site, contributor, { data: await photo(1500, 1000, 9).jpeg({ quality: 40 }).toBuffer() });
      const m = json.media;
      assert.deepEqual(m.variantWidths, [240, 360, 480, 720, 960, 1440]);
      const article = site.imported[0]!;
      const body = [{ type: 'paragraph', content: richText('Перший абзац.') }, { type: 'image', mediaId: m.id, caption: richText('Підпис у тексті'), credit: 'Шпальта', alt: 'Опис фото в тексті' }];
      await site.database.db.updateTable('articles').set({ body: JSON.stringify(body) }).where('id', '=', article.id).execute();
      const page = await site.app.inject({ method: 'GET', url: article.path });
      assert.equal(page.statusCode, 200);
      const img = /<figure><img [^>]*alt="Опис фото в тексті"[^>]*>/.exec(page.body)?.[0];
      assert.ok(img, 'the body image is on the page');
      assert.ok(img.includes(`src="${m.url}"`), img);
      const srcset = /srcset="([^"]*)"/.exec(img)?.[1];
      assert.equal(srcset, [240, 360, 480, 720, 960, 1440].map((w) => `${variantUrl(m, w)} ${w}w`).concat(`${m.url} 1500w`).join(', '));
      assert.ok(img.includes('width="1500" height="1000"'), img);
    });
  });
}
