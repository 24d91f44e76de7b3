import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, chromiumUnavailable, describeSerious, launchChromium, openTab, serveSite, visit } from './helpers/browser.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD } from './helpers/newsroom.js';
import { closeTestSites, unescapeHtml, writePlainArticle, type TestSite } from './helpers/site.js';

// Issue 15, item 4 in Chromium: an editor changes a published article, marks the change as a
// correction with a note in the workflow panel, and readers see 'Оновлено о …' and the note.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

const LEAD = 'Уряд затвердив план відновлення енергосистеми до 2030 року.';
const NOTE = 'у попередній версії помилково вказано 2028 рік.';

const readerText = async (base: string, path: string) => {
  const r = await fetch(`${base}${path}`);
  assert.equal(r.status, 200, path);
  return unescapeHtml((await r.text()).replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
};

for (const tdb of testDatabases) {
  describe(`corrections in Chromium (${tdb.dialect})`, { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 120_000 }, () => {
    let base: string;
    let site: TestSite;
    let email: string;

    before(async () => {
      if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
      const file = writePlainArticle(tempDir(), 'plan.txt', { crumbs: 'Головна Економіка', title: 'План відновлення енергосистеми', date: '2026-01-06 18:00', lead: LEAD.replace('2030', '2028'), tags: null });
      ({ base, site } = await serveSite(tdb, [file]));
      email = `corrections.${tdb.dialect}@example.com`;
      await addUser(site.database, 'editor', { name: 'Ірина Редакторка', email });
      browser ??= await launchChromium();
    });

    test('the lead corrected and marked: the change goes live with the mark, and readers see the line and the note', async () => {
      const { id, path } = site.imported[0]!;
      const tab = await openTab(browser!);
      const { page } = tab;
      try {
        await visit(page, `${base}/admin/login?next=${encodeURIComponent(`/admin/articles/${id}`)}`);
        await page.locator('input[name=email]').fill(email);
        await page.locator('input[name=password]').fill(PASSWORD);
        await Promise.all([page.waitForURL((u) => u.pathname === `/admin/articles/${id}`), page.locator('form button[type=submit]').click()]);
        const lead = page.getByLabel('Лід (коротко про головне)');
        await lead.waitFor();
        assert.doesNotMatch(await readerText(base, path), /Оновлено/);

        const panel = page.locator('.workflow');
        await panel.getByText('Позначок ще немає', { exact: false }).waitFor();
        await lead.fill(LEAD);
        await panel.getByLabel('Виправлення помилки').check();
        await panel.getByLabel('Примітка для читачів (необов’язково)').fill(NOTE);
        await panel.getByRole('button', { name: 'Позначити', exact: true }).click();
        await page.getByText(/^Позначено: на сторінці статті з’явилося «Оновлено об? \d{2}:\d{2}»\.$/).waitFor();
        await panel.locator('ul.corrections li', { hasText: NOTE }).waitFor();
        await panel.getByText('Позначка: Ірина Редакторка').waitFor();

        const text = await readerText(base, path);
        assert.ok(text.includes(LEAD), 'the unpublished change went live first');
        assert.match(text, /Оновлено об? \d{2}:\d{2}/);
        assert.match(text, new RegExp(`Виправлення, \\d{1,2} [а-яіїє]+ \\d{4}, \\d{2}:\\d{2}: ${NOTE.replace('.', '\\.')}`));
        assert.deepEqual(describeSerious(await axeViolations(page)), [], 'the editor with the control passes axe');

        // A mark made by mistake is removed.
        await panel.getByRole('button', { name: 'Прибрати позначку' }).click();
        await page.getByText('Позначку прибрано.').waitFor();
        assert.doesNotMatch(await readerText(base, path), /Оновлено о/);
        assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
      } finally {
        await tab.context.close();
      }
    });
  });
}
