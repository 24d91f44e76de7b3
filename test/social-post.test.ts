import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SocialPostBlock } from '../src/contract/model.js';
import { exportSite, importSite } from '../src/services/transfer.js';
import { localMediaStore } from '../src/storage/media-store.js';
import { getArticle } from '../src/storage/repositories/articles.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, type TestSite } from './helpers/site.js';
import { libraryPhoto, publishWithPost, TELEGRAM_POST } from './helpers/social-posts.js';
import { articleProblems } from './helpers/structured-data.js';

after(closeTestSites);

/**
 * A social post block through the real app: saved by the newsroom's form, then on the article
 * page as a card with its photo from our library, in the page's JSON-LD as a citation, in the
 * full-text feed with absolute addresses, found by search, and kept by an export and import.
 */

const NOW = new Date('2026-12-05T12:05:00Z');

/** The JSON-LD nodes of a page. */
const graphOf = (page: string) => (JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)![1]!) as { '@graph': Array<Record<string, any>> })['@graph'];

for (const tdb of testDatabases) {
  describe(`a social post in an article (${tdb.dialect})`, () => {
    let site: TestSite;
    let editor: Client;
    let post: SocialPostBlock;
    let articlePath: string;

    before(async () => {
      const media = localMediaStore(tempDir());
      site = await openSite(tdb, [], { clock: testClock(NOW).now, media });
      editor = await signInAs(site.app, await addUser(site.database, 'editor', { name: 'Ірина Тестова' }));
      post = { ...TELEGRAM_POST, media: { ...TELEGRAM_POST.media!, mediaId: await libraryPhoto(site, media, editor) } };
    });

    test('the form saves it as sent; a photo not in the library is refused naming the field', async () => {
      const missing = await editor.request('POST', '/api/v1/admin/articles', { title: 'Без фото', authorIds: [editor.user.authorId], body: [{ ...post, media: { ...post.media!, mediaId: 999_999 } }] });
      assert.equal(missing.status, 400);
      assert.equal(missing.json.error.code, 'INVALID_INPUT');
      assert.match(missing.json.error.message, /немає запису №999999/);
      const { article } = await publishWithPost(editor, post);
      assert.deepEqual(article.body, [post], 'the editor gets back exactly the block, nothing added on read');
      articlePath = article.url;
    });

    test('the page shows the card with our photo, and cites the post in its JSON-LD', async () => {
      const r = await site.app.inject({ method: 'GET', url: articlePath });
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /<figure class="social-post" data-platform="telegram">/);
      assert.match(r.body, /Допис у Telegram[\s\S]*Тестовий канал «Шпальти»[\s\S]*@shpalta_test/);
      assert.match(r.body, /<img src="\/media\/[^"]+\.jpg"[^>]*alt="Черга біля пункту незламності"/);
      assert.match(r.body, /Оригінал допису[\s\S]*Збережено 5 грудня 2026 о 14:05/);
      const article = graphOf(r.body).find((n) => n['@type'] === 'NewsArticle')!;
      assert.deepEqual(articleProblems(article), []);
      assert.deepEqual(article.citation, [{ '@type': 'SocialMediaPosting', url: post.url, author: { '@type': 'Person', name: post.accountName, alternateName: '@shpalta_test' }, datePublished: '2026-01-07T18:12:03+02:00', text: post.text }]);
    });

    test('the full-text feed carries the card with absolute addresses', async () => {
      const r = await site.app.inject({ method: 'GET', url: '/rss.xml' });
      assert.equal(r.statusCode, 200);
      const encoded = /<content:encoded>([\s\S]*?)<\/content:encoded>/.exec(r.body)?.[1] ?? '';
      const content = encoded.startsWith('<![CDATA[') ? encoded.slice(9, -3) : encoded.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.match(content, /Допис у Telegram/);
      assert.match(content, /<img src="https:\/\/news\.example\.ua\/media\//);
      assert.match(content, /href="https:\/\/t\.me\/shpalta_test\/16542"/);
    });

    test('the read API gives the block with who captured it by name, not by the newsroom account’s id', async () => {
      const id = Number(/-(\d+)\.html$/.exec(articlePath)![1]);
      const r = await site.app.inject({ method: 'GET', url: `/api/v1/articles/${id}` });
      assert.equal(r.statusCode, 200);
      const { mediaFile, ...block } = (r.json() as { body: Array<SocialPostBlock & { mediaFile?: unknown }> }).body.find((b) => b.type === 'social')!;
      assert.deepEqual(block, { ...post, capturedBy: { name: post.capturedBy!.name } });
      assert.ok(mediaFile, 'its photo’s file, resolved on read');
    });

    test('search finds the article by the quoted text and by the account', async () => {
      for (const q of ['незламності', 'Тестовий канал', 'кінець']) {
        const r = await site.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}` });
        assert.match(r.body, /Київ відкриває нові пункти незламності/, q);
      }
    });

    test('an export and an import keep the block as it was', async () => {
      const file = path.join(tempDir(), 'site.jsonl');
      await exportSite(site.database, file, NOW);
      const copy = await tdb.open();
      await importSite(copy, file, { now: NOW });
      const id = (await copy.db.selectFrom('articles').select('id').executeTakeFirstOrThrow()).id;
      const body = (await getArticle(copy.db, id))!.body;
      assert.deepEqual(body.map((b) => ({ ...b, mediaFile: undefined })), [{ ...post, mediaFile: undefined }]);
    });
  });
}
