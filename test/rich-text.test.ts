import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import path from 'node:path';
import { applyDemoMarks } from '../src/services/demo-marks.js';
import { diffArticles } from '../src/services/newsroom/revision-diff.js';
import type { EditorArticle } from '../src/services/newsroom/article-form.js';
import { demoDir, projectRoot, tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, SITE_URL, writePlainArticle, type TestSite } from './helpers/site.js';

after(closeTestSites);

const link = (attrs: { href: string; articleId: null } | { href: null; articleId: number }) => ({ type: 'link', attrs });
const run = (text: string, ...marks: object[]) => (marks.length ? { type: 'text', text, marks } : { type: 'text', text });

async function publish(c: Client, fields: object) {
  const made = await c.request('POST', '/api/v1/admin/articles', fields);
  assert.equal(made.status, 201, made.body);
  const live = await c.request('POST', `/api/v1/admin/articles/${made.json.article.id}/transition`, { step: 'publish' });
  assert.equal(live.status, 200, live.body);
  return live.json.article as { id: number; version: number; url: string };
}

async function get(site: TestSite, url: string) {
  const r = await site.app.inject({ method: 'GET', url });
  assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
  return { body: r.body, cache: r.headers['x-cache'] };
}

/** The article body's HTML on a page. */
const bodyOf = (page: string) => /<div class="body">([\s\S]*?)<\/div>/.exec(page)![1]!;

test('the revision diff speaks of links in words, never in JSON: a changed link target is a change', () => {
  const base = { title: 'Т', subtitle: null, lead: '', body: [], sectionId: null, authorIds: [], tagIds: [], source: null, photo: null, recap: null, isMain: false, isBreaking: false, slug: '', status: 'draft' } as unknown as EditorArticle;
  const withLink = (attrs: object) => ({ ...base, body: [{ type: 'paragraph', content: [run('як ми '), run('писали', { type: 'link', attrs }), run(' раніше')] }] }) as unknown as EditorArticle;
  const labels = { sections: new Map(), authors: new Map(), tags: new Map(), articles: new Map([[7, 'Міст відкрили']]) };
  const diff = diffArticles(withLink({ href: 'https://kyivcity.gov.ua/', articleId: null }), withLink({ href: null, articleId: 7 }), labels);
  assert.deepEqual(diff.map((d) => d.field), ['body']);
  const text = (which: 'added' | 'removed' | null) => diff[0]!.parts.filter((p) => (which ? (p as Record<string, unknown>)[which] : !('added' in p) && !('removed' in p))).map((p) => p.value).join('');
  assert.match(text('removed'), /https:\/\/kyivcity\.gov\.ua\//);
  assert.match(text('added'), /«Міст відкрили»/);
  assert.match(text(null), /як ми писали \[посилання на /);
  assert.ok(!JSON.stringify(diff).includes('"marks"') && !JSON.stringify(diff).includes('"type"'), 'no JSON of runs');
});

for (const tdb of testDatabases) {
  describe(`rich text, end to end (${tdb.dialect})`, () => {
    test('marks and links on the page, in the full-text feed, the API and search; article links follow their target at once', async () => {
      const file = writePlainArticle(tempDir(), 'seed.txt', { crumbs: 'Головна Світ Політика', title: 'Саміт у Парижі завершився', date: '2026-11-20 10:00' });
      const site = await openSite(tdb, [file], { clock: testClock().now });
      const sectionId = (await site.database.db.selectFrom('sections').select('id').where('path', '=', 'svit/polityka').executeTakeFirstOrThrow()).id;
      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      const base = { lead: 'Лід статті про мости.', sectionId };
      const target = await publish(editor, { ...base, title: 'Міст через Дніпро відкрили', body: [{ type: 'paragraph', content: [run('Перший абзац цілі.')] }] });
      const draft = (await editor.request('POST', '/api/v1/admin/articles', { ...base, title: 'Чернетка про тунель' })).json.article as { id: number };
      const linking = await publish(editor, {
        ...base,
        title: 'Як будували мости',
        body: [
          {
            type: 'paragraph',
            content: [
              run('Підрядник '), run('дотримався', { type: 'bold' }), run(' строків, '), run('як повідомляла', { type: 'italic' }), run(' '),
              run('мерія', link({ href: 'https://kyivcity.gov.ua/news?id=1&x=2', articleId: null })), run(', а '),
              run('раніше ', link({ href: null, articleId: target.id })), run('ми писали', link({ href: null, articleId: target.id }), { type: 'bold' }),
              run(' і ще '), run('про тунель', link({ href: null, articleId: draft.id })), run('. Пишіть: '), run('редакція', link({ href: 'mailto:news@example.ua', articleId: null })),
              { type: 'hardBreak' }, run('<script>alert(1)</script>'),
            ],
          },
          { type: 'list', ordered: false, items: [[run('пункт ', { type: 'italic' }), run('один')]] },
        ],
        recap: { paragraphs: [[run('Нагадаємо, '), run('міст', link({ href: null, articleId: target.id })), run(' відкрили.')]], articleIds: [] },
      });

      // The page: <strong>, <em>, <br>, escaped text; an address with rel="noopener"; our article at its path, one <a> for its two runs; a draft as plain words.
      const first = await get(site, linking.url);
      const body = bodyOf(first.body);
      assert.match(body, /Підрядник <strong>дотримався<\/strong> строків, <em>як повідомляла<\/em> /);
      assert.match(body, /<a href="https:\/\/kyivcity\.gov\.ua\/news\?id=1&amp;x=2" rel="noopener">мерія<\/a>/);
      assert.ok(body.includes(`<a href="${target.url}">раніше <strong>ми писали</strong></a>`), body);
      assert.match(body, / і ще про тунель\. Пишіть: <a href="mailto:news@example\.ua">редакція<\/a><br>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
      assert.match(body, /<ul><li><em>пункт <\/em>один<\/li><\/ul>/);
      assert.ok(first.body.includes(`<p>Нагадаємо, <a href="${target.url}">міст</a> відкрили.</p>`), 'the recap links too');
      assert.equal((await get(site, linking.url)).cache, 'HIT');

      // The full-text feed: absolute URLs.
      const rss = (await get(site, '/rss.xml')).body;
      assert.ok(rss.includes(`&lt;a href=&quot;${SITE_URL}${target.url}&quot;&gt;раніше`), 'the feed links our article by its absolute URL');
      assert.ok(rss.includes('&lt;a href=&quot;mailto:news@example.ua&quot;&gt;редакція'));

      // The API: the contract's runs, an article link with its current absolute URL, a draft's link left out.
      const api = JSON.parse((await get(site, `/api/v1/articles/${linking.id}`)).body);
      const runs = api.body[0].content as Array<{ text?: string; marks?: Array<{ type: string; attrs?: object }> }>;
      assert.deepEqual(runs.find((r) => r.text === 'раніше ')!.marks, [{ type: 'link', attrs: { href: `${SITE_URL}${target.url}`, articleId: target.id } }]);
      assert.deepEqual(runs.find((r) => r.text === 'ми писали')!.marks, [{ type: 'link', attrs: { href: `${SITE_URL}${target.url}`, articleId: target.id } }, { type: 'bold' }]);
      assert.ok(runs.some((r) => r.text === ' і ще про тунель. Пишіть: ' && !r.marks), 'the draft link is dropped and its words joined');

      // Search: plain text in snippets, never markup.
      const found = JSON.parse((await get(site, `/api/v1/search?q=${encodeURIComponent('підрядник')}`)).body);
      const snippet = JSON.stringify(found.items.find((i: { id: number }) => i.id === linking.id).snippet);
      assert.ok(snippet.includes('дотримався') && !snippet.includes('<strong>') && !snippet.includes('"marks"'), snippet);

      // The target renamed and moved to a new slug: the linking page changes at once, as does the API.
      const opened = (await editor.request('GET', `/api/v1/admin/articles/${target.id}`)).json.article;
      const renamed = await editor.request('PUT', `/api/v1/admin/articles/${target.id}`, { baseVersion: opened.version, article: { ...opened, title: 'Новий міст через Дніпро', slug: 'novyi-mist' } });
      assert.equal(renamed.status, 200, renamed.body);
      const newPath = renamed.json.article.url as string;
      assert.notEqual(newPath, target.url);
      const after = await get(site, linking.url);
      assert.equal(after.cache, 'MISS', 'the cached page was dropped');
      assert.ok(bodyOf(after.body).includes(`<a href="${newPath}">раніше`) && !after.body.includes(`href="${target.url}"`), 'the new path, never the old');
      assert.ok(JSON.parse((await get(site, `/api/v1/articles/${linking.id}`)).body).body[0].content.some((r: { marks?: Array<{ attrs?: { href?: string } }> }) => r.marks?.[0]?.attrs?.href === `${SITE_URL}${newPath}`));

      // Taken down: plain words, no dead link.
      const down = await editor.request('POST', `/api/v1/admin/articles/${target.id}/transition`, { step: 'unpublish' });
      assert.equal(down.status, 200, down.body);
      const gone = await get(site, linking.url);
      assert.equal(gone.cache, 'MISS');
      assert.ok(!gone.body.includes(newPath) && bodyOf(gone.body).includes(', а раніше <strong>ми писали</strong> і ще'), bodyOf(gone.body));
      assert.ok(!(await get(site, '/rss.xml')).body.includes(newPath), 'nor in the feed');
    });

    test('the form takes exactly the contract: unsafe links, both targets, the plain shape and long text are refused naming the field; text is stored normalized', async () => {
      const site = await openSite(tdb, []);
      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      const save = (body: unknown[], extra: object = {}) => editor.request('POST', '/api/v1/admin/articles', { title: 'Перевірка', body, ...extra });
      const refused = async (body: unknown[], field: string, message: RegExp, extra: object = {}) => {
        const r = await save(body, extra);
        assert.deepEqual([r.status, r.json.error.code, r.json.error.field], [400, 'INVALID_INPUT', field], r.body);
        assert.match(r.json.error.message, message);
      };
      const para = (...content: object[]) => ({ type: 'paragraph', content });
      await refused([para(run('тисни', link({ href: 'javascript:alert(1)', articleId: null })))], 'body.0.content.0.marks.0.attrs.href', /лише на адресу http:\/\/, https:\/\/ або mailto:/);
      await refused([para(run('тисни', link({ href: '/relative', articleId: null })))], 'body.0.content.0.marks.0.attrs.href', /http/);
      await refused([para(run('обидва', { type: 'link', attrs: { href: 'https://example.com', articleId: 3 } }))], 'body.0.content.0.marks.0.attrs', /одне з двох/);
      await refused([para(run('жодного', { type: 'link', attrs: { href: null, articleId: null } }))], 'body.0.content.0.marks.0.attrs', /одне з двох/);
      await refused([para(run('тисни', link({ href: null, articleId: -4 } as never)))], 'body.0.content.0.marks.0.attrs.articleId', /./);
      await refused([para({ type: 'text', text: '' })], 'body.0.content.0.text', /порожн/);
      await refused([para(run('x', { type: 'underline' }))], 'body.0.content.0.marks.0.type', /./);
      await refused([para(run('а'.repeat(10_000), { type: 'bold' }), run('б'.repeat(10_001)))], 'body.0.content', /не більше 20\s000 символів/);
      await refused([{ type: 'paragraph', text: 'Старий клієнт' }], 'body.0.text', /форматований текст .* у полі content/);
      await refused([{ type: 'list', ordered: false, items: ['один'] }], 'body.0.items', /у полі items/);
      await refused([], 'recap.paragraphs', /у полі paragraphs/, { recap: { paragraphs: ['Нагадаємо'], articleIds: [] } });

      const r = await save([para(run('Раз '), run('два', { type: 'italic' }, { type: 'bold' }, { type: 'italic' }), run(' три'), run(' чотири'), { type: 'hardBreak' })]);
      assert.equal(r.status, 201, r.body);
      assert.deepEqual(r.json.article.body, [para(run('Раз '), run('два', { type: 'bold' }, { type: 'italic' }), run(' три чотири'))], 'one form: marks unique and ordered, runs joined, no break at the end');
    });

    test('the demo gets its bold, italic and links: to the web and to another demo article at its path', async () => {
      const site = await openSite(tdb, [demoDir]);
      await applyDemoMarks(site.database, path.join(projectRoot, 'demo/marks.json'));
      const byName = new Map(site.imported.map((a) => [path.basename(a.file, '.txt'), a]));
      const kyiv = bodyOf((await get(site, byName.get('01-kyiv-tablo')!.path)).body);
      assert.match(kyiv, /<strong>GPS-трекерів<\/strong>/);
      assert.match(kyiv, /<em>реальний рух машин<\/em>/);
      assert.ok(kyiv.includes(`<a href="${byName.get('03-energy-morozy')!.path}">навіть під час відключень світла</a>`), kyiv);
      assert.match(kyiv, /<a href="https:\/\/kyivcity\.gov\.ua\/" rel="noopener">заступник голови КМДА<\/a>/);
    });
  });
}
