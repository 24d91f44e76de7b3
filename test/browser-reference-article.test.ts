import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import type { RichText } from '../src/contract/model.js';
import { parsePlainArticle, type ParsedPlainArticle } from '../src/core/plain-text/parse.js';
import { plainText } from '../src/core/rich-text.js';
import { uk } from '../src/core/i18n/uk.js';
import { HEADLINE_SHOWN } from '../src/services/newsroom/prepublish.js';
import { DEFAULT_PREVIEW_FETCH } from '../src/services/social-preview/fetch.js';
import { axeViolations, chromiumUnavailable, launchChromium, openTab, serveSite, visit } from './helpers/browser.js';
import { referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs, type Client } from './helpers/newsroom.js';
import { closeTestSites, SITE_URL, unescapeHtml, writePlainArticle } from './helpers/site.js';
import { startPlatformServer, type PlatformServer } from './helpers/social-platforms.js';
import { surfaceOutline } from './helpers/surface.js';

// Issue 15's 'Done when': a journalist writes the reference article from scratch in the editor
// with the keyboard alone (headline, lead, the text with a link to the source and one to an
// earlier article of ours, the Telegram post it quotes as a social block filled from the
// platform's page, a photo dropped into the text with its caption and credit typed inline, the
// recap with its link, section, tags, byline), publishes it, and readers get the links and the
// card on the page, in the full-text feed and from the read API. The only pointer action is the
// drop, dispatched as the browser delivers it.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

const EARLIER = 'Лідери «коаліції охочих» зібралися в Парижі';
const POST_URL = 'https://t.me/V_Zelenskiy_official/16999';
const SOURCE_URL = 'https://glavcom.ua/';
const PHOTO_ALT = 'Делегації України та США за столом перемовин';

const press = async (page: Page, ...keys: string[]) => {
  for (const k of keys) await page.keyboard.press(k);
};
/** What has the focus: its accessible label, else its text, else its tag. */
const active = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    const by = el.getAttribute('aria-labelledby');
    const label = (by && document.getElementById(by)) || (el.id && document.querySelector('label[for="' + el.id + '"]'));
    return el.getAttribute('aria-label') || (label && label.textContent.trim()) || el.textContent.trim().slice(0, 80) || el.tagName;
  })()`) as Promise<string>;

/** Tab until the focused element is the one `wanted` names (a writer does not count the fields on the way). */
async function tabTo(page: Page, wanted: string | RegExp, o: { back?: boolean } = {}) {
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    const now = await active(page);
    if (typeof wanted === 'string' ? now === wanted : wanted.test(now)) return;
    seen.push(now);
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${wanted}; it went through: ${seen.join(' → ')}`);
}

/** Types `text` and selects the last `phrase.length` characters of it with Shift+←. */
async function typeAndSelect(page: Page, text: string, phrase: string) {
  assert.ok(text.endsWith(phrase));
  await page.keyboard.type(text);
  for (let i = 0; i < phrase.length; i++) await page.keyboard.press('Shift+ArrowLeft');
}

/** The one part of `text` around `phrase`: [before and with it, after]. */
function splitAfter(text: string, phrase: string): [string, string] {
  const at = text.indexOf(phrase);
  assert.ok(at >= 0, `«${phrase}» is in «${text}»`);
  return [text.slice(0, at + phrase.length), text.slice(at + phrase.length)];
}

for (const tdb of testDatabases) {
  describe(`the reference article written in the editor with the keyboard alone (${tdb.dialect})`, { skip: withoutReference || (unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false), timeout: 180_000 }, () => {
    let base: string;
    let ref: ParsedPlainArticle;
    let paragraphs: string[];
    let quote: string;
    let platforms: PlatformServer;
    let editor: Client;
    let earlierId: number;
    let email: string;

    before(async () => {
      if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
      ref = parsePlainArticle(fs.readFileSync(referenceArticle, 'utf8'), referenceArticle);
      // The text is paragraphs but for the second block: the words of the Telegram post it quotes.
      assert.deepEqual(ref.body.map((b) => b.type), ['paragraph', 'quote', ...ref.body.slice(2).map(() => 'paragraph')]);
      const texts = ref.body.map((b) => plainText((b as { content: RichText }).content));
      quote = texts[1]!;
      paragraphs = [texts[0]!, ...texts.slice(2)];
      platforms = await startPlatformServer({ telegram: { [new URL(POST_URL).pathname.slice(1)]: { accountName: 'Володимир Зеленський', text: quote, postedAt: '2026-01-06T21:40:00+00:00', delayMs: 1_500 } } });
      const earlier = writePlainArticle(tempDir(), 'earlier.txt', { date: '2026-01-06 20:15', crumbs: 'Головна Світ Політика', title: EARLIER, tags: null });
      const served = await serveSite(tdb, [earlier], { config: { socialPreview: { ...DEFAULT_PREVIEW_FETCH, origin: platforms.origin, timeoutMs: 3000 } } });
      base = served.base;
      earlierId = served.site.imported[0]!.id;
      email = `reference.${tdb.dialect}@example.com`;
      editor = await signInAs(served.site.app, await addUser(served.site.database, 'editor', { name: ref.authors[0]!, email }));
      // Tags the newsroom has used before; the two other names are new and made here by the writer.
      for (const [name, kind] of [['Володимир Зеленський', 'person'], ['переговори', 'topic'], ['США', 'place']]) {
        const r = await editor.request('POST', '/api/v1/admin/tags', { name, kind });
        assert.equal(r.status, 201, r.body);
      }
      browser ??= await launchChromium();
    });
    after(() => platforms?.close());

    test('written, published, and shown with its links and the card on the page, in RSS and in the API; axe finds nothing in the editor', async () => {
      const tab = await openTab(browser!);
      const { page } = tab;
      await tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      try {
        await visit(page, `${base}/admin/login?next=${encodeURIComponent('/admin/articles/new')}`);
        await page.keyboard.type(email);
        await page.keyboard.press('Tab');
        await page.keyboard.type(PASSWORD);
        await Promise.all([page.waitForURL(/\/admin\/articles\/new$/), page.keyboard.press('Enter')]);
        await page.locator('.surface').waitFor();

        // Headline (it has the focus), lead.
        await page.keyboard.type(ref.title);
        await tabTo(page, 'Лід (коротко про головне)');
        await page.keyboard.type(ref.lead);
        await tabTo(page, 'Текст статті');

        // 1. The source named in the first paragraph is a link to it (Ctrl+K, the address).
        const [toSource, afterSource] = splitAfter(paragraphs[0]!, 'Главком');
        await typeAndSelect(page, toSource, 'Главком');
        await page.keyboard.press('Control+K');
        const dialog = page.getByRole('dialog', { name: 'Посилання' });
        await dialog.waitFor();
        await page.keyboard.type(SOURCE_URL);
        await page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'hidden' });
        await page.keyboard.press('End');
        await page.keyboard.type(afterSource);
        await page.keyboard.press('Enter');

        // 2. The photo, dropped on the empty line; its caption typed where it shows, Tab: its credit and alt.
        const png = (await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 70, b: 140 } } }).png().toBuffer()).toString('base64');
        await page.evaluate(`(() => {
          const bytes = Uint8Array.from(atob(${JSON.stringify(png)}), (c) => c.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], 'zustrich-u-paryzhi.png', { type: 'image/png' }));
          const line = getSelection().anchorNode;
          const box = (line.nodeType === 1 ? line : line.parentElement).getBoundingClientRect();
          document.querySelector('.surface').dispatchEvent(new DragEvent('drop', { dataTransfer: data, clientX: box.left + 5, clientY: box.top + box.height / 2, bubbles: true, cancelable: true }));
        })()`);
        await page.locator('.node-image').waitFor();
        await page.keyboard.type(ref.photo!.caption);
        // Tab: past 'Вибрати з медіатеки' (another photo instead of this one), the credit.
        await tabTo(page, 'Автор фото (обов’язково)');
        await page.keyboard.type(ref.photo!.credit);
        await page.keyboard.press('Tab');
        assert.equal(await active(page), 'Опис для незрячих (alt)');
        await page.keyboard.type(PHOTO_ALT);
        await page.keyboard.press('Escape');

        // 3. The post the reference quotes: its address pasted on the empty line (Ctrl+V) makes
        // the block, filled from the post's page.
        await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(POST_URL)})`);
        await page.keyboard.press('Control+V');
        const social = page.locator('.node-social');
        await social.waitFor();
        // Saved (Ctrl+S) while the platform is still answering: the post, empty yet, waits in the
        // editor, and the rest is saved (the server refused the whole article for it).
        await page.keyboard.press('Control+S');
        const status = page.locator('.save-status');
        // What the save ended in, as it showed then: the post's page may answer right after and
        // make the article unsaved again ('Є незбережені зміни'), as it should.
        const ended = await Promise.race([
          status.filter({ hasText: /^Збережено о/ }).waitFor().then(() => 'saved', () => 'no save shown'),
          // The other stays waiting until the page closes: its end is caught, not left unhandled.
          page.locator('.save-status[data-kind=error]').waitFor().then(async () => `error: ${await status.innerText()}`, () => 'no save shown'),
        ]);
        assert.equal(ended, 'saved');
        assert.deepEqual(tab.problems, []);
        // Functions, not strings: the editor's Content-Security-Policy forbids eval.
        await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { value: string } } }).document.querySelector('.node-social [data-field=accountName]').value !== '');

        // 4. A link to our earlier article on the words that name that meeting, found by search.
        const [toMeeting, afterMeeting] = splitAfter(paragraphs[1]!, 'зустрічі «коаліції охочих»');
        await typeAndSelect(page, toMeeting, 'зустрічі «коаліції охочих»');
        await page.keyboard.press('Control+K');
        await dialog.waitFor();
        await tabTo(page, 'Або знайдіть нашу статтю');
        await page.keyboard.type('коаліції охочих');
        await dialog.getByRole('button', { name: `Послатися на статтю: ${EARLIER}` }).waitFor();
        await page.keyboard.press('Tab');
        assert.equal(await active(page), `Послатися на статтю: ${EARLIER}`);
        await page.keyboard.press('Enter');
        await dialog.waitFor({ state: 'hidden' });
        await page.keyboard.press('End');
        await page.keyboard.type(afterMeeting);

        // 5. The rest of the text.
        for (const p of paragraphs.slice(2)) {
          await page.keyboard.press('Enter');
          await page.keyboard.type(p);
        }

        const written = [
          `p: ${toSource.slice(0, -'Главком'.length)}[Главком](${SOURCE_URL})${afterSource}`,
          `image: ${ref.photo!.caption} / alt: ${PHOTO_ALT}`,
          `social: ${POST_URL}`,
          `p: ${toMeeting.slice(0, -'зустрічі «коаліції охочих»'.length)}[зустрічі «коаліції охочих»](article:${earlierId})${afterMeeting}`,
          ...paragraphs.slice(2).map((p) => `p: ${p}`),
        ];
        assert.deepEqual(await surfaceOutline(page), written);
        assert.deepEqual(
          await social.evaluate((el) => ['platform', 'accountName', 'handle', 'text'].map((f) => (el.querySelector(`[data-field=${f}]`) as unknown as { value: string }).value)),
          ['telegram', 'Володимир Зеленський', 'V_Zelenskiy_official', quote],
          'the block is filled from the post’s page',
        );

        // 6. 'Нагадаємо': its paragraphs, and the earlier article found by search.
        await page.keyboard.press('Tab');
        assert.equal(await active(page), 'Текст нагадування (абзаци через порожній рядок)');
        for (const [i, p] of ref.recap!.entries()) {
          if (i) await press(page, 'Enter', 'Enter');
          await page.keyboard.type(p);
        }
        await tabTo(page, 'Знайти опубліковану статтю');
        await page.keyboard.type('коаліції');
        await page.getByRole('button', { name: `Додати: ${EARLIER}` }).waitFor();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.locator('.recap .chips li', { hasText: EARLIER }).waitFor();

        // 7. Section, tags (the two new names made as people), source, byline.
        await tabTo(page, 'Розділ');
        for (let i = 0; i < 5 && (await page.locator('select[name=sectionId] option:checked').innerText()) !== '— Політика'; i++) await page.keyboard.press('ArrowDown');
        assert.equal(await page.locator('select[name=sectionId] option:checked').innerText(), '— Політика');
        await tabTo(page, 'Знайти або додати тег');
        for (const name of ['Володимир Зеленський', 'переговори', 'США']) {
          await page.keyboard.type(name);
          await page.getByRole('option', { name: new RegExp(`^${name} ·`) }).waitFor();
          await page.keyboard.press('Enter');
          await page.locator('.tags .chips li', { hasText: name }).waitFor();
        }
        await page.keyboard.press('Tab');
        assert.equal(await active(page), 'Тип нового тегу');
        // Home: the first kind (letters typed here would reach Chromium as inserted text, which it
        // puts in the last text field, not the select).
        await page.keyboard.press('Home');
        assert.equal(await page.locator('.tags select option:checked').innerText(), 'Персона');
        await page.keyboard.press('Shift+Tab');
        assert.equal(await active(page), 'Знайти або додати тег');
        for (const name of ['Джаред Кушнер', 'Стів Віткофф']) {
          await page.keyboard.type(name);
          await page.getByRole('option', { name: `Створити тег «${name}»` }).waitFor();
          await page.keyboard.press('Enter');
          await page.locator('.tags .chips li', { hasText: name }).waitFor();
        }
        await tabTo(page, 'Джерело');
        await page.keyboard.type(ref.source!);
        assert.deepEqual(await page.locator('.authors .chips .chip-name').allInnerTexts(), [ref.authors[0]], 'the byline is the writer’s');

        // Meanwhile the earlier article gets a new address: the link is by id, and follows it.
        const earlier = (await editor.request('GET', `/api/v1/admin/articles/${earlierId}`)).json.article;
        const moved = await editor.request('PUT', `/api/v1/admin/articles/${earlierId}`, { baseVersion: earlier.version, article: { ...earlier, slug: 'koalitsiia-okhochykh-u-paryzhi' } });
        assert.equal(moved.status, 200, moved.body);

        // 8. Saved with Ctrl+S; published from the workflow panel, the check's concerns overridden knowingly.
        await page.keyboard.press('Control+S');
        await page.waitForURL(/\/admin\/articles\/\d+$/);
        await page.locator('.save-status', { hasText: /^Збережено о/ }).waitFor();
        await tabTo(page, 'Опублікувати');
        await page.keyboard.press('Enter');
        const concerns = page.locator('.concerns');
        await concerns.waitFor();
        const check = uk.admin.prepublish;
        assert.deepEqual(await concerns.locator('li').allInnerTexts(), [check.noPhoto, check.longHeadline([...ref.title].length, HEADLINE_SHOWN)], 'what the check finds: the reference has no lead photo here, and its headline is long');
        assert.equal(await active(page), 'Опублікувати все одно');
        await page.keyboard.press('Enter');
        await page.locator('.workflow .state', { hasText: 'Опубліковано' }).waitFor();

        assert.deepEqual((await axeViolations(page)).map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`), [], 'axe finds nothing in the editor with the article in it');
        assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
        const id = Number(/(\d+)$/.exec(page.url())![1]);

        // The reader's side, over HTTP.
        const admin = (await editor.request('GET', `/api/v1/admin/articles/${id}`)).json.article as { url: string; tagIds: number[]; authorIds: number[] };
        const earlierPath = (await editor.request('GET', `/api/v1/admin/articles/${earlierId}`)).json.article.url as string;
        assert.match(earlierPath, /\/koalitsiia-okhochykh-u-paryzhi-\d+\.html$/, 'the earlier article’s new address');
        const pageHtml = await (await fetch(base + admin.url)).text();
        assert.match(pageHtml, /<a href="https:\/\/glavcom\.ua\/"[^>]*>Главком<\/a>/, 'the link to the source');
        assert.ok(pageHtml.includes(`<a href="${earlierPath}">зустрічі «коаліції охочих»</a>`), `the link to ${earlierPath}`);
        assert.ok(pageHtml.includes(`<figure class="social-post" data-platform="telegram">`), 'the card');
        assert.match(pageHtml, new RegExp(`<a href="${POST_URL}" rel="noopener noreferrer nofollow">Оригінал допису</a>`), 'the card links to the original');
        assert.match(pageHtml, /<p class="social-captured">Збережено \d+ [а-яії’]+ \d{4} об? \d{2}:\d{2}<\/p>/, 'the note when it was captured');
        assert.ok(pageHtml.includes(ref.photo!.caption) && pageHtml.includes(ref.photo!.credit), 'the photo’s caption and credit');
        assert.ok(ref.recap!.every((p) => pageHtml.includes(`<p>${p}</p>`)), 'the recap’s paragraphs');

        const rss = await (await fetch(`${base}/rss.xml`)).text();
        const item = rss.split('<item>').find((i) => i.includes(ref.title))!;
        assert.ok(item, 'the article is in the feed');
        const full = unescapeHtml(/<content:encoded>([\s\S]*?)<\/content:encoded>/.exec(item)![1]!);
        assert.ok(full.includes('href="https://glavcom.ua/"'), 'the feed’s full text links to the source');
        assert.ok(full.includes(`href="${SITE_URL}${earlierPath}"`), 'and to the earlier article');
        assert.ok(full.includes('class="social-post"') && full.includes(POST_URL), 'and carries the card');

        const api = (await (await fetch(`${base}/api/v1/articles/${id}`)).json()) as { body: Array<{ type: string; content?: Array<{ text: string; marks?: unknown[] }> } & Record<string, unknown>>; recap: { articleIds: number[] } | null };
        const links = api.body.flatMap((b) => (b.content ?? []).flatMap((r) => (r.marks ?? []).map((m) => ({ text: r.text, mark: m }))));
        assert.deepEqual(links.map((l) => l.text), ['Главком', 'зустрічі «коаліції охочих»']);
        assert.deepEqual((links[0]!.mark as { attrs: { href: string } }).attrs.href, SOURCE_URL);
        assert.equal((links[1]!.mark as { attrs: { articleId: number } }).attrs.articleId, earlierId);
        const card = api.body.find((b) => b.type === 'social')!;
        assert.deepEqual([card.platform, card.url, card.accountName, card.handle, card.text, card.postedAt], ['telegram', POST_URL, 'Володимир Зеленський', 'V_Zelenskiy_official', quote, '2026-01-06T21:40:00.000Z']);
        assert.deepEqual(card.capturedBy, { name: ref.authors[0] });
        assert.deepEqual(api.recap?.articleIds, [earlierId]);
        const photo = api.body.find((b) => b.type === 'image')!;
        assert.deepEqual([plainText(photo.caption as RichText), photo.credit, photo.alt, typeof photo.mediaId], [ref.photo!.caption, ref.photo!.credit, PHOTO_ALT, 'number'], 'the dropped photo was uploaded with what was typed');
      } finally {
        await tab.context.close();
      }
    });
  });
}
