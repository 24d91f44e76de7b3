import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { cropSize } from '../src/core/media-sizes.js';
import { sectionPath } from '../src/core/model.js';
import { getArticle } from '../src/storage/repositories/articles.js';
import { toDate } from '../src/storage/values.js';
import { demoDir, tempDir, testDatabases } from './helpers/databases.js';
import { closeTestSites, jsonLdNode, metaContent, openSite, SITE_URL, writePlainArticle, type TestSite } from './helpers/site.js';
import { articleProblems, breadcrumbProblems, organizationProblems, websiteProblems } from './helpers/structured-data.js';

after(closeTestSites);

const DEMO_KYIV = path.join(demoDir, '01-kyiv-tablo.txt');

async function get(site: TestSite, url: string) {
  const res = await site.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, raw: res.rawPayload };
}

async function page(site: TestSite, url: string): Promise<string> {
  const res = await get(site, url);
  assert.equal(res.status, 200, url);
  return res.body;
}

/** An image URL of ours answers with an image of exactly the stated size. */
async function assertImage(site: TestSite, url: string, width: number, height: number, type: string) {
  assert.ok(url.startsWith(`${SITE_URL}/`), url);
  const res = await get(site, url.slice(SITE_URL.length));
  assert.equal(res.status, 200, url);
  assert.equal(res.type, type, url);
  const meta = await sharp(res.raw).metadata();
  assert.deepEqual([meta.width, meta.height], [width, height], `${url}: the size the page states`);
}

const ratioOf = (w: number, h: number) => Math.round((w / h) * 100) / 100;

for (const tdb of testDatabases) {
  describe(`structured data and link previews (${tdb.dialect})`, () => {
    let site!: TestSite;
    before(async () => {
      site = await openSite(tdb, [demoDir]);
    });
    const byFile = (file: string) => site.imported.find((a) => a.file === file)!;

    test('an article with a photo: NewsArticle with the 16:9, 4:3 and 1:1 crops, the publisher logo and a breadcrumb trail', async () => {
      const a = byFile(DEMO_KYIV);
      const html = await page(site, a.path);
      const ld = jsonLdNode(html, 'NewsArticle');
      assert.deepEqual(articleProblems(ld), []);
      assert.equal(ld.url, SITE_URL + a.path);
      assert.equal(ld.image.length, 3);
      assert.deepEqual(ld.image.map((i: { width: number; height: number }) => ratioOf(i.width, i.height)), [1.78, 1.33, 1]);
      const article = (await getArticle(site.database.db, a.id))!;
      const media = article.photo!.media!;
      for (const [i, ratio] of (['16x9', '4x3', '1x1'] as const).entries()) {
        assert.deepEqual({ width: ld.image[i].width, height: ld.image[i].height }, cropSize(media.width, media.height, ratio));
        await assertImage(site, ld.image[i].url, ld.image[i].width, ld.image[i].height, 'image/jpeg');
      }
      assert.ok(ld.image[0].width >= 1200 || ld.image[0].width === media.width, 'as wide as Google asks, or as the original allows');

      assert.deepEqual(organizationProblems(ld.publisher), []);
      await assertImage(site, ld.publisher.logo.url, ld.publisher.logo.width, ld.publisher.logo.height, 'image/png');
      assert.equal(ld.isBasedOn, undefined, "the source 'shpalta.media' is a name, not a URL");

      const crumbs = jsonLdNode(html, 'BreadcrumbList');
      assert.deepEqual(breadcrumbProblems(crumbs), []);
      assert.deepEqual(
        crumbs.itemListElement.map((c: { name: string; item: string }) => [c.name, c.item]),
        [['Головна', `${SITE_URL}/`], ...article.sections.map((s) => [s.name, SITE_URL + sectionPath(s)]), [article.title, SITE_URL + a.path]],
      );

      // The preview cards: the 16:9 crop, large.
      assert.equal(metaContent(html, 'og:image'), ld.image[0].url);
      assert.equal(metaContent(html, 'og:image:width'), String(ld.image[0].width));
      assert.equal(metaContent(html, 'og:image:height'), String(ld.image[0].height));
      assert.equal(metaContent(html, 'twitter:card'), 'summary_large_image');
      assert.equal(metaContent(html, 'twitter:title'), article.title);
      assert.equal(metaContent(html, 'twitter:description'), article.lead);
      assert.equal(metaContent(html, 'twitter:image'), ld.image[0].url);
      assert.equal(metaContent(html, 'twitter:image:alt'), article.photo!.alt);
    });

    test('dates are the story\'s: imported and never edited, its last change is its publication; a day-only story states the day', async () => {
      const a = byFile(DEMO_KYIV);
      const html = await page(site, a.path);
      const ld = jsonLdNode(html, 'NewsArticle');
      assert.equal(ld.datePublished, '2026-11-16T08:40:00+02:00');
      assert.equal(ld.dateModified, ld.datePublished, 'not the time the import ran');
      assert.equal(metaContent(html, 'article:modified_time'), ld.dateModified);
      const atom = (await get(site, '/atom.xml')).body;
      const entry = new RegExp(`<entry>\\n<id>[^<]*:article:${a.id}</id>[\\s\\S]*?<published>([^<]+)</published>\\n<updated>([^<]+)</updated>`).exec(atom);
      assert.ok(entry, 'the article is in the Atom feed');
      assert.equal(entry[2], entry[1], 'Atom updated is the publication too');

      // Dated like the reference article: a day, no time, and a source named by its domain.
      const dayOnly = writePlainArticle(tempDir(), 'day-only.txt', { date: '2026-01-07', source: 'glavcom.ua' });
      const own = await openSite(tdb, [dayOnly]);
      const refHtml = await page(own, own.imported[0]!.path);
      const refLd = jsonLdNode(refHtml, 'NewsArticle');
      assert.deepEqual([refLd.datePublished, refLd.dateModified], ['2026-01-07', '2026-01-07'], 'no midnight is claimed');
      assert.deepEqual([metaContent(refHtml, 'article:published_time'), metaContent(refHtml, 'article:modified_time')], ['2026-01-07', '2026-01-07']);
      assert.match(refHtml, /<time datetime="2026-01-07">/);
      assert.equal(refLd.isBasedOn, undefined, "'glavcom.ua' is a name, not a URL");
    });

    test('re-importing keeps the story\'s dates: an unchanged file moves nothing, a changed one keeps its date of change', async () => {
      const dir = tempDir();
      const file = writePlainArticle(dir, 'dated.txt', { date: '2026-03-12 09:40', title: 'Перша редакція' });
      const own = await openSite(tdb, [file]);
      const id = own.imported[0]!.id;
      const stored = async () => toDate((await own.database.db.selectFrom('articles').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at);
      const published = new Date('2026-03-12T07:40:00Z');
      assert.equal((await stored()).getTime(), published.getTime(), 'the first import dates the change by the file');
      assert.equal((await own.importFile(file)).unchanged, true);
      assert.equal((await stored()).getTime(), published.getTime());
      writePlainArticle(dir, 'dated.txt', { date: '2026-03-12 09:40', title: 'Друга редакція' });
      assert.equal((await own.importFile(file)).unchanged, false);
      assert.equal((await stored()).getTime(), published.getTime(), 'the file tells no later change: the import time is never one');
      const ld = jsonLdNode(await page(own, (await own.importFile(file)).path), 'NewsArticle');
      assert.equal(ld.dateModified, '2026-03-12T09:40:00+02:00');
    });

    test('isBasedOn is the source when the source is a URL', async () => {
      const file = writePlainArticle(tempDir(), 'based.txt', { source: 'https://glavcom.ua/news/1.html' });
      const own = await openSite(tdb, [file]);
      const ld = jsonLdNode(await page(own, own.imported[0]!.path), 'NewsArticle');
      assert.equal(ld.isBasedOn, 'https://glavcom.ua/news/1.html');
      assert.deepEqual(articleProblems(ld), []);
    });

    test('the home page: WebSite with a search box that works, the Organization, and Open Graph with the logo', async () => {
      const html = await page(site, '/');
      const siteNode = jsonLdNode(html, 'WebSite');
      assert.deepEqual(websiteProblems(siteNode), []);
      const template: string = siteNode.potentialAction.target.urlTemplate;
      assert.equal(template, `${SITE_URL}/search?q={search_term_string}`);
      const search = await get(site, template.slice(SITE_URL.length).replace('{search_term_string}', encodeURIComponent('Київ')));
      assert.equal(search.status, 200, 'the search URL answers');
      const org = jsonLdNode(html, 'NewsMediaOrganization');
      assert.deepEqual(organizationProblems(org, 'organization'), []);
      await assertImage(site, org.logo.url, 512, 512, 'image/png');
      assert.equal((await get(site, '/logo.svg')).type, 'image/svg+xml');

      assert.equal(metaContent(html, 'og:type'), 'website');
      assert.equal(metaContent(html, 'og:url'), `${SITE_URL}/`);
      assert.equal(metaContent(html, 'og:title'), 'Шпальта');
      assert.equal(metaContent(html, 'og:image'), org.logo.url);
      assert.equal(metaContent(html, 'twitter:card'), 'summary');
    });

    test('section, tag and author pages have Open Graph and a card; a section its breadcrumb trail', async () => {
      const html = await page(site, '/ukraina/ekonomika/');
      assert.equal(metaContent(html, 'og:type'), 'website');
      assert.equal(metaContent(html, 'og:url'), `${SITE_URL}/ukraina/ekonomika/`);
      assert.equal(metaContent(html, 'og:title'), 'Економіка');
      const crumbs = jsonLdNode(html, 'BreadcrumbList');
      assert.deepEqual(breadcrumbProblems(crumbs), []);
      assert.deepEqual(crumbs.itemListElement.map((c: { name: string }) => c.name), ['Головна', 'Україна', 'Економіка']);

      for (const [url, type] of [['/tag/kyiv/', 'website'], ['/author/iryna-vakulenko/', 'profile']] as const) {
        const list = await page(site, url);
        assert.equal(metaContent(list, 'og:type'), type, url);
        assert.equal(metaContent(list, 'og:url'), SITE_URL + url, url);
        assert.ok(metaContent(list, 'og:title'), url);
        assert.ok(metaContent(list, 'og:image'), url);
        assert.ok(metaContent(list, 'twitter:card'), url);
        assert.ok(!list.includes('application/ld+json'), `${url}: no JSON-LD, nothing is claimed that the page does not show`);
      }
    });

    test('crops and copies of an image stored before they existed are made on first request', async () => {
      const a = byFile(DEMO_KYIV);
      const media = (await getArticle(site.database.db, a.id))!.photo!.media!;
      const [dir, file] = media.url.split('/').slice(-2) as [string, string];
      const hash = file.replace(/\.jpg$/, '');
      // As a media folder of the first release holds it: the original and its 480/960/1440 copies only.
      for (const name of fs.readdirSync(path.join(site.mediaDir, dir))) {
        const firstRelease = [`${hash}.jpg`, `${hash}-w480.webp`, `${hash}-w960.webp`, `${hash}-w1440.webp`];
        if (name.startsWith(hash) && !firstRelease.includes(name)) fs.rmSync(path.join(site.mediaDir, dir, name));
      }
      assert.ok(!fs.existsSync(path.join(site.mediaDir, dir, `${hash}-16x9.jpg`)));
      const ld = jsonLdNode(await page(site, a.path), 'NewsArticle');
      for (const img of ld.image) await assertImage(site, img.url, img.width, img.height, 'image/jpeg');
      assert.ok(fs.existsSync(path.join(site.mediaDir, dir, `${hash}-16x9.jpg`)), 'kept for the next request');
      await assertImage(site, `${SITE_URL}/media/${dir}/${hash}-w240.webp`, 240, Math.round((240 * media.height) / media.width), 'image/webp');

      // Many at once (more than are decoded together) all arrive, each made once.
      for (const name of fs.readdirSync(path.join(site.mediaDir, dir))) if (/-(16x9|4x3|1x1)\.jpg$|-w(240|360|720)\.webp$/.test(name)) fs.rmSync(path.join(site.mediaDir, dir, name));
      const names = ['16x9.jpg', '4x3.jpg', '1x1.jpg', 'w240.webp', 'w360.webp', 'w720.webp'];
      const all = await Promise.all([...names, ...names].map((n) => get(site, `/media/${dir}/${hash}-${n}`)));
      assert.deepEqual(all.map((r) => r.status), all.map(() => 200));

      for (const url of [`/media/${dir}/${hash}-w500.webp`, `/media/${dir}/${hash}-w${media.width < 1440 ? 1440 : 99}.webp`, `/media/00/${'0'.repeat(64)}-16x9.jpg`, `/media/${dir}/${hash}-2x1.jpg`]) {
        assert.equal((await get(site, url)).status, 404, `${url}: only sizes made for a stored image`);
      }
    });
  });
}
