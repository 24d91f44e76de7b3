import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, chromiumUnavailable, launchChromium, openTab, serveSite, visit } from './helpers/browser.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD } from './helpers/newsroom.js';
import { closeTestSites, writePlainArticle } from './helpers/site.js';
import { surfaceOutline } from './helpers/surface.js';

// An article written in the editor with the keyboard alone: the lead, a paragraph with bold and
// a link to another site, one with a link to an earlier article of ours found by search, a list
// and a quote with its attribution, from the block menu; Ctrl+S; after a reload all of it is
// there, and the API holds it as rich text, on every database.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

const EARLIER = 'Переговори в Женеві почалися';
const press = async (page: Page, ...keys: string[]) => {
  for (const k of keys) await page.keyboard.press(k);
};
const active = (page: Page) => page.evaluate('document.activeElement.getAttribute("aria-label") || document.activeElement.textContent.trim().slice(0, 60) || document.activeElement.tagName') as Promise<string>;

/** Tab until the writing surface has the focus (a writer does not count the fields on the way). */
async function tabToSurface(page: Page) {
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate('document.activeElement.classList.contains("surface")')) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the writing surface');
}

for (const tdb of testDatabases) {
  describe(`writing with the keyboard alone (${tdb.dialect})`, { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 180_000 }, () => {
    let base: string;

    before(async () => {
      if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
      const earlier = writePlainArticle(tempDir(), 'earlier.txt', { crumbs: 'Головна Світ', title: EARLIER, tags: null });
      const served = await serveSite(tdb, [earlier]);
      base = served.base;
      await addUser(served.site.database, 'author', { name: 'Марта Авторка', email: `keys.${tdb.dialect}@example.com` });
      browser ??= await launchChromium();
    });

    test('lead, bold, an external link, a link to our earlier article, a list and a quote: saved with Ctrl+S and found after a reload', async () => {
      const tab = await openTab(browser!);
      const { page } = tab;
      try {
        await visit(page, `${base}/admin/login?next=${encodeURIComponent('/admin/articles/new')}`);
        await page.keyboard.type(`keys.${tdb.dialect}@example.com`);
        await page.keyboard.press('Tab');
        await page.keyboard.type(PASSWORD);
        await Promise.all([page.waitForURL(/\/admin\/articles\/new$/), page.keyboard.press('Enter')]);
        await page.locator('.surface').waitFor();

        // The headline has the focus; Tab, Tab: the lead.
        await page.keyboard.type('Делегації зустрілися в Женеві');
        await press(page, 'Tab', 'Tab');
        await page.keyboard.type('Перший день переговорів завершився.');
        await tabToSurface(page);

        // Bold with Ctrl+B; a link on selected words with Ctrl+K.
        await page.keyboard.type('Делегації зустрілися в ');
        await page.keyboard.press('Control+B');
        await page.keyboard.type('Женеві');
        await page.keyboard.press('Control+B');
        await page.keyboard.type('. Про це повідомило агентство');
        for (let i = 0; i < 'агентство'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
        await page.keyboard.press('Control+K');
        const dialog = page.getByRole('dialog', { name: 'Посилання' });
        await dialog.waitFor();
        // An address of another kind is refused with a message, and nothing changes.
        await page.keyboard.type('javascript:alert(1)');
        await page.keyboard.press('Enter');
        assert.match(await dialog.getByRole('alert').innerText(), /https:\/\/, http:\/\/ або mailto:/);
        await page.keyboard.press('Control+A');
        await page.keyboard.type('https://www.example.org/geneva');
        await page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'hidden' });
        await page.keyboard.press('End');
        await page.keyboard.type('.');

        // A link to our earlier article, found by search in the same tool.
        await page.keyboard.press('Enter');
        await page.keyboard.type('Раніше ми писали: ');
        await page.keyboard.press('Control+K');
        await dialog.waitFor();
        await press(page, 'Tab', 'Tab');
        assert.equal(await active(page), 'INPUT');
        await page.keyboard.type('Женеві');
        await dialog.getByRole('button', { name: `Послатися на статтю: ${EARLIER}` }).waitFor();
        await page.keyboard.press('Tab');
        assert.equal(await active(page), `Послатися на статтю: ${EARLIER}`);
        await page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'hidden' });
        await page.keyboard.type('.');

        // '/' on the empty line: the block menu, walked with the arrows.
        await page.keyboard.press('Enter');
        await page.keyboard.type('/');
        assert.equal(await active(page), 'Абзац');
        await press(page, 'ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown');
        assert.equal(await active(page), 'Список');
        await page.keyboard.press('Enter');
        await page.keyboard.type('обмін полоненими');
        await page.keyboard.press('Enter');
        await page.keyboard.type('енергетичне перемир’я');
        await press(page, 'Enter', 'Enter');
        await page.keyboard.type('/');
        await press(page, 'End', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp');
        assert.equal(await active(page), 'Цитата');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Ми готові до компромісів, але не до капітуляції.');
        // Tab: the quote's attribution; Esc: back to the text after the quote.
        await page.keyboard.press('Tab');
        assert.equal(await active(page), 'INPUT');
        await page.keyboard.type('Рустем Умєров');
        await page.keyboard.press('Escape');
        await page.keyboard.type('Кінець.');

        const written = [
          'p: Делегації зустрілися в **Женеві**. Про це повідомило [агентство](https://www.example.org/geneva).',
          `p: Раніше ми писали: [${EARLIER}](article:ID).`,
          'ul: обмін полоненими | енергетичне перемир’я',
          'quote: Ми готові до компромісів, але не до капітуляції. — Рустем Умєров',
          'p: Кінець.',
        ];
        const outline = async () => (await surfaceOutline(page)).map((l) => l.replace(/\(article:\d+\)/, '(article:ID)'));
        assert.deepEqual(await outline(), written);
        assert.match(await page.locator('.counts').innerText(), /^\d+ слів(о|а)? · \d+ знак(и|ів)? · читання: 1 хвилина$/);

        await page.keyboard.press('Control+S');
        await page.waitForURL(/\/admin\/articles\/\d+$/);
        await page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        await page.reload();
        await page.locator('.surface p').first().waitFor();
        assert.deepEqual(await outline(), written, 'all of it is there after a reload');
        assert.equal(await page.getByLabel('Лід (коротко про головне)').inputValue(), 'Перший день переговорів завершився.');

        const id = /(\d+)$/.exec(page.url())![1];
        const stored = (await page.evaluate(`fetch('/api/v1/admin/articles/${id}').then((r) => r.json())`)) as { article: { body: unknown[] } };
        const earlierId = Number(/article:(\d+)/.exec((await surfaceOutline(page))[1]!)![1]);
        const text = (t: string, marks?: unknown[]) => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });
        assert.deepEqual(stored.article.body, [
          { type: 'paragraph', content: [text('Делегації зустрілися в '), text('Женеві', [{ type: 'bold' }]), text('. Про це повідомило '), text('агентство', [{ type: 'link', attrs: { href: 'https://www.example.org/geneva', articleId: null } }]), text('.')] },
          { type: 'paragraph', content: [text('Раніше ми писали: '), text(EARLIER, [{ type: 'link', attrs: { href: null, articleId: earlierId } }]), text('.')] },
          { type: 'list', ordered: false, items: [[text('обмін полоненими')], [text('енергетичне перемир’я')]] },
          { type: 'quote', content: [text('Ми готові до компромісів, але не до капітуляції.')], attribution: 'Рустем Умєров' },
          { type: 'paragraph', content: [text('Кінець.')] },
        ]);
        assert.deepEqual((await axeViolations(page)).map((v) => `${v.id}: ${v.help}`), [], 'axe finds nothing in the editor with the article in it');
        assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
      } finally {
        await tab.context.close();
      }
    });
  });
}
