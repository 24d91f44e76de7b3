import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { preferredEncoding } from '../src/server/accept-encoding.js';
import { STYLESHEET_PATH } from '../src/server/routes/public/assets.js';
import { siteCss } from '../src/render/assets/site-css.js';
import { demoDir, testDatabases } from './helpers/databases.js';
import { closeTestSites, openSite, type TestSite } from './helpers/site.js';

after(closeTestSites);

/** Accept-Encoding -> what pages and assets are sent in (brotli or gzip offered), and sitemaps (gzip alone). */
const CASES: Array<[header: string | undefined, pages: 'br' | 'gzip' | null, sitemaps: 'gzip' | null]> = [
  [undefined, null, null],
  ['', null, null],
  ['gzip, deflate, br, zstd', 'br', 'gzip'],
  ['gzip', 'gzip', 'gzip'],
  ['GZIP, Br', 'br', 'gzip'],
  ['deflate', null, null],
  // The client's q-values rank the codings; of equal q, brotli (smaller) goes first.
  ['gzip, br;q=0.5', 'gzip', 'gzip'],
  ['br;q=0.5, gzip;q=0.8', 'gzip', 'gzip'],
  ['gzip;q=0, br;q=0.5', 'br', null],
  ['br;q=1.0, gzip;q=1', 'br', 'gzip'],
  ['br;q=0.001', 'br', null],
  ['br;q=0', null, null],
  ['gzip;q=0', null, null],
  // '*' is every coding the header does not name.
  ['*', 'br', 'gzip'],
  ['br;q=0, *', 'gzip', 'gzip'],
  ['*;q=0.5, gzip', 'gzip', 'gzip'],
  ['*;q=0', null, null],
  // identity competes like a coding: named with a higher q, the plain bytes win.
  ['identity, gzip;q=0.5', null, null],
  ['identity;q=0.1, br', 'br', null],
  // Nothing we have is acceptable: the plain bytes all the same, not a 406.
  ['identity;q=0', null, null],
  ['identity;q=0, deflate', null, null],
  // Junk is no coding.
  ['gzip;q=x', null, null],
  [';;;, ,', null, null],
];

test('Accept-Encoding: q-values, *, identity, case and junk', () => {
  for (const [header, pages, sitemaps] of CASES) {
    assert.equal(preferredEncoding(header), pages, `pages, ${JSON.stringify(header)}`);
    assert.equal(preferredEncoding(header, ['gzip']), sitemaps, `sitemaps, ${JSON.stringify(header)}`);
  }
  assert.equal(preferredEncoding(['br;q=0.2', 'gzip']), 'gzip', 'a header sent twice is one list');
  // The answers are remembered per header value: the second asking gives the same.
  for (const [header, pages] of CASES) assert.equal(preferredEncoding(header), pages, `again, ${JSON.stringify(header)}`);
});

const decode = (encoding: unknown, bytes: Buffer) => (encoding === 'br' ? zlib.brotliDecompressSync(bytes) : encoding === 'gzip' ? zlib.gunzipSync(bytes) : bytes).toString('utf8');

for (const tdb of testDatabases) {
  describe(`Accept-Encoding over HTTP (${tdb.dialect})`, () => {
    let site!: TestSite;
    before(async () => {
      site = await openSite(tdb, [demoDir]);
    });

    test('a page, the stylesheet and a sitemap are each sent in the coding the client ranks first', async () => {
      const { app } = site;
      const plainPage = (await app.inject({ method: 'GET', url: '/' })).body;
      const plainSitemap = (await app.inject({ method: 'GET', url: '/sitemaps/articles-1.xml' })).body;
      const tags = new Map<string | null, string>();
      for (const [header, pages, sitemaps] of CASES) {
        if (header === undefined) continue;
        const headers = { 'accept-encoding': header };
        const page = await app.inject({ method: 'GET', url: '/', headers });
        assert.equal(page.headers['content-encoding'], pages ?? undefined, `the home page, ${header}`);
        assert.equal(decode(page.headers['content-encoding'], page.rawPayload), plainPage, header);
        // Each coding has its own tag, whatever header asked for it.
        const tag = String(page.headers.etag);
        assert.equal(tags.get(pages) ?? tag, tag, header);
        tags.set(pages, tag);
        const css = await app.inject({ method: 'GET', url: STYLESHEET_PATH, headers });
        assert.equal(css.headers['content-encoding'], pages ?? undefined, `the stylesheet, ${header}`);
        assert.equal(decode(css.headers['content-encoding'], css.rawPayload), siteCss, header);
        const sitemap = await app.inject({ method: 'GET', url: '/sitemaps/articles-1.xml', headers });
        assert.equal(sitemap.headers['content-encoding'], sitemaps ?? undefined, `a sitemap, ${header}`);
        assert.equal(decode(sitemap.headers['content-encoding'], sitemap.rawPayload), plainSitemap, header);
        for (const r of [page, css, sitemap]) assert.equal(r.headers.vary, 'Accept-Encoding');
      }
      assert.equal(tags.size, 3, 'br, gzip and the plain bytes: three tags');
    });
  });
}
