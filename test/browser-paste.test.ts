import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Block, RichText } from '../src/contract/model.js';
import { chromiumUnavailable, launchChromium, openTab, serveSite, visit, type Tab } from './helpers/browser.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs, type Client } from './helpers/newsroom.js';
import { closeTestSites, writePlainArticle, type TestSite } from './helpers/site.js';
import { capturedClipboard, clearSurface, paste, surfaceOutline } from './helpers/surface.js';

// Paste into the writing surface of clipboard HTML that real programs made, not HTML written by
// hand in their shape: a news page that Chromium itself copies with Ctrl+C (selected, copied and
// pasted with the keyboard, through the browser's own clipboard), and what LibreOffice Writer put
// on the X clipboard (test/fixtures/paste/README.md says how it was captured). Both must keep links,
// bold, italic, headings, lists and quotes, drop everything else, and be saved so.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;
let newsServer: http.Server | undefined;
/** The news page's server, one for the whole file. */
let newsBase: string | undefined;

after(async () => {
  await browser?.close();
  await closeTestSites();
  newsServer?.closeAllConnections();
  await new Promise((resolve) => (newsServer ? newsServer.close(resolve) : resolve(null)));
});

/**
 * A news page as sites make them: a stylesheet and inline styles, a script that counts the
 * reader, a tracking pixel, spans with data attributes, a share widget, a subscription box hidden
 * by CSS, and between them the article: headings, links, bold and italic as both tag pairs,
 * both kinds of list and a quote with its source.
 */
const NEWS_PAGE = `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><title>Стрічка новин</title>
<style>
  body { font-family: Georgia, serif; color: #222; }
  .article h1 { font-size: 32px; color: #a00; }
  .lead { font-weight: 600; }
  .share button { background: #eee; border: 0; }
  .promo { display: none; }
  blockquote { border-left: 4px solid #a00; font-style: italic; }
</style>
<script>window.readerCounted = true; document.cookie = 'rid=42';</script>
</head><body>
<header><nav><a href="/">Головна</a> <a href="/news">Новини</a></nav></header>
<article class="article">
  <h1 class="title">Міст через Дніпро відкриють до зими</h1>
  <div class="share" data-widget="share"><button type="button" aria-label="Поділитися у Facebook"><svg width="16" height="16" aria-hidden="true"><circle cx="8" cy="8" r="7"/></svg></button><button type="button">Скопіювати посилання</button></div>
  <p class="lead"><span data-track="lead" style="color: #333; font-size: 19px;">Будівельники завершили <strong>основну частину</strong> робіт, повідомляє <a href="https://city.example.ua/news/bridge?utm_source=feed" data-analytics="outbound" style="color: #06c; text-decoration: underline;">міська рада</a>.</span></p>
  <img src="/pixel.gif?a=1" width="1" height="1" alt="">
  <p>Рух автомобілів <em>тимчасово</em> обмежать, а трамваї <b>підуть</b> <i>за новою схемою</i>.<script>window.pwned = true;</script></p>
  <h2 style="font-family: Arial; letter-spacing: 1px;">Що зміниться для водіїв</h2>
  <ul class="bullets"><li>об’їзд <span style="font-weight: normal" data-term="1">Набережною</span></li><li>нові <a href="https://maps.example.org/route/7">маршрути</a></li></ul>
  <ol><li>закриття лівої смуги</li><li>відкриття мосту</li></ol>
  <aside class="promo"><p>Підпишіться на розсилку!</p></aside>
  <blockquote><p>Ми встигнемо до морозів.</p><footer>Ігор Коваль, головний інженер</footer></blockquote>
  <h3>Коли</h3>
  <p>Відкриття заплановане на листопад.<span class="tracker" data-pixel="x"></span></p>
</article>
<footer class="site">© Стрічка новин</footer>
</body></html>`;

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

function serveNewsPage(): Promise<string> {
  newsServer = http.createServer((req, res) => {
    if (req.url?.startsWith('/pixel.gif')) return void res.writeHead(200, { 'content-type': 'image/gif' }).end(PIXEL);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(NEWS_PAGE);
  });
  return new Promise((resolve) => newsServer!.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(newsServer!.address() as AddressInfo).port}`)));
}

/** Stored rich text in the outline's notation (see surfaceOutline). */
function inline(rt: RichText): string {
  return rt
    .map((n) => {
      if (n.type === 'hardBreak') return '⏎';
      let s = n.text;
      const marks = n.marks ?? [];
      if (marks.some((m) => m.type === 'italic')) s = `_${s}_`;
      if (marks.some((m) => m.type === 'bold')) s = `**${s}**`;
      const link = marks.find((m) => m.type === 'link');
      if (link && link.type === 'link') s = `[${s}](${link.attrs.href ?? `article:${link.attrs.articleId}`})`;
      return s;
    })
    .join('');
}

/** A stored body in the outline's notation. */
function storedOutline(body: Block[]): string[] {
  return body.map((b) => {
    switch (b.type) {
      case 'paragraph':
        return `p: ${inline(b.content)}`;
      case 'heading':
        return `h${b.level}: ${inline(b.content)}`;
      case 'list':
        return `${b.ordered ? 'ol' : 'ul'}: ${b.items.map(inline).join(' | ')}`;
      case 'quote':
        return `quote: ${inline(b.content)} — ${b.attribution ?? ''}`;
      default:
        return b.type;
    }
  });
}

async function signIn(page: Page, base: string, email: string, next: string) {
  await visit(page, `${base}/admin/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname === next), page.locator('form button[type=submit]').click()]);
  await page.waitForLoadState('networkidle');
}

for (const tdb of testDatabases) {
  describe(`paste of real clipboard HTML into the writing surface (${tdb.dialect})`, { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 180_000 }, () => {
    let base: string;
    let site: TestSite;
    let api: Client;
    let tab: Tab;
    let page: Page;

    before(async () => {
      if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
      const dir = tempDir();
      const earlier = writePlainArticle(dir, 'earlier.txt', { crumbs: 'Головна Київ', title: 'Ремонт мосту почався', tags: null });
      ({ site, base } = await serveSite(tdb, [earlier]));
      newsBase ??= await serveNewsPage();
      const email = `paste.${tdb.dialect}@example.com`;
      const user = await addUser(site.database, 'editor', { name: 'Олена Редакторка', email });
      api = await signInAs(site.app, user);
      browser ??= await launchChromium();
      tab = await openTab(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
      page = tab.page;
      await signIn(page, base, email, '/admin/articles/new');
      await page.locator('.surface').waitFor();
    });

    after(async () => {
      await tab?.context.close();
    });

    /** Saves the article with Ctrl+S and reads back its body as the server stored it. */
    async function saveAndRead(title: string): Promise<string[]> {
      await page.getByLabel('Заголовок', { exact: true }).fill(title);
      await page.keyboard.press('Control+S');
      await page.locator('.save-status', { hasText: /^Збережено об? \d{2}:\d{2}$/ }).waitFor();
      await page.waitForURL(/\/admin\/articles\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      const stored = await api.request('GET', `/api/v1/admin/articles/${id}`);
      assert.equal(stored.status, 200, stored.body);
      return storedOutline(stored.json.article.body);
    }

    test('a news page copied in Chromium with Ctrl+C and pasted with Ctrl+V keeps its text, links, marks, headings, lists and quote, and nothing else', async () => {
      const news = await tab.context.newPage();
      try {
        // A second tab of the same browser (one clipboard), on another site.
        await news.goto(`${newsBase}/news/bridge`, { waitUntil: 'load' });
        assert.equal(await news.evaluate('window.pwned'), true, 'the page’s own scripts ran');
        await news.evaluate(`(() => {
          const range = document.createRange();
          range.selectNodeContents(document.querySelector('article'));
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        })()`);
        await news.keyboard.press('Control+C');
        // What Chromium put on the clipboard: its own serialization, with computed inline styles.
        const copied = String(await news.evaluate(`navigator.clipboard.read().then((items) => items[0].getType('text/html')).then((b) => b.text())`));
        assert.match(copied, /style="/, 'Chromium copies the computed styles with the markup');
        assert.match(copied, /Міст через Дніпро/);
      } finally {
        await news.close();
      }

      await page.bringToFront();
      await clearSurface(page);
      await page.keyboard.press('Control+V');
      const expected = [
        'h2: Міст через Дніпро відкриють до зими',
        'p: Будівельники завершили **основну частину** робіт, повідомляє [міська рада](https://city.example.ua/news/bridge?utm_source=feed).',
        'p: Рух автомобілів _тимчасово_ обмежать, а трамваї **підуть** _за новою схемою_.',
        'h2: Що зміниться для водіїв',
        'ul: об’їзд Набережною | нові [маршрути](https://maps.example.org/route/7)',
        'ol: закриття лівої смуги | відкриття мосту',
        'quote: Ми встигнемо до морозів. — Ігор Коваль, головний інженер',
        'h3: Коли',
        'p: Відкриття заплановане на листопад.',
      ];
      assert.deepEqual(await surfaceOutline(page), expected);
      const html = await page.locator('.surface').innerHTML();
      assert.doesNotMatch(html, /style=|data-track|data-analytics|pixel|<script|<svg|Підпишіться|Скопіювати/, 'no styles, tracking, script, share widget or hidden promo');
      assert.equal(await page.evaluate('typeof window.pwned'), 'undefined', 'no pasted script ran');
      assert.deepEqual(await saveAndRead('Міст через Дніпро'), expected);
      assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
    });

    test('a LibreOffice Writer document copied with Ctrl+A, Ctrl+C keeps its headings, marks, links, lists and quote, without its styles, colours and footnote marks, its table a paragraph a row', async () => {
      await page.goto(`${base}/admin/articles/new`, { waitUntil: 'load' });
      await page.locator('.surface').waitFor();
      await clearSurface(page);
      await paste(page, { html: capturedClipboard('libreoffice-writer.html') });
      const expected = [
        'h2: Рада ухвалила закон про енергетичну безпеку',
        'p: Верховна Рада **ухвалила в цілому** закон про захист енергетичної інфраструктури, повідомляє [пресслужба парламенту](https://rada.example.ua/news/2026/energy?utm_source=doc).',
        'p: За документ проголосували _326 народних депутатів_, проти — ніхто.',
        'h3: Що передбачає закон',
        'ul: захист підстанцій **від атак дронів** | резервні [генератори](https://energy.example.ua/reserve) для лікарень',
        'ol: підпис президента | набрання чинності',
        'quote: Ми маємо пройти зиму без відключень. — ',
        'p: Область | Підстанції',
        'p: Київська | 12',
        'p: Харківська | 9',
        'p: Закон набуде чинності наступного дня після опублікування.',
        'p: За даними стенограми пленарного засідання.',
      ];
      assert.deepEqual(await surfaceOutline(page), expected);
      assert.doesNotMatch(await page.locator('.surface').innerHTML(), /style=|class="western"|<font|<u>|sdfootnote/);
      assert.deepEqual(await saveAndRead('Закон про енергетичну безпеку'), expected);
      assert.deepEqual(tab.problems, [], 'no console errors, page errors or failed requests');
    });
  });
}
