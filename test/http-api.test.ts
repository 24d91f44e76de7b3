import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoDir, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { closeTestSites, openSite, SITE_URL, writePlainArticle, type TestSite } from './helpers/site.js';
import { plainText } from '../src/core/rich-text.js';

after(closeTestSites);

const REFERENCE_TAGS = ['Володимир Зеленський', 'переговори', 'США', 'Джаред Кушнер', 'Стів Віткофф'];

interface Ref {
  name: string;
  slug: string;
}
interface Item {
  id: number;
  title: string;
  url: string;
  absoluteUrl: string;
  publishedAt: string;
  sections: Ref[];
  authors: Ref[];
  tags: Ref[];
}
interface ListBody {
  items: Item[];
  nextCursor: string | null;
}

async function getJson(site: TestSite, url: string) {
  const res = await site.app.inject({ method: 'GET', url });
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/i, url);
  return { status: res.statusCode, body: res.json() };
}

/** An error answer: the status, `{ error: { code, message[, field] } }` and nothing else. */
async function expectError(site: TestSite, url: string, status: number, code: string, field?: string) {
  const res = await getJson(site, url);
  assert.equal(res.status, status, url);
  assert.deepEqual(Object.keys(res.body), ['error'], url);
  const { error } = res.body as { error: Record<string, unknown> };
  assert.equal(error.code, code, url);
  assert.equal(typeof error.message, 'string', url);
  assert.ok((error.message as string).length > 0, url);
  assert.deepEqual(Object.keys(error).sort(), field ? ['code', 'field', 'message'] : ['code', 'message'], url);
  if (field) assert.equal(error.field, field, url);
}

/** Follows nextCursor from the first page to the last; returns every page's ids. */
async function walk(site: TestSite, limit: number): Promise<number[][]> {
  const pages: number[][] = [];
  let cursor: string | null = null;
  do {
    const res = await getJson(site, `/api/v1/articles?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(res.status, 200);
    const body = res.body as ListBody;
    pages.push(body.items.map((i) => i.id));
    assert.ok(pages.length < 50, 'the cursors end');
    cursor = body.nextCursor;
  } while (cursor !== null);
  return pages;
}

const isRefList = (list: unknown) =>
  Array.isArray(list) && list.every((r) => typeof r === 'object' && r !== null && typeof r.name === 'string' && r.name && typeof r.slug === 'string' && r.slug);

for (const tdb of testDatabases) {
  describe(`article API (${tdb.dialect})`, { skip: withoutReference }, () => {
    let site!: TestSite;
    before(async () => {
      site = await openSite(tdb, [referenceArticle, demoDir]);
    });

    test('GET /api/v1/articles lists every published article, newest first, with links that work', async () => {
      const res = await getJson(site, '/api/v1/articles');
      assert.equal(res.status, 200);
      const { items, nextCursor } = res.body as ListBody;
      assert.equal(items.length, site.imported.length);
      assert.equal(nextCursor, null, 'everything fits the default page');
      assert.deepEqual(items.map((i) => i.id).sort((a, b) => a - b), site.imported.map((a) => a.id).sort((a, b) => a - b));
      for (let i = 1; i < items.length; i++) {
        assert.ok(Date.parse(items[i - 1]!.publishedAt) > Date.parse(items[i]!.publishedAt), `item ${i} is older than item ${i - 1}`);
      }
      assert.equal(items.at(-1)!.id, site.imported[0]!.id, 'the reference (January) is the oldest');
      assert.equal(items[0]!.id, site.imported.at(-1)!.id, 'the last demo file is the newest');

      for (const item of items) {
        assert.equal(typeof item.id, 'number');
        assert.ok(item.title.length > 0);
        assert.match(item.url, /^\/[a-z0-9/-]+-\d+\.html$/);
        assert.equal(item.url, site.imported.find((a) => a.id === item.id)!.path);
        assert.equal(item.absoluteUrl, SITE_URL + item.url);
        assert.equal(new Date(item.publishedAt).toISOString(), item.publishedAt, 'publishedAt is ISO 8601 UTC');
        assert.ok(isRefList(item.sections) && item.sections.length > 0, `${item.title}: sections`);
        assert.ok(isRefList(item.authors) && item.authors.length > 0, `${item.title}: authors`);
        assert.ok(isRefList(item.tags), `${item.title}: tags`);
        const page = await site.app.inject({ method: 'GET', url: item.url });
        assert.equal(page.statusCode, 200, item.url);
      }

      const ref = items.find((i) => i.id === site.imported[0]!.id)!;
      assert.equal(ref.publishedAt, '2026-01-06T22:00:00.000Z');
      assert.deepEqual(ref.tags.map((t) => t.name), REFERENCE_TAGS);
      assert.deepEqual(ref.sections.map((s) => s.name), ['Світ', 'Політика']);
      assert.deepEqual(ref.authors.map((a) => [a.name, a.slug]), [['Іванна Гончар', 'ivanna-honchar']]);
    });

    test('following nextCursor visits every article exactly once, in feed order', async () => {
      const all = ((await getJson(site, '/api/v1/articles')).body as ListBody).items.map((i) => i.id);
      const first = (await getJson(site, '/api/v1/articles?limit=3')).body as ListBody;
      assert.equal(first.items.length, 3);
      assert.equal(typeof first.nextCursor, 'string');
      for (const limit of [1, 3, 4, all.length, all.length + 1]) {
        const pages = await walk(site, limit);
        assert.deepEqual(pages.flat(), all, `limit=${limit}`);
        assert.ok(pages.every((p) => p.length <= limit), `limit=${limit}`);
        assert.ok(pages.slice(0, -1).every((p) => p.length === limit), `only the last page is short (limit=${limit})`);
      }
    });

    test('GET /api/v1/articles/:id gives the article with its body blocks and recap', async () => {
      const id = site.imported[0]!.id;
      const res = await getJson(site, `/api/v1/articles/${id}`);
      assert.equal(res.status, 200);
      const a = res.body;
      assert.equal(a.id, id);
      assert.equal(a.title, 'Президент після саміту «коаліції охочих» провів переговори з американцями');
      assert.equal(a.url, site.imported[0]!.path);
      assert.equal(a.source, 'glavcom.ua');
      assert.deepEqual(a.tags.map((t: Ref) => t.name), REFERENCE_TAGS);
      assert.deepEqual(a.photo, { url: null, width: null, height: null, caption: 'Зеленський зустрівся з Стівеном Віткоффом і Джаредом Кушнером', credit: 'Офіс президента', alt: 'Зеленський зустрівся з Стівеном Віткоффом і Джаредом Кушнером' });
      assert.ok(Array.isArray(a.body));
      assert.equal(a.body.length, 6);
      const quotes = a.body.filter((b: { type: string }) => b.type === 'quote');
      assert.equal(quotes.length, 1);
      assert.match(plainText(quotes[0].content), /^З командою Президента США/);
      assert.equal(quotes[0].attribution, 'написав Зеленський');
      assert.equal(a.recap.paragraphs.length, 2);
      assert.match(plainText(a.recap.paragraphs[0]), /^Нагадаємо, 6 січня/);

      const withPhoto = (await getJson(site, `/api/v1/articles/${site.imported[1]!.id}`)).body;
      assert.match(withPhoto.photo.url, /^\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
      assert.ok(withPhoto.photo.width > 0 && withPhoto.photo.height > 0);
    });

    test('bad input and unknown routes answer with stable error codes', async () => {
      await expectError(site, '/api/v1/articles/abc', 400, 'INVALID_INPUT', 'id');
      await expectError(site, '/api/v1/articles/12abc', 400, 'INVALID_INPUT', 'id');
      await expectError(site, '/api/v1/articles/1234567890123456', 400, 'INVALID_INPUT', 'id');
      await expectError(site, '/api/v1/articles?limit=0', 400, 'INVALID_INPUT', 'limit');
      await expectError(site, '/api/v1/articles?limit=1000', 400, 'INVALID_INPUT', 'limit');
      await expectError(site, '/api/v1/articles?limit=2.5', 400, 'INVALID_INPUT', 'limit');
      await expectError(site, '/api/v1/articles?limit=abc', 400, 'INVALID_INPUT', 'limit');
      await expectError(site, '/api/v1/articles?cursor=garbage', 400, 'INVALID_INPUT', 'cursor');
      await expectError(site, `/api/v1/articles?cursor=${Buffer.from('2026-01-01T00:00:00.000Z|0').toString('base64url')}`, 400, 'INVALID_INPUT', 'cursor');
      await expectError(site, '/api/v1/articles/999999999', 404, 'NOT_FOUND');
      await expectError(site, '/api/v1/nope', 404, 'ROUTE_NOT_FOUND');
      await expectError(site, '/api/v1/articles/1/comments', 404, 'ROUTE_NOT_FOUND');
      const post = await site.app.inject({ method: 'POST', url: '/api/v1/articles', payload: {} });
      assert.equal(post.statusCode, 404);
      assert.equal(post.json().error.code, 'ROUTE_NOT_FOUND');
    });
  });

  describe(`article API: status and ties (${tdb.dialect})`, () => {
    test('an unpublished article is 410 GONE, a draft 404; neither is listed', async () => {
      const site = await openSite(tdb, [demoDir]);
      const [unpublished, draft] = [site.imported[0]!, site.imported[1]!];
      await site.setStatus(unpublished.id, 'unpublished');
      await site.setStatus(draft.id, 'draft');
      await expectError(site, `/api/v1/articles/${unpublished.id}`, 410, 'GONE');
      await expectError(site, `/api/v1/articles/${draft.id}`, 404, 'NOT_FOUND');
      const listed = ((await getJson(site, '/api/v1/articles')).body as ListBody).items.map((i) => i.id);
      assert.equal(listed.length, site.imported.length - 2);
      assert.ok(!listed.includes(unpublished.id) && !listed.includes(draft.id));
      assert.deepEqual((await walk(site, 2)).flat(), listed);
    });

    test('articles published at the same minute are paged by id, none skipped or repeated', async () => {
      const dir = tempDir();
      const files = ['a', 'b', 'c', 'd', 'e'].map((n) => writePlainArticle(dir, `${n}.txt`, { title: `Новина ${n}`, date: '2026-03-12 09:40' }));
      files.push(writePlainArticle(dir, 'f.txt', { title: 'Раніша новина', date: '2026-03-12 09:39' }));
      const site = await openSite(tdb, files);
      const ids = site.imported.map((a) => a.id);
      const expected = [...ids.slice(0, 5)].sort((a, b) => b - a).concat(ids[5]!);
      for (const limit of [1, 2, 3]) assert.deepEqual((await walk(site, limit)).flat(), expected, `limit=${limit}`);
    });
  });
}
