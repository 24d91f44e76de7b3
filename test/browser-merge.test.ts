import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { updateUser } from '../src/storage/repositories/users.js';
import { axeViolations, chromiumUnavailable, launchChromium, openTab, serveSite, visit, type Tab } from './helpers/browser.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs } from './helpers/newsroom.js';
import { closeTestSites, writePlainArticle, type TestSite } from './helpers/site.js';

// Issue 15, a three-way merge on conflicts, in Chromium: two editors in two browsers change the
// same draft. What only the other changed comes in without a question; only a field both
// changed, differently, is offered to choose.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

async function signIn(page: Page, base: string, email: string, next: string) {
  await visit(page, `${base}/admin/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.locator('form button[type=submit]').click()]);
  await page.waitForLoadState('networkidle');
  await page.getByLabel('Заголовок', { exact: true }).waitFor();
}

/** Types at the end of the body's paragraph `n` (from 0), as a person does. */
async function typeInParagraph(page: Page, n: number, text: string) {
  await page.locator('.surface > p').nth(n).click();
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

const saved = (page: Page) => page.locator('.save-status', { hasText: /^Збережено об? \d{2}:\d{2}/ }).waitFor();

for (const tdb of testDatabases) {
  describe(`a conflict merged three ways in Chromium (${tdb.dialect})`, { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 180_000 }, () => {
    let base: string;
    let site: TestSite;

    before(async () => {
      if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
      const file = writePlainArticle(tempDir(), 'grid.txt', { crumbs: 'Головна Економіка', title: 'Графіки відключень скасовано', date: '2026-01-06 18:00', lead: 'Енергетики відновили мережу.', tags: null });
      ({ base, site } = await serveSite(tdb, [file]));
      browser ??= await launchChromium();
    });

    test('changes to other fields and other paragraphs merge without a question; a headline both changed is the only thing asked', async () => {
      const olena = await addUser(site.database, 'editor', { name: 'Олена Коваль', email: `olena.${tdb.dialect}@example.com` });
      const taras = await addUser(site.database, 'editor', { name: 'Тарас Мельник', email: `taras.${tdb.dialect}@example.com` });
      await updateUser(site.database.db, olena.id, { gender: 'feminine' }, new Date());
      await updateUser(site.database.db, taras.id, { gender: 'masculine' }, new Date());
      const api = await signInAs(site.app, olena);
      const created = await api.request('POST', '/api/v1/admin/articles', { title: 'Енергосистема після атаки', lead: 'Уряд оцінює збитки.', body: [paragraph('Перший абзац.'), paragraph('Другий абзац.')] });
      assert.equal(created.status, 201, created.body);
      const id: number = created.json.article.id;
      const path = `/admin/articles/${id}`;
      const stored = async () => (await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
      // Each meets a version conflict on purpose: the 409 of its save is expected.
      const expected = { url: `${base}/api/v1/admin/articles/${id}`, status: 409 };
      const a: Tab = await openTab(browser!, {}, expected);
      const b: Tab = await openTab(browser!, {}, expected);
      try {
        await signIn(a.page, base, olena.email, path);
        await signIn(b.page, base, taras.email, path);

        // Олена changes the headline and the first paragraph, and saves (version 2).
        await a.page.getByLabel('Заголовок', { exact: true }).fill('Енергосистема після атаки: що відомо');
        await typeInParagraph(a.page, 0, ' Доповнено.');
        await a.page.keyboard.press('Control+S');
        await saved(a.page);

        // Тарас, still on version 1, adds a tag and changes the second paragraph. His save meets
        // her version and merges: no question, her changes come into his form, and both are stored.
        await b.page.getByLabel('Тип нового тегу').selectOption({ label: 'Тема' });
        await b.page.getByRole('combobox', { name: 'Знайти або додати тег' }).fill('енергетика');
        await b.page.getByRole('option', { name: 'Створити тег «енергетика»' }).click();
        await b.page.locator('fieldset.tags .chip-name', { hasText: 'енергетика' }).waitFor();
        await typeInParagraph(b.page, 1, ' Уточнено.');
        const conflicted = b.page.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/articles/${id}`) && r.request().method() === 'PUT' && r.status() === 409);
        await b.page.getByRole('button', { name: 'Зберегти', exact: true }).click();
        await conflicted;
        await b.page.locator('.merge-note').getByText('Олена Коваль змінила заголовок і текст — її зміни додано до ваших.', { exact: true }).waitFor();
        await saved(b.page);
        assert.ok(await b.page.locator('.conflict').isHidden(), 'no dialog');
        assert.equal(await b.page.getByLabel('Заголовок', { exact: true }).inputValue(), 'Енергосистема після атаки: що відомо');
        let article = await stored();
        // Version 3, or 4 when his autosave met her version first (typing took longer than the
        // autosave's pause, as on a loaded machine) and his click then saved once more.
        assert.ok(article.version >= 3, `version ${article.version}`);
        let version: number = article.version;
        assert.equal(article.title, 'Енергосистема після атаки: що відомо');
        assert.deepEqual(article.body, [paragraph('Перший абзац. Доповнено.'), paragraph('Другий абзац. Уточнено.')]);
        assert.equal(article.tagIds.length, 1, 'his tag');
        assert.deepEqual(await b.page.locator('.surface > p').allTextContents(), ['Перший абзац. Доповнено.', 'Другий абзац. Уточнено.']);
        assert.deepEqual((await axeViolations(b.page)).map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`), [], 'axe finds nothing with the note shown');

        // Both change the headline, differently. Олена saves first: his tag and paragraph come
        // into her form without a question (her headline is hers alone against version 2).
        await a.page.getByLabel('Заголовок', { exact: true }).fill('Енергосистема: версія Олени');
        await a.page.keyboard.press('Control+S');
        await a.page.locator('.merge-note').getByText('Тарас Мельник змінив текст і теги — його зміни додано до ваших.', { exact: true }).waitFor();
        await saved(a.page);
        assert.deepEqual(await a.page.locator('fieldset.tags .chip-name').allTextContents(), ['енергетика'], 'his tag, by its name');
        article = await stored();
        assert.ok(article.version > version, `version ${article.version} after ${version}`);
        version = article.version;
        assert.equal(article.title, 'Енергосистема: версія Олени');
        assert.equal(article.tagIds.length, 1);

        // Тарас then saves his headline over version 3: the headline alone is asked.
        await b.page.getByLabel('Заголовок', { exact: true }).fill('Енергосистема: версія Тараса');
        await b.page.getByLabel('Лід (коротко про головне)').fill('Уряд оцінює збитки після нічної атаки.');
        await b.page.getByRole('button', { name: 'Зберегти', exact: true }).click();
        const conflict = b.page.getByRole('region', { name: 'Статтю змінили в іншому вікні' });
        await conflict.waitFor();
        await conflict.getByText(new RegExp(`^\\d{1,2} [а-яіїє]+ \\d{4} об? \\d{2}:\\d{2} Олена Коваль зберегла версію ${version}\\.`)).waitFor();
        const rows = conflict.locator('table.compare tbody tr');
        assert.deepEqual(await rows.locator('th').allTextContents(), ['Заголовок'], 'only the field both changed');
        assert.deepEqual((await rows.locator('td').allTextContents()).slice(0, 2), ['Енергосистема: версія Тараса', 'Енергосистема: версія Олени']);
        assert.deepEqual((await axeViolations(b.page)).map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`), [], 'axe finds nothing with the choice shown');
        await rows.getByLabel('Їхнє').check();
        await conflict.getByRole('button', { name: 'Зберегти вибране' }).click();
        await saved(b.page);
        article = await stored();
        assert.equal(article.version, version + 1);
        assert.equal(article.title, 'Енергосистема: версія Олени', 'her headline, as he chose');
        assert.equal(article.lead, 'Уряд оцінює збитки після нічної атаки.', 'his lead, which only he changed');
        assert.equal(await b.page.getByLabel('Заголовок', { exact: true }).inputValue(), 'Енергосистема: версія Олени');

        assert.deepEqual(a.problems, [], 'no unexpected errors for Олена');
        assert.deepEqual(b.problems, [], 'no unexpected errors for Тарас');
      } finally {
        await a.context.close();
        await b.context.close();
      }
    });

    test('a published article: his unpublished lead meets her published headline at «Оновити», and both go live', async () => {
      const { id, path: publicPath } = site.imported[0]!;
      const iryna = await addUser(site.database, 'editor', { name: 'Ірина Бондар', email: `iryna.${tdb.dialect}@example.com` });
      const petro = await addUser(site.database, 'editor', { name: 'Петро Шевчук', email: `petro.${tdb.dialect}@example.com` });
      const path = `/admin/articles/${id}`;
      const a: Tab = await openTab(browser!);
      const b: Tab = await openTab(browser!);
      try {
        await signIn(a.page, base, petro.email, path);
        await signIn(b.page, base, iryna.email, path);
        // Ірина (her gender not given) publishes a new headline; Петро, who opened the
        // article before, changes the lead in his working copy and publishes it after her.
        await b.page.getByLabel('Заголовок', { exact: true }).fill('Графіки відключень скасовано по всій країні');
        await b.page.getByRole('button', { name: 'Оновити', exact: true }).click();
        await b.page.locator('.save-status', { hasText: /^Оновлено об? \d{2}:\d{2}: читачі бачать зміни\.$/ }).waitFor();
        await a.page.getByLabel('Лід (коротко про головне)').fill('Енергетики відновили мережу до ранку.');
        await a.page.getByRole('button', { name: 'Оновити', exact: true }).click();
        await a.page.locator('.merge-note').getByText('Ірина Бондар: змінено заголовок — ці зміни додано до ваших.', { exact: true }).waitFor();
        await a.page.locator('.save-status', { hasText: /^Оновлено об? \d{2}:\d{2}: читачі бачать зміни\.$/ }).waitFor();
        assert.ok(await a.page.locator('.conflict').isHidden(), 'no dialog');
        const page = await (await fetch(`${base}${publicPath}`)).text();
        assert.ok(page.includes('Графіки відключень скасовано по всій країні'), 'her headline is live');
        assert.ok(page.includes('Енергетики відновили мережу до ранку.'), 'his lead is live');
        const left = await site.database.db.selectFrom('article_working_copies').select('article_id').execute();
        assert.deepEqual(left, [], 'no working copy is left');
        // The 409 his first attempt met is the only error.
        const unexpected = (problems: string[]) => problems.filter((p) => !/409/.test(p));
        assert.deepEqual(unexpected(a.problems), [], 'no unexpected errors for Петро');
        assert.deepEqual(b.problems, [], 'no errors for Ірина');
      } finally {
        await a.context.close();
        await b.context.close();
      }
    });

    test('work restored from this browser, made on an older version: the base is read from the revisions, and the merge asks nothing', async () => {
      const sofia = await addUser(site.database, 'editor', { name: 'Софія Лисенко', email: `sofia.${tdb.dialect}@example.com` });
      const danylo = await addUser(site.database, 'editor', { name: 'Данило Гнатюк', email: `danylo.${tdb.dialect}@example.com` });
      await updateUser(site.database.db, sofia.id, { gender: 'feminine' }, new Date());
      const api = await signInAs(site.app, sofia);
      const created = await api.request('POST', '/api/v1/admin/articles', { title: 'Мости через Дніпро', lead: 'Рух відновлено.' });
      assert.equal(created.status, 201, created.body);
      const first = created.json.article;
      const id: number = first.id;
      const fields = { title: first.title, subtitle: first.subtitle, lead: first.lead, body: first.body, sectionId: first.sectionId, authorIds: first.authorIds, tagIds: first.tagIds, source: first.source, photo: first.photo, recap: first.recap, isMain: first.isMain, isBreaking: first.isBreaking, slug: first.slug };
      const path = `/admin/articles/${id}`;
      const tab: Tab = await openTab(browser!, {}, { url: `${base}/api/v1/admin/articles/${id}`, status: 409 });
      try {
        await signIn(tab.page, base, danylo.email, path);
        // His tab closed with a subtitle unsaved on version 1; since then Софія saved a new headline (version 2).
        await tab.page.evaluate(
          ([key, copy]) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(key!, copy!),
          [`shpalta:editor:${id}`, JSON.stringify({ savedAt: new Date().toISOString(), baseVersion: 1, fields: { ...fields, subtitle: 'Підзаголовок, що пережив збій' } })],
        );
        const saved2 = await api.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: 1, article: { ...fields, title: 'Мости через Дніпро знову відкриті' } });
        assert.equal(saved2.status, 200, saved2.body);
        await visit(tab.page, `${base}${path}`);
        await tab.page.getByRole('button', { name: 'Відновити їх' }).click();
        assert.equal(await tab.page.getByLabel('Заголовок', { exact: true }).inputValue(), 'Мости через Дніпро', 'the copy as it was made');
        await tab.page.keyboard.press('Control+S');
        await tab.page.locator('.merge-note').getByText('Софія Лисенко змінила заголовок — її зміни додано до ваших.', { exact: true }).waitFor();
        await saved(tab.page);
        const article = (await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
        assert.equal(article.version, 3);
        assert.equal(article.title, 'Мости через Дніпро знову відкриті', 'her headline, which his copy did not change');
        assert.equal(article.subtitle, 'Підзаголовок, що пережив збій', 'his subtitle');
        assert.deepEqual(tab.problems, []);
      } finally {
        await tab.context.close();
      }
    });
  });
}
