import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumUnavailable, describeSerious, follow, launchChromium, naturalWidth, openTab, serveSite, visit, type Tab } from './helpers/browser.js';
import { demoDir, projectRoot, referenceArticle, testDatabases, withoutReference } from './helpers/databases.js';
import { closeTestSites, type TestSite } from './helpers/site.js';

// Real-browser tests of the reader's site: Debian's Chromium driven by playwright-core over real
// HTTP. SQLite is enough here; the HTTP suites run the same pages over PostgreSQL too.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;
let site: TestSite;
let base: string;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

/** The lead of a demo file: the paragraph after the meta block. */
const leadOf = (file: string) => fs.readFileSync(file, 'utf8').split('\n\n')[2]!.trim();
const photoFile = path.join(demoDir, '03-energy-morozy.txt');
const photoArticle = () => site.imported.find((a) => a.file.endsWith('03-energy-morozy.txt'))!.path;
const referencePath = () => site.imported.find((a) => a.file === referenceArticle)!.path;

/** The text of the one element matching selector, as written (before any text-transform). */
const text = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim();

async function withTab(options: Parameters<typeof openTab>[1], run: (tab: Tab) => Promise<void>, expectedStatus?: Parameters<typeof openTab>[2]) {
  const tab = await openTab(browser!, options, expectedStatus);
  try {
    await run(tab);
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
  } finally {
    await tab.context.close();
  }
}

describe('the reader’s site in Chromium', { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 240_000 }, () => {
  before(async () => {
    // On CI a skipped browser suite would pass while testing nothing.
    if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
    ({ site, base } = await serveSite(testDatabases[0]!, [...(withoutReference ? [] : [referenceArticle]), demoDir]));
    browser = await launchChromium();
  });

  test('a reader’s journey: home, section, article, tag, author, the reference article', { skip: withoutReference }, async () => {
    await withTab({}, async ({ page }) => {
      await visit(page, `${base}/`);
      assert.ok(await page.locator('header').getByRole('link', { name: 'Шпальта', exact: true }).isVisible(), 'the site name');
      assert.ok(await page.getByRole('heading', { name: 'Стрічка новин' }).isVisible());
      const mainStory = page.locator('.home-main article.card-big');
      assert.ok(await mainStory.getByRole('link').isVisible(), 'a main story with its headline');
      assert.ok((await naturalWidth(mainStory.locator('img'))) > 0, 'the main story’s photo loaded');
      assert.ok((await page.locator('.home-section').count()) >= 3, 'a block per top-level section');
      assert.ok(await page.locator('.home-section h2').getByRole('link', { name: 'Україна', exact: true }).isVisible());

      await follow(page, page.getByRole('navigation', { name: 'Основне меню' }).getByRole('link', { name: 'Україна', exact: true }));
      assert.equal(new URL(page.url()).pathname, '/ukraina/');
      assert.equal(await text(page, 'h1'), 'Україна');
      assert.ok(await page.getByRole('navigation', { name: 'Підрозділи' }).getByRole('link', { name: 'Економіка' }).isVisible(), 'subsections are linked');

      await follow(page, page.locator('main').getByRole('link', { name: /^Перші морози/ }));
      assert.match(await text(page, 'h1'), /^Перші морози: споживання електроенергії/);
      const time = page.locator('.article .meta time');
      assert.match((await time.getAttribute('datetime'))!, /^2026-11-18T19:15/);
      assert.match(await time.innerText(), /18 листопада 2026/);
      assert.equal(await text(page, '.byline'), 'Автор: Ірина Вакуленко');
      const photo = page.locator('.lead-photo');
      assert.ok((await naturalWidth(photo.locator('img'))) > 0, 'the lead photo loaded');
      assert.match(await photo.locator('figcaption').innerText(), /^Лінії електропередачі під Києвом на заході сонця/);
      assert.equal(await text(page, '.lead-photo .credit'), 'Фото: Олег Верес');
      assert.equal(await text(page, '.lead'), leadOf(photoFile));
      const articleUrl = page.url();

      await follow(page, page.getByRole('navigation', { name: 'Теги' }).getByRole('link', { name: 'Київ', exact: true }));
      assert.equal(await text(page, '.kicker'), 'Місце');
      assert.equal(await text(page, 'h1'), 'Київ');

      await page.goBack({ waitUntil: 'load' });
      assert.equal(page.url(), articleUrl);
      await follow(page, page.locator('.byline').getByRole('link', { name: 'Ірина Вакуленко' }));
      assert.equal(new URL(page.url()).pathname, '/author/iryna-vakulenko/');
      assert.equal(await text(page, 'h1'), 'Ірина Вакуленко');
      assert.ok(await page.getByRole('heading', { name: 'Статті автора' }).isVisible());
      assert.ok(await page.locator('main').getByRole('link', { name: /^Перші морози/ }).isVisible());

      await visit(page, `${base}/`);
      const href = await page.locator('.home-feed a', { hasText: /^Президент після саміту/ }).getAttribute('href');
      assert.ok(href, 'the reference article is in the home feed');
      await visit(page, base + href);
      assert.match(await text(page, 'h1'), /^Президент після саміту «коаліції охочих»/);
      const quote = page.locator('.article blockquote');
      assert.ok(await quote.isVisible(), 'the quote is shown as a blockquote');
      assert.match(await quote.innerText(), /З командою Президента США/);
      const recap = page.getByRole('complementary', { name: 'Нагадаємо' });
      assert.ok(await recap.isVisible());
      assert.match(await recap.innerText(), /^Нагадаємо, 6 січня/);
      const tags = page.getByRole('navigation', { name: 'Теги' }).getByRole('link');
      assert.deepEqual(await tags.allInnerTexts(), ['Володимир Зеленський', 'переговори', 'США', 'Джаред Кушнер', 'Стів Віткофф']);
      for (const tag of await tags.all()) assert.ok(await tag.isVisible());
    });
  });

  test('keyboard: the skip link comes first and moves focus to main; focus is visible', async () => {
    await withTab({}, async ({ page }) => {
      await visit(page, base + photoArticle());
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip');
      assert.equal(await skip.innerText(), 'Перейти до основного вмісту');
      assert.ok(await skip.evaluate((el) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement), 'Tab focuses the skip link');
      const box = (await skip.boundingBox())!;
      const viewport = page.viewportSize()!;
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.height > 0, `the focused skip link is on screen: ${JSON.stringify(box)}`);
      const focusOutline = (sel: string) => page.locator(sel).evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }).getComputedStyle(el).outlineStyle);
      assert.notEqual(await focusOutline('a.skip'), 'none', 'the focused skip link has an outline');

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'content');
      assert.equal(new URL(page.url()).hash, '#content');

      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      assert.equal(await focused.evaluate((el) => (el as { tagName: string }).tagName), 'A', 'the next Tab reaches a link inside main');
      assert.ok(await focused.evaluate((el) => Boolean((el as { closest(s: string): unknown }).closest('main'))));
      assert.notEqual(await focusOutline(':focus'), 'none', 'a focused link has an outline');
    });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    test(`accessibility (axe-core, WCAG 2.x A and AA), ${colorScheme} scheme: no serious or critical violations`, async () => {
      const found: string[] = [];
      const notFound = `${base}/ukraina/nemaie/`;
      await withTab({ colorScheme }, async ({ page }) => {
        const pages = ['/', '/ukraina/', photoArticle(), ...(withoutReference ? [] : [referencePath()]), '/tag/kyiv/', '/author/iryna-vakulenko/', '/news/'];
        for (const p of pages) {
          await visit(page, base + p);
          for (const v of describeSerious(await axeViolations(page))) found.push(`${p}: ${v}`);
        }
        await visit(page, notFound, 404);
        assert.equal(await text(page, 'h1'), 'Сторінку не знайдено');
        for (const v of describeSerious(await axeViolations(page))) found.push(`404 page: ${v}`);
      }, { url: notFound, status: 404 });
      assert.deepEqual(found, [], `axe found serious or critical violations (${colorScheme}):\n${found.join('\n')}`);
    });
  }

  test('phone: no horizontal scroll, readable text, no layout shift; screenshot', async () => {
    await withTab({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, async ({ page }) => {
      await visit(page, base + photoArticle());
      const m = await page.evaluate(() => {
        const w = globalThis as unknown as {
          innerWidth: number;
          document: { documentElement: { scrollWidth: number }; body: unknown; querySelector(s: string): unknown };
          getComputedStyle(e: unknown): { fontSize: string };
        };
        const size = (e: unknown) => parseFloat(w.getComputedStyle(e).fontSize);
        return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: w.innerWidth, body: size(w.document.body), paragraph: size(w.document.querySelector('.article .body p')) };
      });
      assert.ok(m.scrollWidth <= m.innerWidth, `no horizontal scrollbar: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}`);
      assert.ok(m.body >= 16, `body text is at least 16px, not ${m.body}px`);
      assert.ok(m.paragraph >= 16, `article text is at least 16px, not ${m.paragraph}px`);

      const shift = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            type Shift = { value: number; hadRecentInput: boolean };
            const PO = (globalThis as unknown as { PerformanceObserver: new (cb: (list: { getEntries(): Shift[] }) => void) => { observe(o: unknown): void; disconnect(): void } }).PerformanceObserver;
            let total = 0;
            const observer = new PO((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
            });
            observer.observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => {
              observer.disconnect();
              resolve(total);
            }, 500);
          }),
      );
      assert.ok(shift < 0.1, `cumulative layout shift ${shift} < 0.1`);

      const dir = path.join(projectRoot, 'test-artifacts');
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: path.join(dir, 'article-phone.png'), fullPage: true });
    });
  });

  test('without JavaScript: home, a section and an article open, and links work', async () => {
    await withTab({ javaScriptEnabled: false }, async ({ page }) => {
      await visit(page, `${base}/`);
      assert.ok(await page.getByRole('heading', { name: 'Стрічка новин' }).isVisible());
      await follow(page, page.getByRole('navigation', { name: 'Основне меню' }).getByRole('link', { name: 'Україна', exact: true }));
      assert.equal(await text(page, 'h1'), 'Україна');
      await follow(page, page.locator('main').getByRole('link', { name: /^Перші морози/ }));
      assert.match(await text(page, 'h1'), /^Перші морози/);
      assert.ok((await naturalWidth(page.locator('.lead-photo img'))) > 0, 'the lead photo loads without JavaScript');
      await follow(page, page.getByRole('navigation', { name: 'Навігаційний ланцюжок' }).getByRole('link', { name: 'Економіка' }));
      assert.equal(await text(page, 'h1'), 'Економіка');
    });
  });
});
