import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumUnavailable, launchChromium, openTab, serveSite, visit } from './helpers/browser.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD } from './helpers/newsroom.js';
import { closeTestSites, writePlainArticle, type TestSite } from './helpers/site.js';

// Issue 13 A in Chromium: an editor types into the lead of a published article; the autosaves
// go to a working copy and readers keep the published text until 'Оновити'.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

const LEAD = 'Уряд затвердив план відновлення енергосистеми.';

/** The public page as an anonymous reader gets it: no cookie, so through the page cache. */
async function readerPage(base: string, path: string) {
  const r = await fetch(`${base}${path}`);
  assert.equal(r.status, 200, path);
  return { body: await r.text(), cache: r.headers.get('x-cache') };
}

/** Resolves when the editor has made `n` more saves (of the article or of its working copy) and each was answered. */
function copySaves(page: Page, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const listener = (r: { url(): string; request(): { method(): string }; status(): number }) => {
      if (r.request().method() === 'PUT' && /\/api\/v1\/admin\/articles\/\d+(\/working-copy)?$/.test(r.url()) && r.status() === 200 && ++seen === n) {
        page.off('response', listener);
        resolve();
      }
    };
    page.on('response', listener);
  });
}

for (const tdb of testDatabases) {
  describe(`working copies in Chromium (${tdb.dialect})`, { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 180_000 }, () => {
    let base: string;
    let site: TestSite;
    let email: string;

    before(async () => {
      if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
      const dir = tempDir();
      const file = writePlainArticle(dir, 'energy.txt', { crumbs: 'Головна Економіка', title: 'План відновлення енергосистеми', date: '2026-01-06 18:00', lead: LEAD, tags: null });
      ({ base, site } = await serveSite(tdb, [file]));
      email = `copy.${tdb.dialect}@example.com`;
      await addUser(site.database, 'editor', { name: 'Ірина Редакторка', email });
      browser ??= await launchChromium();
    });

    test('typing into a published lead: two autosaves and Ctrl+S leave the public page alone; Оновити publishes; a copy left behind is offered and can be left', async () => {
      const id = site.imported[0]!.id;
      const publicPath = site.imported[0]!.path;
      const tab = await openTab(browser!);
      const { page } = tab;
      try {
        await visit(page, `${base}/admin/login?next=${encodeURIComponent(`/admin/articles/${id}`)}`);
        await page.locator('input[name=email]').fill(email);
        await page.locator('input[name=password]').fill(PASSWORD);
        await Promise.all([page.waitForURL((u) => u.pathname === `/admin/articles/${id}`), page.locator('form button[type=submit]').click()]);
        await page.waitForLoadState('networkidle');
        const lead = page.getByLabel('Лід (коротко про головне)');
        await lead.waitFor();
        assert.equal(await page.locator('.workflow .state').innerText(), 'Стан: Опубліковано');
        await readerPage(base, publicPath);
        assert.equal((await readerPage(base, publicPath)).cache, 'HIT', 'the reader’s page is cached');

        // Typing, as a person types, across two autosaves.
        const saves = copySaves(page, 2);
        await lead.click();
        await lead.press('Control+End');
        await lead.pressSequentially(' Перші роботи почнуться', { delay: 15 });
        await page.waitForTimeout(5_500);
        await lead.pressSequentially(' навесні', { delay: 15 });
        await saves;
        let seen = await readerPage(base, publicPath);
        assert.ok(!seen.body.includes('Перші роботи'), 'readers see nothing of what is being typed');
        assert.ok(seen.body.includes(LEAD), 'but the published lead');
        await page.locator('.save-status', { hasText: /^Є неопубліковані зміни, збережено об? \d{2}:\d{2}\. Читачі їх не побачать, доки ви не натиснете «Оновити»\.$/ }).waitFor();

        // Ctrl+S keeps the changes unpublished too.
        await lead.pressSequentially('.', { delay: 15 });
        const saved = copySaves(page, 1);
        await page.keyboard.press('Control+S');
        await saved;
        assert.ok(!(await readerPage(base, publicPath)).body.includes('Перші роботи'), 'Ctrl+S does not publish');

        // 'Оновити' does, at once.
        await page.getByRole('button', { name: 'Оновити', exact: true }).click();
        await page.locator('.save-status', { hasText: /^Оновлено об? \d{2}:\d{2}: читачі бачать зміни\.$/ }).waitFor();
        seen = await readerPage(base, publicPath);
        assert.ok(seen.body.includes(`${LEAD} Перші роботи почнуться навесні.`), 'readers see the update');
        assert.ok(await page.getByRole('button', { name: 'Оновити', exact: true }).isDisabled(), 'nothing left to publish');

        // Changes left behind (the tab closed) are offered on the next opening; leaving them
        // brings back what readers see.
        const third = copySaves(page, 1);
        await lead.pressSequentially(' Чернетка змін.', { delay: 15 });
        await third;
        await visit(page, `${base}/admin/articles/${id}`);
        await page.getByText(/^У вас є неопубліковані зміни цієї статті від \d{1,2} [а-яіїє]+ \d{4}, \d{2}:\d{2}\.$/).waitFor();
        assert.equal(await lead.inputValue(), `${LEAD} Перші роботи почнуться навесні.`, 'the form shows the published article until asked');
        await page.getByRole('button', { name: 'Відновити зміни' }).click();
        assert.equal(await lead.inputValue(), `${LEAD} Перші роботи почнуться навесні. Чернетка змін.`);
        await page.locator('.save-status', { hasText: /неопубліковані зміни/ }).waitFor();
        await page.getByRole('button', { name: 'Відкинути зміни' }).click();
        await page.locator('.save-status', { hasText: /^Неопубліковані зміни відкинуто/ }).waitFor();
        assert.equal(await lead.inputValue(), `${LEAD} Перші роботи почнуться навесні.`);
        assert.ok(!(await readerPage(base, publicPath)).body.includes('Чернетка змін'));
        const left = await site.database.db.selectFrom('article_working_copies').select('article_id').execute();
        assert.deepEqual(left, [], 'the copy is gone from the server');

        assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
      } finally {
        await tab.context.close();
      }
    });
  });
}
