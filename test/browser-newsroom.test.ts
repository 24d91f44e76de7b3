import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { updateUser } from '../src/storage/repositories/users.js';
import { axeViolations, chromiumUnavailable, describeSerious, launchChromium, naturalWidth, openTab, serveSite, visit, type Tab } from './helpers/browser.js';
import { referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs, type Client } from './helpers/newsroom.js';
import { closeTestSites, writePlainArticle, type TestSite } from './helpers/site.js';
import { surfaceOutline } from './helpers/surface.js';

// The newsroom end to end in Chromium: sign in, write the reference article in the editor
// (typing, pasting, a photo upload, section, authors, tags, the recap), publish it, and read it
// on the public site, on every database.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

/** The reference article's parts, read from the file as the site printed it. */
function readReference() {
  const text = fs.readFileSync(referenceArticle, 'utf8').trim();
  const [head, meta, ...paragraphs] = text.split(/\n\s*\n/);
  const [first, title] = head!.split('\n');
  const crumbs = first!.trim().split(/\s+/).slice(2);
  const [author, source, , caption, creditLine] = meta!.split('\n').map((l) => l.trim());
  const tagsLine = paragraphs.pop()!.replace(/^Теги:\s*/, '').trim();
  const lead = paragraphs.shift()!.trim();
  const recapAt = paragraphs.findIndex((p) => p.startsWith('Нагадаємо,'));
  const body = paragraphs.slice(0, recapAt).map((p) => p.trim());
  const recap = paragraphs.slice(recapAt).map((p) => p.trim());
  const quoteAt = body.findIndex((p) => p.startsWith('«'));
  const quoteMatch = /^«(.*)»,\s*–\s*(.+?)\.?$/s.exec(body[quoteAt]!)!;
  return {
    crumbs,
    title: title!.trim(),
    author: author!,
    source: source!,
    caption: caption!,
    credit: creditLine!.replace(/^фото:\s*/, ''),
    lead,
    body,
    quoteAt,
    quote: { text: quoteMatch[1]!, attribution: quoteMatch[2]! },
    recap,
    tagsLine,
  };
}

// Read only where the reference article is beside the clone (see withoutReference).
let ref!: ReturnType<typeof readReference>;
/** The tags line split into tags (some are several words), each with its kind. */
const TAGS: Array<[name: string, kind: string]> = [
  ['Володимир Зеленський', 'Персона'],
  ['переговори', 'Тема'],
  ['США', 'Місце'],
  ['Джаред Кушнер', 'Персона'],
  ['Стів Віткофф', 'Персона'],
];

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
const allTexts = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).map((s) => s.replace(/[ \t\r\n]+/g, ' ').trim());
/** The texts once they are `expected` (a second at most: a click's re-render may land after the click returns), else as they are. */
async function textsBecome(page: Page, selector: string, expected: string[]): Promise<string[]> {
  for (let i = 0; i < 20; i++) {
    const got = await allTexts(page, selector);
    if (JSON.stringify(got) === JSON.stringify(expected)) return got;
    await page.waitForTimeout(50);
  }
  return allTexts(page, selector);
}

/** A paste of HTML into the focused element (the writing surface), as the browser delivers it (clipboardData with text/html). */
async function pasteHtml(page: Page, markup: string) {
  // In the page's own realm (this file is compiled without the DOM types).
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData('text/html', ${JSON.stringify(markup)});
    data.setData('text/plain', ${JSON.stringify(markup.replace(/<[^>]+>/g, ''))});
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);
}

/** Signs in through the sign-in form and lands on `next`. */
async function signIn(page: Page, base: string, email: string, next: string) {
  await visit(page, `${base}/admin/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === next.split('?')[0]), page.locator('form button[type=submit]').click()]);
  await page.waitForLoadState('networkidle');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

for (const tdb of testDatabases) {
  describe(`the newsroom in Chromium (${tdb.dialect})`, { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 300_000 }, () => {
    let base: string;
    let site: TestSite;
    let jpeg: string;
    let earlierTitle: string;

    before(async () => {
      if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
      const dir = tempDir();
      // An earlier story in Світ › Політика: it makes the sections and is the recap's link.
      earlierTitle = 'Лідери «коаліції охочих» зібралися в Парижі';
      const earlier = writePlainArticle(dir, 'earlier.txt', {
        date: '2026-01-06 18:00',
        crumbs: 'Головна Світ Політика',
        title: earlierTitle,
        author: 'Дарина Ткачук',
        lead: 'У Парижі відбулася зустріч лідерів країн, які підтримують Україну.',
        body: ['Зустріч тривала кілька годин.'],
        tags: null,
      });
      const served = await serveSite(tdb, [earlier]);
      base = served.base;
      site = served.site;
      if (!withoutReference) ref = readReference();
      await addUser(served.site.database, 'admin', { name: ref?.author ?? 'Олена Редакторка', email: `editor.${tdb.dialect}@example.com` });
      jpeg = path.join(dir, 'lead.jpg');
      await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 40, g: 90, b: 160 } } }).jpeg().toFile(jpeg);
      browser ??= await launchChromium();
    });

    test('an editor writes, illustrates, tags and publishes the reference article; readers see all of it', { skip: withoutReference }, async () => {
      const tab: Tab = await openTab(browser!);
      const { page } = tab;
      try {
        // Sign in through the form.
        await visit(page, `${base}/admin/login?next=${encodeURIComponent('/admin/articles/new')}`);
        await page.locator('input[name=email]').fill(`editor.${tdb.dialect}@example.com`);
        await page.locator('input[name=password]').fill(PASSWORD);
        await Promise.all([page.waitForURL(/\/admin\/articles\/new$/), page.locator('form button[type=submit]').click()]);
        await page.waitForLoadState('networkidle');

        const title = page.getByLabel('Заголовок', { exact: true });
        await title.waitFor();
        assert.equal(await text(page, 'h1'), 'Нова стаття');
        // The byline starts as the account's own author.
        assert.deepEqual(await allTexts(page, '.authors .chip-name'), [ref.author]);

        await title.fill(ref.title);
        await page.getByLabel('Лід (коротко про головне)').fill(ref.lead);

        // The lead photo: caption and credit first, then the upload through the file input.
        const photo = page.locator('fieldset.photo');
        await photo.getByLabel('Підпис').fill(ref.caption);
        await photo.getByLabel('Автор фото (обов’язково)').fill(ref.credit);
        await photo.getByLabel('Опис для незрячих (alt)').fill(ref.caption);
        await photo.locator('input[type=file]').setInputFiles(jpeg);
        await photo.locator('.thumb img').waitFor();

        // The body: the first paragraph typed into the writing surface, Enter starts the next one ...
        await page.locator('.surface').click();
        await page.keyboard.insertText(ref.body[0]!);
        await page.keyboard.press('Enter');
        // ... into which the rest is pasted as HTML from another site: sanitized into blocks.
        const rest = ref.body.slice(1).map((p, i) =>
          i + 1 === ref.quoteAt
            ? `<blockquote><p>«${escape(ref.quote.text)}»</p><footer>– ${escape(ref.quote.attribution)}</footer></blockquote>`
            : `<p style="color:red" onclick="alert(1)">${escape(p)}<script>window.pwned = 1</script></p>`,
        );
        await pasteHtml(page, `<meta charset="utf-8"><div>${rest.join('')}<img src="https://example.com/x.jpg" alt="Чуже фото" onerror="window.pwned = 2"></div>`);
        assert.equal(await page.evaluate('typeof window.pwned'), 'undefined', 'no pasted script ran');
        const pastedImage = page.locator('.node-image');
        assert.match(await pastedImage.locator('.warn').innerText(), /завантажте його/);
        // The photo from another site goes: Backspace at the start of its caption selects it, the next removes it.
        await pastedImage.locator('figcaption').click();
        await page.keyboard.press('Home');
        await page.keyboard.press('Backspace');
        await page.keyboard.press('Backspace');
        assert.equal(await page.locator('.node-image').count(), 0);
        assert.deepEqual(
          (await surfaceOutline(page)).filter((l) => l !== 'p: '),
          ref.body.map((p, i) => (i === ref.quoteAt ? `quote: ${ref.quote.text} — ${ref.quote.attribution}` : `p: ${p}`)),
        );

        // The recap: its paragraphs and a link to the earlier story found by search.
        await page.getByLabel('Текст нагадування (абзаци через порожній рядок)').fill(ref.recap.join('\n\n'));
        await page.getByLabel('Знайти опубліковану статтю').fill('коаліції охочих');
        await page.getByRole('button', { name: `Додати: ${earlierTitle}` }).click();
        assert.deepEqual(await allTexts(page, 'fieldset.recap .chips .chip-name'), [earlierTitle]);

        // Section, a second author added and removed again, tags, source.
        await page.getByLabel('Розділ', { exact: true }).selectOption({ label: '— Політика' });
        await page.getByLabel('Додати автора', { exact: true }).selectOption({ label: 'Дарина Ткачук' });
        await page.getByRole('button', { name: 'Додати автора', exact: true }).click();
        assert.deepEqual(await textsBecome(page, '.authors .chip-name', [ref.author, 'Дарина Ткачук']), [ref.author, 'Дарина Ткачук']);
        await page.getByRole('button', { name: 'Прибрати автора Дарина Ткачук' }).click();
        assert.deepEqual(await textsBecome(page, '.authors .chip-name', [ref.author]), [ref.author]);
        const tagInput = page.getByRole('combobox', { name: 'Знайти або додати тег' });
        for (const [name, kind] of TAGS) {
          await page.getByLabel('Тип нового тегу').selectOption({ label: kind });
          await tagInput.fill(name);
          await page.getByRole('option', { name: `Створити тег «${name}»` }).click();
          await page.locator('fieldset.tags .chip-name', { hasText: name }).waitFor();
        }
        assert.equal((await allTexts(page, 'fieldset.tags .chip-name')).join(' '), ref.tagsLine);
        // Leaving the field and coming straight back (as to choose the kind) keeps what it suggests:
        // the list must not close on the blur when the focus has returned.
        await tagInput.evaluate((el: { blur(): void; focus(): void; value: string; dispatchEvent(e: unknown): boolean }) => {
          el.blur();
          el.focus();
          el.value = 'Сполучені Штати';
          el.dispatchEvent(new (globalThis as unknown as { Event: new (type: string) => unknown }).Event('input'));
        });
        const created = page.getByRole('option', { name: 'Створити тег «Сполучені Штати»' });
        await created.waitFor();
        await page.waitForTimeout(400);
        assert.ok(await created.isVisible(), 'the suggestions outlive the blur the focus came back from');
        await tagInput.press('Escape');
        await tagInput.fill('');
        await page.getByLabel('Джерело').fill(ref.source);
        assert.deepEqual(describeSerious(await axeViolations(page)), [], 'the filled-in editor passes axe (WCAG 2.x A/AA)');

        // Save with Ctrl+S: the draft exists and the address is the article's.
        await page.keyboard.press('Control+S');
        await page.locator('.save-status', { hasText: /^Збережено об? \d{2}:\d{2}$/ }).waitFor();
        await page.waitForURL(/\/admin\/articles\/\d+$/);
        assert.equal(await text(page, '.workflow .state'), 'Стан: Чернетка');
        assert.ok(ref.title.startsWith((await text(page, '.snippet-title')).replace(/…$/, '')), 'the search snippet shows the headline');
        assert.ok((await text(page, '.snippet-text')).length <= 160);
        assert.equal(await text(page, '.social-title'), ref.title);
        assert.ok((await naturalWidth(page.locator('.social img'))) > 0, 'the social card shows the photo');

        // Publish: the check first says what is risky (the reference headline is longer than search
        // engines show), each item leading to its field; the editor goes ahead; then the public page.
        await page.getByRole('button', { name: 'Опублікувати', exact: true }).click();
        const concerns = page.locator('.concerns');
        await concerns.waitFor();
        assert.deepEqual(await concerns.locator('li').allInnerTexts(), [`Заголовок має ${[...ref.title].length} знаків: пошуковики показують близько 70 і обріжуть решту.`]);
        assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent), 'Опублікувати все одно', 'the choice has the focus');
        await concerns.getByRole('button', { name: /Заголовок має/ }).click();
        assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { name: string } } }).document.activeElement.name), 'title', 'an item goes to its field');
        await page.getByRole('button', { name: 'Опублікувати все одно' }).click();
        await page.locator('.workflow .state', { hasText: 'Стан: Опубліковано' }).waitFor();
        const publicPath = await page.getByRole('link', { name: 'Відкрити на сайті' }).getAttribute('href');
        assert.match(publicPath!, /^\/svit\/polityka\/[a-z0-9-]+-\d+\.html$/);
        await page.locator('details.revisions-panel summary').click();
        await page.locator('ul.revisions li').first().waitFor();
        assert.ok((await page.locator('ul.revisions li').count()) >= 2, 'the versions are listed');

        const reader = await tab.context.newPage();
        await visit(reader, `${base}${publicPath}`);
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(new Date());
        assert.ok((await reader.locator('.article .meta time').getAttribute('datetime'))!.startsWith(today), 'the date of publication');
        assert.match(await reader.locator('.article .meta time').innerText(), /^\d{1,2} [а-яіїє]+ \d{4}, \d{2}:\d{2}$/);
        assert.deepEqual(await allTexts(reader, '.crumbs li'), ref.crumbs);
        assert.equal(await text(reader, 'h1'), ref.title);
        assert.equal(await text(reader, '.byline'), `Автор: ${ref.author}`);
        assert.equal(await text(reader, '.source'), `Джерело: ${ref.source}`);
        assert.ok((await naturalWidth(reader.locator('.lead-photo img'))) > 0, 'the lead photo loaded');
        assert.equal(await reader.locator('.lead-photo img').getAttribute('alt'), ref.caption);
        assert.equal((await reader.locator('.lead-photo figcaption').innerText()).replace(/\s+/g, ' ').trim(), `${ref.caption} Фото: ${ref.credit}`);
        assert.equal(await text(reader, '.lead-photo .credit'), `Фото: ${ref.credit}`);
        assert.equal(await text(reader, '.lead'), ref.lead);
        assert.deepEqual(await allTexts(reader, '.body > p'), ref.body.filter((_, i) => i !== ref.quoteAt));
        assert.equal(await text(reader, '.body blockquote p'), `«${ref.quote.text}»`);
        assert.equal(await text(reader, '.body blockquote footer'), `– ${ref.quote.attribution}`);
        assert.deepEqual(await allTexts(reader, '.recap p'), ref.recap);
        assert.deepEqual(await allTexts(reader, 'nav[aria-label="Теги"] a'), TAGS.map(([name]) => name));

        // Taken down, then scheduled for a time typed in Kyiv time.
        await page.getByRole('button', { name: 'Зняти з публікації' }).click();
        await page.locator('.workflow .state', { hasText: 'Стан: Знято з публікації' }).waitFor();
        await page.getByLabel('Дата й час виходу (за Києвом)').fill('2030-05-01T09:30');
        await page.getByRole('button', { name: 'Запланувати', exact: true }).click();
        await page.getByRole('button', { name: 'Запланувати все одно' }).click();
        await page.locator('.workflow .state', { hasText: 'Стан: Заплановано' }).waitFor();
        assert.equal(await text(page, '.workflow .when'), 'Вийде: 1 травня 2030, 09:30');
        const scheduled = await page.evaluate(`fetch(location.pathname.replace('/admin/', '/api/v1/admin/')).then((r) => r.json())`);
        assert.equal((scheduled as { article: { publishedAt: string } }).article.publishedAt, '2030-05-01T06:30:00.000Z');

        await reader.close();
        // The preview of the stored state (now scheduled) is the public page, with a change saved first.
        await page.getByLabel('Підзаголовок').fill('Підзаголовок для попереднього перегляду');
        const [preview] = await Promise.all([page.waitForEvent('popup'), page.getByRole('link', { name: 'Відкрити попередній перегляд (збережений стан)' }).click()]);
        await preview.waitForLoadState('load');
        assert.equal(new URL(preview.url()).pathname, `/admin/articles/${/(\d+)$/.exec(page.url())![1]}/preview`);
        assert.equal(await text(preview, 'h1'), ref.title);
        assert.equal(await text(preview, '.subtitle'), 'Підзаголовок для попереднього перегляду');
        await preview.close();

        assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
      } finally {
        await tab.context.close();
      }
    });

    // Picks the photo the first test uploaded, and its credit from the reference article: it needs both.
    test('two editors at once: presence, a conflict merged without a question, a crash copy restored, a revision restored', { skip: withoutReference }, async () => {
      const first = await addUser(site.database, 'editor', { name: 'Олена Перша' });
      const second = await addUser(site.database, 'editor', { name: 'Петро Другий' });
      // His verbs agree with him ('зберіг'); hers, of unknown gender, take the neutral wording.
      await updateUser(site.database.db, second.id, { gender: 'masculine' }, new Date());
      const api: Client = await signInAs(site.app, first);
      const created = await api.request('POST', '/api/v1/admin/articles', { title: 'Спільна стаття', lead: 'Перший лід' });
      assert.equal(created.status, 201, created.body);
      const id: number = created.json.article.id;
      const editorUrl = `${base}/admin/articles/${id}`;
      // A's save over B's is refused on purpose (409), and so is a headline too long (400).
      const a = await openTab(browser!, {}, { url: `${base}/api/v1/admin/articles/${id}`, status: [409, 400] });
      // The second editor is on a phone.
      const b = await openTab(browser!, { viewport: { width: 390, height: 844 } });
      try {
        await signIn(a.page, base, first.email, `/admin/articles/${id}`);
        await a.page.getByLabel('Заголовок', { exact: true }).waitFor();
        // A headline the server refuses: the editor says which field and why, in Ukrainian, and marks it.
        const title = a.page.getByLabel('Заголовок', { exact: true });
        await title.fill('Д'.repeat(301));
        await title.press('Control+S');
        await a.page.getByText('Перевірте поле «Заголовок»: не більше 300 символів').first().waitFor();
        assert.equal(await title.getAttribute('aria-invalid'), 'true');
        await title.fill('Спільна стаття');
        // Saved now (version 2), or A's next autosave could land before B's save below and make B the one in conflict.
        await title.press('Control+S');
        await a.page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        await signIn(b.page, base, second.email, `/admin/articles/${id}`);
        await b.page.getByLabel('Заголовок', { exact: true }).waitFor();
        assert.ok(await b.page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), 'nothing wider than a phone’s screen');
        // B arrives after A has said it has the article open.
        await b.page.locator('.presence', { hasText: 'Цю статтю зараз редагує: Олена Перша' }).waitFor();

        // B changes the lead, adds a tag A's page has never seen, and saves; A, still on the
        // older version, changes the headline. Neither touched what the other did: A's save
        // merges B's changes in without a question (the choice when both change one field:
        // browser-merge.test.ts).
        await b.page.getByLabel('Лід (коротко про головне)').fill('Лід від другого редактора');
        await b.page.getByLabel('Тип нового тегу').selectOption({ label: 'Персона' });
        await b.page.getByRole('combobox', { name: 'Знайти або додати тег' }).fill('Рустем Умєров');
        await b.page.getByRole('option', { name: 'Створити тег «Рустем Умєров»' }).click();
        await b.page.locator('fieldset.tags .chip-name', { hasText: 'Рустем Умєров' }).waitFor();
        await b.page.getByRole('button', { name: 'Зберегти', exact: true }).click();
        await b.page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        await a.page.getByLabel('Заголовок', { exact: true }).fill('Спільна стаття: заголовок першої');
        await a.page.getByLabel('Заголовок', { exact: true }).press('Control+S');
        await a.page.locator('.merge-note').getByText('Петро Другий змінив лід і теги — його зміни додано до ваших.', { exact: true }).waitFor();
        await a.page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        assert.ok(await a.page.locator('.conflict').isHidden(), 'nothing to choose');
        let stored = (await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
        assert.equal(stored.title, 'Спільна стаття: заголовок першої');
        assert.equal(stored.lead, 'Лід від другого редактора');
        assert.equal(await a.page.getByLabel('Лід (коротко про головне)').inputValue(), 'Лід від другого редактора');
        assert.deepEqual(await a.page.locator('fieldset.tags .chip-name').allTextContents(), ['Рустем Умєров'], 'the tag taken from them shows its name, not its id');
        assert.equal(stored.tagIds.length, 1);

        // The lead photo chosen from the media library: its credit comes with it.
        await a.page.locator('fieldset.photo').getByRole('button', { name: 'Вибрати з медіатеки' }).click();
        const library = a.page.getByRole('dialog', { name: 'Медіатека' });
        await library.locator('.media-item').first().click();
        await library.waitFor({ state: 'hidden' });
        assert.ok((await naturalWidth(a.page.locator('fieldset.photo .thumb img'))) > 0, 'the chosen photo is shown');
        assert.equal(await a.page.locator('fieldset.photo').getByLabel('Автор фото (обов’язково)').inputValue(), ref.credit);
        await a.page.keyboard.press('Control+S');
        await a.page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        stored = (await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
        assert.equal(stored.photo?.credit, ref.credit);

        // Body blocks of every other kind, each from the block menu ('/' on an empty line): a photo
        // from the library (its caption and credit come with it), a numbered list, an embedded link.
        await a.page.locator('.surface').focus();
        await a.page.keyboard.press('Control+End');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.type('/');
        await a.page.getByRole('menuitem', { name: 'Фото з медіатеки' }).click();
        const photoBlock = a.page.locator('.node-image');
        await photoBlock.getByRole('button', { name: 'Вибрати з медіатеки' }).click();
        await library.locator('.media-item').first().click();
        await photoBlock.locator('.thumb img').waitFor();
        assert.equal(await photoBlock.locator('input[data-field=credit]').inputValue(), ref.credit);
        await photoBlock.locator('figcaption').click();
        await a.page.keyboard.press('End');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.type('/');
        await a.page.getByRole('menuitem', { name: 'Нумерований список' }).click();
        await a.page.keyboard.type('перший пункт');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.type('другий пункт');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.press('Enter');
        await a.page.keyboard.type('/');
        await a.page.getByRole('menuitem', { name: 'Посилання (вбудоване)' }).click();
        await a.page.keyboard.type('https://www.president.gov.ua/news');
        await a.page.keyboard.press('Tab');
        await a.page.keyboard.type('Офіс президента');
        await a.page.keyboard.press('Control+S');
        await a.page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        stored = (await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
        assert.deepEqual(
          stored.body.filter((x: { type: string }) => x.type !== 'paragraph'),
          [
            { type: 'image', mediaId: stored.photo.mediaId, caption: [{ type: 'text', text: ref.caption }], credit: ref.credit, alt: ref.caption },
            { type: 'list', ordered: true, items: [[{ type: 'text', text: 'перший пункт' }], [{ type: 'text', text: 'другий пункт' }]] },
            { type: 'embed', url: 'https://www.president.gov.ua/news', title: 'Офіс президента' },
          ],
        );

        // A crash: a copy of unsaved work left in localStorage is offered on the next visit.
        await a.page.evaluate(
          ([key, copy]) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(key!, copy!),
          [`shpalta:editor:${id}`, JSON.stringify({ savedAt: new Date().toISOString(), baseVersion: stored.version, fields: { ...stored, subtitle: 'Підзаголовок, що пережив збій' } })],
        );
        await visit(a.page, editorUrl);
        await a.page.getByText(/^У цьому браузері є незбережені зміни від/).waitFor();
        await a.page.getByRole('button', { name: 'Відновити їх' }).click();
        assert.equal(await a.page.getByLabel('Підзаголовок').inputValue(), 'Підзаголовок, що пережив збій');
        await a.page.keyboard.press('Control+S');
        await a.page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        stored = (await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
        assert.equal(stored.subtitle, 'Підзаголовок, що пережив збій');

        // Autosave: a change reaches the server within the five seconds, without Ctrl+S.
        await a.page.getByLabel('Джерело').fill('Укрінформ');
        await a.page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor({ timeout: 8_000 });
        assert.equal((await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article.source, 'Укрінформ');

        // Revisions: the first version's differences, then restoring it.
        await a.page.locator('details.revisions-panel summary').click();
        const oldest = a.page.locator('ul.revisions li button').last();
        assert.match(await oldest.innerText(), /^Версія 1 · створення/);
        await oldest.click();
        await a.page.locator('.diff dt').getByText('Заголовок', { exact: true }).waitFor();
        assert.ok((await a.page.locator('.diff ins').count()) > 0 && (await a.page.locator('.diff del').count()) > 0, 'the difference is marked');
        await a.page.getByRole('button', { name: 'Відновити версію 1' }).click();
        await a.page.getByText('Версію 1 відновлено.').waitFor();
        assert.equal(await a.page.getByLabel('Заголовок', { exact: true }).inputValue(), 'Спільна стаття');
        stored = (await api.request('GET', `/api/v1/admin/articles/${id}`)).json.article;
        assert.equal(stored.title, 'Спільна стаття');
        assert.equal(stored.lead, 'Перший лід');

        assert.deepEqual(a.problems, [], 'no unexpected errors for the first editor');
        assert.deepEqual(b.problems, [], 'no errors for the second editor');
      } finally {
        await a.context.close();
        await b.context.close();
      }
    });
  });
}
