import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { kyivOffsetIso, kyivParts } from '../src/core/kyiv-time.js';
import { articlePath } from '../src/core/model.js';
import { buildApp } from '../src/server/app.js';
import { articleSitemap } from '../src/server/routes/public/sitemaps.js';
import { listPublished, saveArticle, type ArticleInput } from '../src/storage/repositories/articles.js';
import { firstPublishedIdOfBlock } from '../src/storage/repositories/sitemap.js';
import { demoDir, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { inTransaction } from '../src/storage/database.js';
import { closeTestSites, openSite, SITE_URL, writePlainArticle, type TestSite } from './helpers/site.js';
import { sitemapIndexProblems, urlsetProblems } from './helpers/sitemap-schema.js';

after(closeTestSites);

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unescapeXml = (s: string) => s.replace(/&(?:amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]!);

/**
 * A small well-formedness check, enough for what we generate: the declaration, one root,
 * balanced and properly nested elements, quoted attributes, only the five entities, no stray
 * '<' or '&', no character XML 1.0 forbids. Returns the root element's name.
 */
function assertWellFormed(xml: string, what: string): string {
  assert.ok(xml.startsWith(XML_DECLARATION), `${what}: the XML declaration`);
  assert.doesNotMatch(xml, /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u, `${what}: no illegal character`);
  const stack: string[] = [];
  let root: string | null = null;
  for (const [token] of xml.slice(XML_DECLARATION.length).matchAll(/<[^>]*>|[^<]+/g)) {
    if (!token.startsWith('<')) {
      assert.ok(stack.length > 0 || token.trim() === '', `${what}: text outside the root: ${token.slice(0, 40)}`);
      assert.doesNotMatch(token, /&(?!(?:amp|lt|gt|quot|apos);)/, `${what}: a bare '&' in ${token.slice(0, 40)}`);
      continue;
    }
    const m = /^<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>$/.exec(token);
    assert.ok(m, `${what}: a malformed tag ${token.slice(0, 60)}`);
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      assert.equal(stack.pop(), name, `${what}: </${name}> closes what was opened`);
    } else {
      if (stack.length === 0) {
        assert.equal(root, null, `${what}: a single root element`);
        root = name!;
      }
      if (!selfClosing) stack.push(name!);
    }
  }
  assert.deepEqual(stack, [], `${what}: every element closed`);
  assert.ok(root, `${what}: has a root element`);
  return root;
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => unescapeXml(m[1]!));
const pathOf = (loc: string) => loc.slice(SITE_URL.length);

/** Fetches a sitemap, checks it is well formed and keeps to its schema (helpers/sitemap-schema.ts). */
async function getXml(site: { app: TestSite['app'] }, url: string, root: string) {
  const res = await site.app.inject({ method: 'GET', url });
  assert.equal(res.statusCode, 200, url);
  assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8', url);
  assert.equal(res.headers['cache-control'], 'public, max-age=300', url);
  assert.equal(assertWellFormed(res.body, url), root, url);
  assert.deepEqual(root === 'sitemapindex' ? sitemapIndexProblems(res.body) : urlsetProblems(res.body), [], `${url} keeps to its schema`);
  for (const loc of locs(res.body)) assert.ok(loc.startsWith(`${SITE_URL}/`), `${url}: ${loc} is absolute`);
  return res;
}

/** 'YYYY-MM-DD HH:MM' in Kyiv for the plain-text format: this very minute, so it is published, not scheduled. */
function kyivNow(): string {
  const p = kyivParts(new Date());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

function minimalInput(i: number, status: ArticleInput['status']): ArticleInput {
  return {
    externalId: null, slug: `statia-${i}`, title: `Стаття ${i}`, subtitle: null, lead: 'Лід.', body: [], status, sectionId: null, source: null,
    photo: null, recap: null, publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000), publishedTimeKnown: true, isMain: false, isBreaking: false, authorIds: [], tagIds: [],
  };
}

describe('the sitemap schema checks', () => {
  const urlset = (inner: string, ns = '') => `${XML_DECLARATION}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${ns}>${inner}</urlset>`;
  const NEWS = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"';
  const news = (inner: string) => `<url><loc>https://x.example/a</loc><news:news>${inner}</news:news></url>`;
  const publication = '<news:publication><news:name>X</news:name><news:language>uk</news:language></news:publication>';

  test('accept what the schemas allow and reject what they do not', () => {
    assert.deepEqual(urlsetProblems(urlset('<url><loc>https://x.example/</loc><lastmod>2026-01-07</lastmod><changefreq>daily</changefreq><priority>0.5</priority></url>')), []);
    assert.deepEqual(urlsetProblems(urlset(news(`${publication}<news:publication_date>2026-01-07T10:00:00+02:00</news:publication_date><news:title>T</news:title>`), NEWS)), []);
    assert.deepEqual(sitemapIndexProblems(`${XML_DECLARATION}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://x.example/s.xml</loc><lastmod>2026-01-07T10:00:00Z</lastmod></sitemap></sitemapindex>`), []);
    const rejected = [
      urlset(''),
      urlset('<url><lastmod>2026-01-07</lastmod></url>'),
      urlset('<url><loc>https://x.example/</loc><lastmod>7 січня 2026</lastmod></url>'),
      urlset('<url><loc>https://x.example/</loc><lastmod>2026-13-07</lastmod></url>'),
      urlset('<url><lastmod>2026-01-07</lastmod><loc>https://x.example/</loc></url>'),
      urlset('<url><loc>/relative</loc></url>'),
      urlset('<url><loc>https://x.example/</loc><priority>1.5</priority></url>'),
      urlset(news(`<news:publication_date>2026-01-07</news:publication_date>${publication}<news:title>T</news:title>`), NEWS),
      urlset(news(`${publication}<news:title>T</news:title>`), NEWS),
      urlset(news(`<news:publication><news:name>X</news:name><news:language>ukrainian</news:language></news:publication><news:publication_date>2026-01-07</news:publication_date><news:title>T</news:title>`), NEWS),
    ];
    for (const doc of rejected) assert.notDeepEqual(urlsetProblems(doc), [], doc);
    assert.notDeepEqual(sitemapIndexProblems(`${XML_DECLARATION}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>`), []);
  });
});

for (const tdb of testDatabases) {
  describe(`sitemaps (${tdb.dialect})`, { skip: withoutReference }, () => {
    let site!: TestSite;
    let freshId!: number;
    before(async () => {
      site = await openSite(tdb, [referenceArticle, demoDir]);
      const fresh = await site.importFile(writePlainArticle(tempDir(), 'fresh.txt', { date: kyivNow(), title: 'Щойно: свіжа новина & «лапки» <b>' }));
      freshId = fresh.id;
    });

    test('the index lists the home page, article, section, tag, author and news sitemaps, each with its last change', async () => {
      const res = await getXml(site, '/sitemap.xml', 'sitemapindex');
      assert.deepEqual(locs(res.body), ['pages', 'articles-1', 'sections', 'tags', 'authors', 'news'].map((n) => `${SITE_URL}/sitemaps/${n}.xml`));
      const lastmods = [...res.body.matchAll(/<sitemap><loc>([^<]+)<\/loc><lastmod>([^<]+)<\/lastmod><\/sitemap>/g)].map((m) => [m[1]!, m[2]!] as const);
      assert.equal(lastmods.length, 6, 'a lastmod for every sitemap');
      for (const [loc, lastmod] of lastmods) {
        assert.match(lastmod, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/, loc);
        const child = await site.app.inject({ method: 'GET', url: pathOf(loc) });
        assert.equal(child.statusCode, 200, loc);
        // A sitemap changed when its newest entry did: the index says the same as the file.
        const newest = Math.max(...[...child.body.matchAll(/<(?:lastmod|news:publication_date)>([^<]+)</g)].map((m) => Date.parse(m[1]!)));
        assert.equal(Date.parse(lastmod), newest, `${loc}: lastmod is its newest entry's`);
      }
    });

    test('the article sitemap has every published article once, with its last change, and nothing unpublished', async () => {
      const published = await listPublished(site.database.db, { limit: 1000 });
      assert.equal(published.length, 10);
      const res = await getXml(site, '/sitemaps/articles-1.xml', 'urlset');
      const listed = locs(res.body);
      assert.deepEqual([...listed].sort(), published.map((a) => SITE_URL + articlePath(a)).sort(), 'every canonical URL exactly once');
      for (const a of published) {
        const entry = new RegExp(`<url><loc>${SITE_URL}${articlePath(a)}</loc><lastmod>([^<]+)</lastmod></url>`).exec(res.body);
        assert.ok(entry, a.title);
        if (a.publishedTimeKnown) {
          assert.match(entry[1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/, 'W3C datetime');
          // Imported and never edited: its last change is its publication, not the time of the import.
          assert.equal(Date.parse(entry[1]!), a.publishedAt!.getTime(), `${a.title}: lastmod is the story's, not the import's`);
        } else {
          assert.equal(entry[1], kyivOffsetIso(a.publishedAt!).slice(0, 10), `${a.title}: a day-only story claims no time`);
        }
      }
      assert.ok(published.some((a) => !a.publishedTimeKnown), 'the reference is dated by the day alone');
      const ids = listed.map((l) => Number(/-(\d+)\.html$/.exec(l)![1]));
      assert.deepEqual(ids, [...ids].sort((x, y) => x - y), 'in id order');

      const gone = published.find((a) => a.title.startsWith('Президент після саміту'))!;
      await site.database.db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', gone.id).execute();
      try {
        const after = locs((await getXml(site, '/sitemaps/articles-1.xml', 'urlset')).body);
        assert.equal(after.length, 9);
        assert.ok(!after.includes(SITE_URL + articlePath(gone)), 'the unpublished article is gone at once: no page cache in between');
      } finally {
        await site.database.db.updateTable('articles').set({ status: 'published' }).where('id', '=', gone.id).execute();
      }
    });

    test('past the last block, or any other name, there is no sitemap', async () => {
      for (const url of ['/sitemaps/articles-2.xml', '/sitemaps/articles-0.xml', '/sitemaps/articles-01.xml', '/sitemaps/articles-x.xml', '/sitemaps/other.xml']) {
        assert.equal((await site.app.inject({ method: 'GET', url })).statusCode, 404, url);
      }
    });

    test('the section, tag and author sitemaps list pages that open', async () => {
      const expected = {
        sections: ['/kyiv/', '/kultura/', '/sport/', '/sport/futbol/', '/svit/', '/svit/polityka/', '/ukraina/', '/ukraina/ekonomika/', '/ukraina/ekonomika/enerhetyka/', '/ukraina/suspilstvo/'],
        tags: ['/tag/perehovory/', '/tag/kyiv/', '/tag/kmda/'],
        authors: ['/author/ivanna-honchar/'],
      };
      for (const [name, some] of Object.entries(expected)) {
        const res = await getXml(site, `/sitemaps/${name}.xml`, 'urlset');
        const paths = locs(res.body).map(pathOf);
        assert.equal(new Set(paths).size, paths.length, `${name}: no duplicates`);
        if (name === 'sections') assert.deepEqual([...paths].sort(), [...expected.sections].sort(), 'every section with articles');
        for (const p of some) assert.ok(paths.includes(p), `${name}: ${p}`);
        assert.equal(paths.length, (res.body.match(/<lastmod>/g) ?? []).length, `${name}: a lastmod each`);
        for (const p of paths) assert.equal((await site.app.inject({ method: 'GET', url: p })).statusCode, 200, p);
      }
    });

    test('the news sitemap has the last 48 hours only, with Google News fields', async () => {
      const res = await getXml(site, '/sitemaps/news.xml', 'urlset');
      assert.match(res.body, /<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9" xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9">/);
      const since = Date.now() - 48 * 3600_000;
      const published = await listPublished(site.database.db, { limit: 1000 });
      const recent = published.filter((a) => a.publishedAt!.getTime() > since);
      assert.ok(recent.some((a) => a.id === freshId), 'the article written a minute ago');
      const ref = published.find((a) => a.title.startsWith('Президент після саміту'))!;
      assert.ok(!locs(res.body).includes(SITE_URL + articlePath(ref)), 'the reference of 7 January is not news');
      assert.deepEqual(locs(res.body).sort(), recent.map((a) => SITE_URL + articlePath(a)).sort());
      const entries = [...res.body.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1]!);
      assert.equal(entries.length, recent.length);
      for (const a of recent) {
        const entry = entries.find((e) => e.includes(`<loc>${SITE_URL}${articlePath(a)}</loc>`))!;
        assert.match(entry, /<news:news><news:publication><news:name>Шпальта<\/news:name><news:language>uk<\/news:language><\/news:publication>/);
        assert.equal(Date.parse(/<news:publication_date>([^<]+)<\/news:publication_date>/.exec(entry)![1]!), a.publishedAt!.getTime());
        assert.equal(unescapeXml(/<news:title>([^<]*)<\/news:title>/.exec(entry)![1]!), a.title);
      }
    });

    test('robots.txt keeps crawlers out of the admin and the API and points at the sitemap', async () => {
      const res = await site.app.inject({ method: 'GET', url: '/robots.txt' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      const lines = res.body.split('\n');
      assert.equal(lines[0], 'User-agent: *');
      for (const line of ['Disallow: /admin/', 'Disallow: /api/', `Sitemap: ${SITE_URL}/sitemap.xml`]) assert.ok(lines.includes(line), line);
      assert.ok(!lines.some((l) => /^Disallow:\s*\/?\s*$/.test(l)), 'nothing else is closed');
    });

    test('a sitemap is streamed (chunked, no length known in advance), whole, and gzipped on request', async () => {
      const plain = await site.app.inject({ method: 'GET', url: '/sitemaps/articles-1.xml' });
      assert.equal(plain.headers['content-length'], undefined);
      assert.equal(plain.headers['transfer-encoding'], 'chunked');
      assert.ok(plain.body.endsWith('</urlset>\n'), 'the stream arrived complete');
      const gz = await site.app.inject({ method: 'GET', url: '/sitemaps/articles-1.xml', headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(zlib.gunzipSync(gz.rawPayload).toString('utf8'), plain.body);
      const head = await site.app.inject({ method: 'HEAD', url: '/sitemaps/articles-1.xml' });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
    });

    test('with nothing from the last two days, the news sitemap keeps the newest article without news fields, so it is never an empty urlset', async () => {
      const old = await openSite(tdb, [referenceArticle]);
      const res = await getXml(old, '/sitemaps/news.xml', 'urlset');
      const ref = old.imported[0]!;
      assert.deepEqual(locs(res.body), [SITE_URL + ref.path]);
      assert.doesNotMatch(res.body, /<news:news>/, 'a story of 7 January 2026 is not news');
      assert.match(res.body, /<lastmod>2026-01-07<\/lastmod>/);
      assert.ok(locs((await getXml(old, '/sitemap.xml', 'sitemapindex')).body).includes(`${SITE_URL}/sitemaps/news.xml`));

      // A story of today dated by the day alone is news, and its publication date is that day.
      const day = kyivNow().slice(0, 10);
      const today = await old.importFile(writePlainArticle(tempDir(), 'today.txt', { date: day, title: 'Новина дня без часу' }));
      const fresh = await getXml(old, '/sitemaps/news.xml', 'urlset');
      assert.deepEqual(locs(fresh.body), [SITE_URL + today.path]);
      assert.match(fresh.body, new RegExp(`<news:publication_date>${day}</news:publication_date>`));
    });

    test('a site with nothing published: the index lists the home page sitemap alone, the others answer 404', async () => {
      const empty = await openSite(tdb, []);
      const index = await getXml(empty, '/sitemap.xml', 'sitemapindex');
      assert.deepEqual(locs(index.body), [`${SITE_URL}/sitemaps/pages.xml`]);
      const pages = await getXml(empty, '/sitemaps/pages.xml', 'urlset');
      assert.deepEqual(locs(pages.body), [`${SITE_URL}/`]);
      for (const name of ['articles-1', 'sections', 'tags', 'authors', 'news']) {
        assert.equal((await empty.app.inject({ method: 'GET', url: `/sitemaps/${name}.xml` })).statusCode, 404, name);
      }
    });

    test('3,000 articles: keyset batches and blocks cover every published one exactly once', async () => {
      const database = await tdb.open();
      const now = new Date();
      await inTransaction(database, async (tx) => {
        // Every seventh is a draft: the batches must skip them without losing count.
        for (let i = 1; i <= 3000; i++) await saveArticle(tx, null, minimalInput(i, i % 7 === 0 ? 'draft' : 'published'), now);
      });
      const expected = (await database.db.selectFrom('articles').select(['id', 'slug']).where('status', '=', 'published').orderBy('id').execute()).map(
        (r) => `${SITE_URL}/${r.slug}-${r.id}.html`,
      );
      assert.equal(expected.length, 3000 - Math.floor(3000 / 7));

      // Small blocks and batches, so that both kinds of boundary fall inside the data.
      const blockSize = 1000;
      const seen: string[] = [];
      for (let block = 0; ; block++) {
        const first = await firstPublishedIdOfBlock(database.db, block, blockSize);
        if (first === null) break;
        const chunks: string[] = [];
        for await (const chunk of articleSitemap(database.db, SITE_URL, first, { max: blockSize, batch: 300 })) chunks.push(chunk);
        const xml = chunks.join('');
        assertWellFormed(xml, `block ${block}`);
        const got = locs(xml);
        assert.equal(got.length, Math.min(blockSize, expected.length - block * blockSize), `block ${block} is full but the last`);
        assert.ok(chunks.length >= 2 + Math.ceil(got.length / 300), 'written batch by batch');
        seen.push(...got);
      }
      assert.deepEqual(seen, expected, 'every published article once, in id order, none skipped across boundaries');

      const app = await buildApp({ config: { siteUrl: SITE_URL, mediaDir: tempDir(), logLevel: 'silent' }, database });
      try {
        const index = await getXml({ app }, '/sitemap.xml', 'sitemapindex');
        assert.equal(locs(index.body).filter((l) => l.includes('/articles-')).length, 1, 'under 50,000: one article sitemap');
        const res = await getXml({ app }, '/sitemaps/articles-1.xml', 'urlset');
        assert.deepEqual(locs(res.body), expected, 'through HTTP with the default batch of 1000');
      } finally {
        await app.close();
      }
    });
  });
}
