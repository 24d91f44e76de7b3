import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { demoDir, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { closeTestSites, jsonLdNode, jsonLdText, metaContent, openSite, SITE_URL, titleOfFile, unescapeHtml, writePlainArticle, type TestSite } from './helpers/site.js';

after(closeTestSites);

const REFERENCE_TITLE = 'Президент після саміту «коаліції охочих» провів переговори з американцями';
const REFERENCE_SLUG = 'prezydent-pislia-samitu-koalitsii-okhochykh-proviv-perehovory-z-amerykantsiamy';
const REFERENCE_LEAD = '7 січня в Парижі делегації України, США та країн Європи продовжать роботу над гарантіями безпеки й базовою рамкою для закінчення війни';
const REFERENCE_TAGS = ['Володимир Зеленський', 'переговори', 'США', 'Джаред Кушнер', 'Стів Віткофф'];
const REFERENCE_TAG_PATHS = ['/tag/volodymyr-zelenskyi/', '/tag/perehovory/', '/tag/ssha/', '/tag/dzhared-kushner/', '/tag/stiv-vitkoff/'];
const DEMO_KYIV = path.join(demoDir, '01-kyiv-tablo.txt');

/** The first capture of `re` in `page`, failing the test when there is none. */
function capture(page: string, re: RegExp, what: string): string {
  const m = re.exec(page);
  assert.ok(m, `${what}: no match for ${re}`);
  return m[1]!;
}

const links = (fragment: string) => [...fragment.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)]);
const count = (s: string, needle: string) => s.split(needle).length - 1;

async function getPage(site: TestSite, url: string) {
  const res = await site.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), location: res.headers.location, body: res.body, raw: res.rawPayload };
}

for (const tdb of testDatabases) {
  describe(`article pages (${tdb.dialect})`, { skip: withoutReference }, () => {
    let site!: TestSite;
    before(async () => {
      site = await openSite(tdb, [referenceArticle, demoDir]);
    });
    const reference = () => site.imported[0]!;

    test('the reference article page shows every part of the article', async () => {
      const ref = reference();
      assert.equal(ref.path, `/svit/polityka/${REFERENCE_SLUG}-${ref.id}.html`);
      const res = await getPage(site, ref.path);
      assert.equal(res.status, 200);
      assert.match(res.type, /^text\/html; charset=utf-8$/i);
      const page = res.body;
      assert.match(page, /^<!doctype html>\n<html lang="uk">/);
      assert.equal(capture(page, /<title>([^<]*)<\/title>/, 'title'), `${REFERENCE_TITLE} — Шпальта`);

      const crumbs = capture(page, /<nav class="crumbs"[^>]*>([\s\S]*?)<\/nav>/, 'breadcrumbs');
      assert.deepEqual(links(crumbs), [['/', 'Головна'], ['/svit/', 'Світ'], ['/svit/polityka/', 'Політика']]);
      assert.deepEqual([...page.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]), [REFERENCE_TITLE]);

      const time = capture(page, /<div class="meta">\s*(<time[^>]*>[^<]*<\/time>)/, 'publication time');
      assert.match(time, /^<time datetime="2026-01-07(T00:00:00\+02:00)?">7 січня 2026<\/time>$/, 'only the day is known: no time of day');
      const byline = capture(page, /<span class="byline">([\s\S]*?)<\/span>/, 'byline');
      assert.deepEqual(links(byline), [['/author/ivanna-honchar/', 'Іванна Гончар']]);
      assert.match(byline, /rel="author"/);
      assert.equal(capture(page, /<span class="source">([^<]*)<\/span>/, 'source'), 'Джерело: glavcom.ua');

      const figure = capture(page, /<figure class="lead-photo">([\s\S]*?)<\/figure>/, 'lead photo');
      assert.doesNotMatch(figure, /<img/, 'the reference file has no picture beside it');
      const caption = capture(figure, /<figcaption>([\s\S]*?)<\/figcaption>/, 'figcaption');
      assert.match(caption, /^Зеленський зустрівся з Стівеном Віткоффом і Джаредом Кушнером /);
      assert.match(caption, /<span class="credit">Фото: Офіс президента<\/span>/);
      assert.equal(capture(page, /<p class="lead">([^<]*)<\/p>/, 'lead'), REFERENCE_LEAD);

      assert.equal(count(page, '<blockquote'), 1);
      const quote = capture(page, /<blockquote>([\s\S]*?)<\/blockquote>/, 'quote');
      assert.match(quote, /^<p>«З командою Президента США – Стівеном Віткоффом/);
      assert.match(quote, /<footer>– написав Зеленський<\/footer>$/);

      const recap = capture(page, /<aside class="recap"[^>]*>([\s\S]*?)<\/aside>/, 'recap');
      assert.equal(count(recap, '<p>'), 2);
      assert.match(recap, /^<p>Нагадаємо, 6 січня в столиці Франції/);
      const body = capture(page, /<div class="body">([\s\S]*?)<\/div>/, 'body');
      assert.doesNotMatch(body, /Нагадаємо/, 'the recap is not repeated in the body');
      assert.equal(count(body, '<p>'), 6, 'five paragraphs and the quote');

      const tags = capture(page, /<ul class="tags">([\s\S]*?)<\/ul>/, 'tags');
      assert.deepEqual(links(tags), REFERENCE_TAG_PATHS.map((href, i) => [href, REFERENCE_TAGS[i]]));

      const canonical = `${SITE_URL}${ref.path}`;
      assert.equal(capture(page, /<link rel="canonical" href="([^"]*)">/, 'canonical'), canonical);
      assert.equal(metaContent(page, 'og:title'), REFERENCE_TITLE);
      assert.equal(metaContent(page, 'og:type'), 'article');
      assert.equal(metaContent(page, 'og:url'), canonical);
      assert.equal(metaContent(page, 'og:image'), `${SITE_URL}/logo.png`, 'no picture: the logo');
      assert.equal(metaContent(page, 'twitter:card'), 'summary');
      // The file gives the day only: no time is claimed.
      assert.equal(metaContent(page, 'article:published_time'), '2026-01-07');
      assert.equal(metaContent(page, 'description'), REFERENCE_LEAD);

      const ld = jsonLdNode(page, 'NewsArticle');
      assert.equal(ld.headline, REFERENCE_TITLE);
      assert.equal(ld.datePublished, '2026-01-07');
      assert.equal(ld.dateModified, '2026-01-07', 'never edited since: its last change is its publication');
      assert.equal(ld.dateModified, metaContent(page, 'article:modified_time'));
      assert.equal(ld.author[0].name, 'Іванна Гончар');
      assert.equal(ld.author[0].url, `${SITE_URL}/author/ivanna-honchar/`);
      assert.deepEqual(ld.articleSection, ['Світ', 'Політика']);
      assert.deepEqual(ld.keywords, REFERENCE_TAGS);
      assert.equal(ld.publisher.name, 'Шпальта');
      assert.equal(ld.mainEntityOfPage['@id'], canonical);
      assert.equal(ld.image, undefined);
    });

    test('a demo article shows its Kyiv time and its photo, served from /media', async () => {
      const kyiv = site.imported[1]!;
      assert.equal(kyiv.file, DEMO_KYIV);
      const page = (await getPage(site, kyiv.path)).body;
      assert.match(page, /<time datetime="2026-11-16T08:40:00\+02:00">16 листопада 2026, 08:40<\/time>/);
      assert.equal(metaContent(page, 'article:published_time'), '2026-11-16T08:40:00+02:00');

      const img = /<figure class="lead-photo"><div class="photo-frame"><img src="(\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg)" srcset="([^"]+)" sizes="[^"]+" width="(\d+)" height="(\d+)" alt="([^"]*)"/.exec(page);
      assert.ok(img, 'the lead photo is an <img> with src, srcset, width, height and alt');
      // The WebP variants for phones and tablets, then the original at its own width.
      assert.match(img[2]!, /^\/media\/[0-9a-f]{2}\/[0-9a-f]{64}-w240\.webp 240w, .*-w480\.webp 480w, .*\.jpg \d+w$/);
      img.splice(2, 1);
      const original = fs.readFileSync(path.join(demoDir, '01-kyiv-tablo.jpg'));
      const meta = await sharp(original).metadata();
      assert.deepEqual([Number(img[2]), Number(img[3])], [meta.width, meta.height]);
      assert.equal(img[4], 'Вечірній Київ з лівого берега Дніпра');
      assert.match(page, /<span class="credit">Фото: пресслужба КМДА<\/span>/);

      const photo = await getPage(site, img[1]!);
      assert.equal(photo.status, 200);
      assert.equal(photo.type, 'image/jpeg');
      assert.ok(photo.raw.equals(original), 'the bytes of the original file');
      const crop = (ratio: string) => `${SITE_URL}${img[1]!.replace(/\.jpg$/, `-${ratio}.jpg`)}`;
      assert.equal(metaContent(page, 'og:image'), crop('16x9'));
      assert.deepEqual(jsonLdNode(page, 'NewsArticle').image.map((i: { url: string }) => i.url), ['16x9', '4x3', '1x1'].map(crop));

      assert.equal((await getPage(site, `/media/00/${'0'.repeat(64)}.jpg`)).status, 404, 'unknown media');
      assert.equal((await getPage(site, '/media/..%2f..%2f/etc%2fpasswd')).status, 404, 'no way out of the media folder');
    });

    test('an old slug or another section answers 301 to the canonical path, keeping the query', async () => {
      const ref = reference();
      for (const from of [`/svit/polityka/old-slug-${ref.id}.html`, `/kyiv/${REFERENCE_SLUG}-${ref.id}.html`, `/${REFERENCE_SLUG}-${ref.id}.html`]) {
        const res = await getPage(site, from);
        assert.equal(res.status, 301, from);
        assert.equal(res.location, ref.path, from);
      }
      const withQuery = await getPage(site, `/kyiv/old-${ref.id}.html?utm_source=tg&x=1`);
      assert.equal(withQuery.status, 301);
      assert.equal(withQuery.location, `${ref.path}?utm_source=tg&x=1`);
      assert.equal((await getPage(site, `${ref.path}?utm_source=tg`)).status, 200, 'the canonical path with a query is the page itself');
    });

    test('the home page lists the articles newest first; unknown paths are a Ukrainian 404 page', async () => {
      const home = await getPage(site, '/');
      assert.equal(home.status, 200);
      assert.match(home.type, /^text\/html; charset=utf-8$/i);
      const feed = capture(home.body, /<ul class="feed">([\s\S]*?)<\/ul>/, 'feed');
      const demoFiles = fs.readdirSync(demoDir).filter((n) => n.endsWith('.txt')).sort().reverse();
      const expected = [...demoFiles.map((n) => titleOfFile(path.join(demoDir, n))), REFERENCE_TITLE];
      assert.deepEqual(links(feed).map(([, title]) => title), expected, 'the demo files are dated in file order, all after the reference');
      assert.deepEqual(links(feed).map(([href]) => href), [...site.imported.slice(1).reverse(), site.imported[0]!].map((a) => a.path));

      for (const url of ['/no/such/page', '/svit/nothing-999999.html', '/svit/polityka/nothing-0.html']) {
        const res = await getPage(site, url);
        assert.equal(res.status, 404, url);
        assert.match(res.type, /^text\/html; charset=utf-8$/i, url);
        assert.match(res.body, /<html lang="uk">/, url);
        assert.match(res.body, /<h1 class="section-title">Сторінку не знайдено<\/h1>/, url);
      }
    });
  });

  describe(`article pages: escaping, renames, status (${tdb.dialect})`, { skip: withoutReference }, () => {
    test('text from the file never becomes markup, in the page or in its JSON-LD', async () => {
      const dir = tempDir();
      const title = 'Заголовок <script>alert(1)</script>';
      const file = writePlainArticle(dir, 'evil.txt', {
        title,
        photo: { caption: '<img src=x onerror=alert(1)> "лапки"', credit: '<b>редакція</b>' },
        body: ['Абзац </p><script>x()</script> і далі.', 'Ще абзац & «лапки».'],
        tags: '<i>курсив</i> безпека',
      });
      fs.copyFileSync(path.join(demoDir, '01-kyiv-tablo.jpg'), path.join(dir, 'evil.jpg'));
      const site = await openSite(tdb, [file]);
      const res = await getPage(site, site.imported[0]!.path);
      assert.equal(res.status, 200);
      const page = res.body;
      for (const raw of ['<script>alert', '<img src=x', '<b>редакція', '</p><script>', '<script>x()', '<i>курсив', '"лапки"']) {
        assert.ok(!page.includes(raw), `the page must not contain raw ${raw}`);
      }
      assert.equal(count(page, '<script'), 1, 'the JSON-LD block is the only script');
      assert.match(page, /<h1>Заголовок &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
      assert.match(page, /<title>Заголовок &lt;script&gt;alert\(1\)&lt;\/script&gt; — Шпальта<\/title>/);
      assert.match(page, /<figcaption>&lt;img src=x onerror=alert\(1\)&gt; &quot;лапки&quot; <span class="credit">Фото: &lt;b&gt;редакція&lt;\/b&gt;<\/span><\/figcaption>/);
      assert.match(page, /<img [^>]*alt="&lt;img src=x onerror=alert\(1\)&gt; &quot;лапки&quot;"/);
      assert.match(page, /<p>Абзац &lt;\/p&gt;&lt;script&gt;x\(\)&lt;\/script&gt; і далі\.<\/p>/);
      assert.match(page, /<p>Ще абзац &amp; «лапки»\.<\/p>/);
      assert.match(page, /<a href="\/tag\/i-kursyv-i\/" rel="tag">&lt;i&gt;курсив&lt;\/i&gt;<\/a>/);
      assert.equal(metaContent(page, 'og:title'), title);

      const ldText = jsonLdText(page);
      assert.doesNotMatch(ldText, /[<>]/, 'no raw angle bracket, so no </script>, inside the JSON-LD');
      assert.ok(page.includes(`${ldText}</script>\n</head>`), 'the JSON-LD block ends where the head ends');
      const ld = jsonLdNode(page, 'NewsArticle');
      assert.equal(ld.headline, title);
      assert.deepEqual(ld.keywords, ['<i>курсив</i>', 'безпека']);
    });

    test('re-importing a file under a new title moves the article: the old URL answers 301', async () => {
      const dir = tempDir();
      const file = writePlainArticle(dir, 'story.txt', { title: 'Перший заголовок', crumbs: 'Головна Світ Політика' });
      const site = await openSite(tdb, [file]);
      const first = site.imported[0]!;
      assert.equal(first.path, `/svit/polityka/pershyi-zaholovok-${first.id}.html`);
      assert.equal((await getPage(site, first.path)).status, 200);

      writePlainArticle(dir, 'story.txt', { title: 'Другий заголовок', crumbs: 'Головна Світ Політика' });
      const second = await site.importFile(file);
      assert.equal(second.id, first.id);
      assert.equal(second.path, `/svit/polityka/druhyi-zaholovok-${first.id}.html`);
      const old = await getPage(site, first.path);
      assert.equal(old.status, 301);
      assert.equal(old.location, second.path);
      const now = await getPage(site, second.path);
      assert.equal(now.status, 200);
      assert.match(now.body, /<h1>Другий заголовок<\/h1>/);
    });

    test('unpublished is 410, draft and scheduled are 404, and none of them is on the home page', async () => {
      const site = await openSite(tdb, [referenceArticle, DEMO_KYIV, path.join(demoDir, '02-export-polshcha.txt')]);
      const [ref, kyiv, export_] = [site.imported[0]!, site.imported[1]!, site.imported[2]!];
      const setStatus = site.setStatus;
      await setStatus(ref.id, 'unpublished');
      await setStatus(kyiv.id, 'draft');

      const gone = await getPage(site, ref.path);
      assert.equal(gone.status, 410);
      assert.match(gone.type, /^text\/html; charset=utf-8$/i);
      assert.match(gone.body, /<html lang="uk">/);
      assert.match(gone.body, /<h1 class="section-title">Матеріал знято з публікації<\/h1>/);
      assert.ok(!gone.body.includes(REFERENCE_TITLE), 'nothing of the article is shown');
      assert.equal((await getPage(site, `/kyiv/old-${ref.id}.html`)).status, 410, 'no redirect to a withdrawn article');

      const draft = await getPage(site, kyiv.path);
      assert.equal(draft.status, 404);
      assert.match(draft.body, /Сторінку не знайдено/);

      const home = (await getPage(site, '/')).body;
      assert.ok(!home.includes(REFERENCE_TITLE) && !home.includes(titleOfFile(DEMO_KYIV)));
      assert.ok(home.includes(export_.path), 'the published one is still listed');

      await setStatus(export_.id, 'scheduled');
      assert.equal((await getPage(site, export_.path)).status, 404);
      await setStatus(ref.id, 'published');
      assert.equal((await getPage(site, ref.path)).status, 200, 'published again, it is back');
    });
  });
}
