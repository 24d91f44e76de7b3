import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumUnavailable, describeSerious, launchChromium, openTab, serveSite, visit, type Tab } from './helpers/browser.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD } from './helpers/newsroom.js';
import { closeTestSites, writePlainArticle } from './helpers/site.js';
import { clearSurface, clipboardFixture, paste, surfaceOutline } from './helpers/surface.js';

// The editor's writing surface (ProseMirror) in Chromium: what a paste from Google Docs, Word and
// a web page leaves (the clipboard HTML is parsed by the page's own DOMParser and ProseMirror's),
// a social post's address pasted on an empty line, undo after a block is deleted, and axe.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

async function signIn(page: Page, base: string, email: string, next: string) {
  await visit(page, `${base}/admin/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.locator('form button[type=submit]').click()]);
  await page.waitForLoadState('networkidle');
}

const tdb = testDatabases[0]!;
describe('the writing surface in Chromium', { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 180_000 }, () => {
  let base: string;
  let tab: Tab;
  let page: Page;

  before(async () => {
    if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
    const dir = tempDir();
    const earlier = writePlainArticle(dir, 'earlier.txt', { crumbs: 'Головна Світ', title: 'Переговори в Женеві почалися', tags: null });
    const served = await serveSite(tdb, [earlier]);
    base = served.base;
    await addUser(served.site.database, 'editor', { name: 'Олена Редакторка', email: 'surface@example.com' });
    browser ??= await launchChromium();
    // The social post's metadata is asked of the server; what it answers is the other suite's matter.
    tab = await openTab(browser, {}, { url: `${base}/api/v1/admin/social-post?url=${encodeURIComponent('https://t.me/V_Zelenskiy_official/12345')}`, status: [404, 422, 502, 503, 504] });
    page = tab.page;
    await signIn(page, base, 'surface@example.com', '/admin/articles/new');
    await page.locator('.surface').waitFor();
  });

  after(async () => {
    await tab?.context.close();
  });

  test('a paste from Google Docs keeps its headings, links, bold, italic and lists, and drops the rest', async () => {
    await clearSurface(page);
    await paste(page, { html: clipboardFixture('google-docs.html') });
    assert.deepEqual(await surfaceOutline(page), [
      'h2: Що відомо про зустріч',
      'p: Делегації зустрілися в **Женеві**, повідомляє [агенція](https://www.example.org/news/2026/geneva-talks?utm_source=docs)_ з посиланням на джерела_.',
      'ul: обмін полоненими | **енергетичне** перемир’я',
      'p: Адресу редакції: [desk@example.org](mailto:desk@example.org) і підступне посилання',
    ]);
  });

  test('a paste from Word keeps its heading, marks, link, both kinds of list and the quote, without its bullets and mso- markup', async () => {
    await clearSurface(page);
    await paste(page, { html: clipboardFixture('word.html') });
    assert.deepEqual(await surfaceOutline(page), [
      'h2: Реакція в парламенті',
      'p: Голова комітету назвав рішення **історичним**, а опозиція _вимагає_ [повного тексту](https://rada.example.ua/news/123).',
      'ul: перше читання | друге читання',
      'ol: голосування | підпис',
      'quote: _Ми зробили це разом_ — ',
    ]);
  });

  test('a paste from a web page keeps text, links, marks, the quote with its source, the list and the photo to upload; no script, pixel, ad or button', async () => {
    await clearSurface(page);
    await paste(page, { html: clipboardFixture('web-page.html') });
    assert.deepEqual(await surfaceOutline(page), [
      'p: Уряд **схвалив** зміни до бюджету, пише [видання](https://news.example.com/budget?ref=copy).',
      'h3: Що далі',
      'quote: Дефіцит не зросте — міністр фінансів',
      'ol: _спершу_ комітет | потім зал',
      'image: Засідання уряду. _Фото з сайту_ / alt: Засідання уряду',
      'p: **Увага:** _оновлюється_',
    ]);
    assert.equal(await page.evaluate('typeof window.pwned'), 'undefined', 'no pasted script ran');
    assert.match(await page.locator('.node-image .warn').innerText(), /завантажте його/);
  });

  test('a social post’s address pasted on an empty line becomes a social block, captured by the editor', async () => {
    await clearSurface(page);
    await paste(page, { text: 'https://t.me/V_Zelenskiy_official/12345' });
    assert.deepEqual(await surfaceOutline(page), ['social: https://t.me/V_Zelenskiy_official/12345', 'p: ']);
    const social = page.locator('.node-social');
    assert.equal(await social.locator('[data-field=platform]').inputValue(), 'telegram');
    assert.match(await social.locator('.captured').innerText(), /^Збережено .+, Олена Редакторка$/);
    // Filled in by hand, in the block's own labelled fields.
    await social.getByLabel('Ім’я або назва акаунта').fill('Володимир Зеленський');
    await social.getByLabel('Текст допису (як цитуємо)').fill('Перемовини тривають.');
    assert.equal(await social.getByLabel('Ім’я або назва акаунта').inputValue(), 'Володимир Зеленський');
  });

  test('a block deleted with the keyboard comes back with Ctrl+Z, nothing asked', async () => {
    await clearSurface(page);
    await page.keyboard.type('Перший абзац.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('/');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Посилання (вбудоване)');
    await page.keyboard.press('Enter');
    // The embed's address is asked for in the block; Esc goes back to the text after it.
    await page.keyboard.type('https://example.com/map');
    await page.keyboard.press('Escape');
    await page.keyboard.type('Останній абзац.');
    const before = ['p: Перший абзац.', 'embed: https://example.com/map', 'p: Останній абзац.'];
    assert.deepEqual(await surfaceOutline(page), before);
    // Undo steps typed within half a second of each other are one: let this be one of its own.
    await page.waitForTimeout(600);
    await page.keyboard.press('Home');
    await page.keyboard.press('Backspace');
    assert.deepEqual(await surfaceOutline(page), ['p: Перший абзац.', 'p: Останній абзац.']);
    await page.keyboard.press('Control+Z');
    assert.deepEqual(await surfaceOutline(page), before);
    await page.keyboard.press('Control+Y');
    assert.deepEqual(await surfaceOutline(page), ['p: Перший абзац.', 'p: Останній абзац.']);
  });

  test('axe finds no violation in the editor with every kind of block in it', async () => {
    await clearSurface(page);
    await paste(page, { html: clipboardFixture('web-page.html') });
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('/');
    await page.locator('.block-menu').waitFor();
    await page.getByRole('menuitem', { name: 'Допис із соцмережі' }).click();
    await page.locator('.surface > p').last().click();
    await page.keyboard.type('/');
    await page.getByRole('menuitem', { name: 'Посилання (вбудоване)' }).click();
    assert.deepEqual(describeSerious(await axeViolations(page)), []);
    const all = (await axeViolations(page)).map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
    assert.deepEqual(all, [], 'not even minor ones');
    assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
  });
});
