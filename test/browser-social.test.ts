import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { localMediaStore } from '../src/storage/media-store.js';
import { testDatabases } from './helpers/databases.js';
import { axeViolations, chromiumUnavailable, describeSerious, launchChromium, naturalWidth, openTab, serveSite, visit } from './helpers/browser.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { closeTestSites } from './helpers/site.js';
import { libraryPhoto, publishWithPost, TELEGRAM_POST } from './helpers/social-posts.js';

after(closeTestSites);

const unavailable = chromiumUnavailable();
if (process.env.CI && unavailable) throw new Error(`${unavailable}; on CI the browser suite may not be skipped`);

/**
 * The social card in Chromium, light and dark, on a phone (390 px) and a laptop (1366 px): it
 * fits, its photo comes from our site, nothing else is asked of any other host, it reads without
 * JavaScript, and axe finds nothing serious. Screenshots go to SOCIAL_SCREENSHOTS (a folder)
 * when it is set, for a person to look at.
 */
describe('the social card in a browser', { skip: unavailable ?? false, timeout: 120_000 }, () => {
  let browser: Browser;
  let base: string;
  let paths: string[];

  before(async () => {
    const served = await serveSite(testDatabases[0]!, []);
    base = served.base;
    const editor = await signInAs(served.site.app, await addUser(served.site.database, 'editor'));
    const mediaId = await libraryPhoto(served.site, localMediaStore(served.site.mediaDir), editor);
    const withPhoto = await publishWithPost(editor, { ...TELEGRAM_POST, media: { ...TELEGRAM_POST.media!, mediaId } });
    // A post whose text and handle do not break by themselves: the card must still fit a phone.
    const long = await publishWithPost(editor, {
      ...TELEGRAM_POST,
      platform: 'x',
      url: 'https://x.com/Very_Long_Hndl1/status/1876000000000000000',
      handle: 'Very_Long_Hndl1',
      accountName: 'Обласна військова адміністрація з дуже довгою назвою',
      text: `Деталі: https://example.org/${'duzhe-dovga-adresa-'.repeat(6)}\nДругий рядок`,
      media: null,
    });
    paths = [withPhoto.article.url, long.article.url];
    browser = await launchChromium();
  });
  after(() => browser?.close());

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const width of [390, 1366]) {
      test(`${colorScheme}, ${width} px: the card fits, loads only our files, and axe finds nothing serious`, async () => {
        const tab = await openTab(browser, { colorScheme, viewport: { width, height: 900 } });
        const hosts = new Set<string>();
        tab.page.on('request', (r) => void hosts.add(new URL(r.url()).host));
        try {
          for (const [i, p] of paths.entries()) {
            await visit(tab.page, base + p);
            const card = tab.page.locator('.social-post').first();
            await card.scrollIntoViewIfNeeded();
            const box = (await card.boundingBox())!;
            assert.ok(box.x >= 0 && box.x + box.width <= width, `${p}: the card spans ${box.x}–${box.x + box.width} of ${width}`);
            const overflow = await tab.page.evaluate(() => {
              const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
              return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
            });
            assert.ok(overflow.scrollWidth <= overflow.clientWidth, `${p}: the page scrolls sideways (${overflow.scrollWidth} > ${overflow.clientWidth})`);
            if (i === 0) assert.ok((await naturalWidth(card.locator('img'))) > 0, 'the photo loaded');
            assert.deepEqual(describeSerious(await axeViolations(tab.page)), [], p);
            const dir = process.env.SOCIAL_SCREENSHOTS;
            if (dir) fs.mkdirSync(dir, { recursive: true });
            if (dir) await card.screenshot({ path: path.join(dir, `social-${i}-${colorScheme}-${width}.png`) });
          }
          assert.deepEqual([...hosts], [new URL(base).host], 'no request to any other host');
          assert.deepEqual(tab.problems, []);
        } finally {
          await tab.context.close();
        }
      });
    }
  }

  test('without JavaScript the card reads the same', async () => {
    const tab = await openTab(browser, { javaScriptEnabled: false });
    try {
      await visit(tab.page, base + paths[0]);
      // textContent: the platform's label is shown in capitals by CSS.
      const text = (await tab.page.locator('.social-post').textContent()) ?? '';
      for (const part of ['Допис у Telegram', '@shpalta_test', 'другий рядок', 'Оригінал допису', 'Збережено 5 грудня 2026 о 14:05']) assert.ok(text.includes(part), part);
    } finally {
      await tab.context.close();
    }
  });
});
