import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import FeedParser from 'feedparser';
import { articlePath, type ArticleSummary } from '../src/core/model.js';
import { escapeHtml } from '../src/render/html.js';
import { renderAtom, renderRss, type FeedChannel } from '../src/render/feeds.js';
import type { ShpaltaApp } from '../src/server/app.js';
import { listInList, listPublished } from '../src/storage/repositories/articles.js';
import { demoDir, projectRoot, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { closeTestSites, openSite, SITE_URL, unescapeHtml, writePlainArticle, type TestSite } from './helpers/site.js';

after(closeTestSites);

const KMDA_FIXTURE = path.join(projectRoot, 'test/fixtures/plain/kmda-no-photo.txt');
const REFERENCE_QUOTE = 'З командою Президента США – Стівеном Віткоффом';
const NASTY_TITLE = `Тест <script>alert("x")</script> & ]]> 'апостроф' — кінець`;
const ATOM_ID = /^tag:news\.example\.ua,2026:article:(\d+)$/;

interface ParsedFeed {
  meta: FeedParser.Meta;
  items: FeedParser.Item[];
}

function runParser(xml: string, options: FeedParser.Options): Promise<ParsedFeed> {
  const parser = new FeedParser({ ...options, resume_saxerror: false });
  const items: FeedParser.Item[] = [];
  return new Promise((resolve, reject) => {
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta, items }));
    parser.end(xml);
  });
}

/**
 * Parses a feed twice: once with sax in strict mode, which fails on any XML error a lax parser
 * would forgive, then normally for the fields (feedparser only normalises them in lax mode).
 */
async function parseFeed(xml: string): Promise<ParsedFeed> {
  await runParser(xml, { strict: true });
  return runParser(xml, {});
}

async function getFeed(site: TestSite, url: string, type: 'rss' | 'atom') {
  const res = await site.app.inject({ method: 'GET', url });
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
  assert.equal(res.headers['content-type'], `application/${type}+xml; charset=utf-8`, url);
  const feed = await parseFeed(res.body);
  assert.equal(feed.meta['#type'], type, url);
  return { ...feed, raw: res.body, cache: res.headers['x-cache'] };
}

/** The exact title as written in the feed (feedparser's normalised `title` strips anything tag-like). */
const rawTitle = (item: FeedParser.Item): string => (item['rss:title'] ?? item['atom:title'])['#'];

/**
 * A title as a reader shows it. feedparser takes an RSS <title> as HTML (its `title` has tags
 * stripped and entities left as they are), so it is read here as HTML; an Atom title says
 * type="text" and is taken as written.
 */
const shownTitle = (item: FeedParser.Item, type: string): string => (type === 'rss' ? unescapeHtml(item.title) : rawTitle(item));
const idOf = (item: FeedParser.Item): number => {
  const m = ATOM_ID.exec(item.guid);
  assert.ok(m, `guid ${item.guid} is the article's tag: URI`);
  return Number(m[1]);
};

/**
 * What every feed must satisfy: one item per expected article, in the same (newest first)
 * order, with an absolute link that works, the article's date, its sections and tags as
 * categories and its authors.
 */
async function checkItems(site: TestSite, feed: ParsedFeed, expected: ArticleSummary[]) {
  assert.deepEqual(feed.items.map(idOf), expected.map((a) => a.id), 'the expected articles, newest first');
  for (let j = 1; j < feed.items.length; j++) assert.ok(feed.items[j - 1]!.pubdate! >= feed.items[j]!.pubdate!, 'dates never increase');
  for (const [i, item] of feed.items.entries()) {
    const a = expected[i]!;
    assert.equal(item.link, SITE_URL + articlePath(a));
    assert.equal(shownTitle(item, feed.meta['#type']), a.title);
    assert.equal(item.pubdate?.getTime(), a.publishedAt!.getTime(), `${a.title}: the publication date`);
    for (const name of [...a.tags.map((t) => t.name), ...a.sections.map((s) => s.name)]) assert.ok(item.categories.includes(name), `${a.title}: category ${name}`);
    for (const p of a.authors) assert.match(item.author ?? '', new RegExp(p.name), `${a.title}: author ${p.name}`);
    const res = await site.app.inject({ method: 'GET', url: new URL(item.link).pathname });
    assert.equal(res.statusCode, 200, `${item.link} opens`);
  }
}

describe('feed rendering', () => {
  test('characters XML 1.0 forbids are dropped and markup in text stays text', async () => {
    const now = new Date('2026-03-01T10:00:00Z');
    const article: ArticleSummary = {
      id: 7, externalId: null, slug: 'x', title: 'Нуль\u0000 дзвінок\u0007 <b>&]]>', subtitle: null, lead: 'Лід\u000b з <i>тегом</i> і \uFFFF', status: 'published',
      sections: [], authors: [{ id: 1, name: 'А&Б', slug: 'ab' }], tags: [{ id: 1, name: '<tag>', slug: 't', kind: 'topic' }], source: null, photo: null,
      publishedAt: now, publishedTimeKnown: true, isMain: false, isBreaking: false, createdAt: now, updatedAt: now, changedAt: now,
    };
    const channel: FeedChannel = { siteUrl: SITE_URL, title: 'T & <T>', description: 'D', pagePath: '/', selfPath: '/rss.xml', key: 'site', builtAt: now };
    for (const [xml, type] of [[renderRss(channel, [{ ...article, body: [{ type: 'paragraph', content: [{ type: 'text', text: 'a\u0001b ]]> <p>' }] }] }]), 'rss'], [renderAtom(channel, [article]), 'atom']] as const) {
      assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\uffff]/);
      assert.ok(!xml.includes(']]>'), 'no CDATA end marker anywhere');
      const feed = await parseFeed(xml);
      assert.equal(feed.meta['#type'], type);
      assert.equal(shownTitle(feed.items[0]!, type), 'Нуль дзвінок <b>&]]>');
      assert.ok(feed.items[0]!.categories.includes('<tag>'));
    }
  });

  test('RSS titles with <, & and «» read as typed in feedparser, which takes them as HTML', async () => {
    const now = new Date('2026-03-01T10:00:00Z');
    const titles = ['Ціни на «хліб» < 20 грн & <b>акція</b>', 'AT&T, R&D і «Б&Б»', 'м\'ясо: <script>x</script> &lt; "лапки"'];
    const items: ArticleSummary[] = titles.map((title, i) => ({
      id: i + 1, externalId: null, slug: `t${i}`, title, subtitle: null, lead: 'Лід', status: 'published', sections: [], authors: [], tags: [], source: null, photo: null,
      publishedAt: new Date(now.getTime() - i * 60_000), publishedTimeKnown: true, isMain: false, isBreaking: false, createdAt: now, updatedAt: now, changedAt: now,
    }));
    const channel: FeedChannel = { siteUrl: SITE_URL, title: 'Світ & <Україна> «новини»', description: 'D', pagePath: '/', selfPath: '/rss.xml', key: 'site', builtAt: now };
    const feed = await parseFeed(renderRss(channel, items));
    assert.deepEqual(feed.items.map((i) => unescapeHtml(i.title)), titles);
    assert.equal(unescapeHtml(feed.meta.title), channel.title);
    // Escaped for HTML only where HTML needs it: quotes and apostrophes carry XML's escape alone.
    assert.match(renderRss(channel, items), /<title>м&apos;ясо: &amp;lt;script&amp;gt;x&amp;lt;\/script&amp;gt; &amp;amp;lt; &quot;лапки&quot;<\/title>/);
  });

  test('an Atom feed names its page before itself', () => {
    const channel: FeedChannel = { siteUrl: SITE_URL, title: 'T', description: 'D', pagePath: '/svit/', selfPath: '/svit/atom.xml', key: 'section:1', builtAt: new Date('2026-03-01T10:00:00Z') };
    const links = [...renderAtom(channel, []).matchAll(/<link rel="([^"]+)"[^>]*href="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(links, [['alternate', `${SITE_URL}/svit/`], ['self', `${SITE_URL}/svit/atom.xml`]], 'rel="alternate" first: readers that take the first link open the page, not the feed');
  });

  test('an empty feed is still a valid feed', async () => {
    const channel: FeedChannel = { siteUrl: SITE_URL, title: 'Порожньо', description: 'D', pagePath: '/tag/x/', selfPath: '/tag/x/atom.xml', key: 'tag:1', builtAt: new Date('2026-03-01T10:00:00Z') };
    assert.equal((await parseFeed(renderAtom(channel, []))).items.length, 0);
    assert.equal((await parseFeed(renderRss(channel, []))).meta.title, 'Порожньо');
  });
});

for (const tdb of testDatabases) {
  describe(`feeds (${tdb.dialect})`, { skip: withoutReference }, () => {
    let site!: TestSite;
    let published!: ArticleSummary[];
    before(async () => {
      site = await openSite(tdb, [referenceArticle, demoDir]);
      const dir = tempDir();
      // Dated last in the set, so it leads the site feed; its lead carries a control character.
      // Imports refuse one now; the editor lets one through (pasted text), and older imports
      // stored them: so the lead is set as stored data, and the feeds must still be well-formed.
      const nasty = await site.importFile(writePlainArticle(dir, 'nasty.txt', { date: '2026-11-24 12:00', title: NASTY_TITLE, lead: 'Лід із дзвінком і <тегом> & ]]>.' }));
      await site.database.db.updateTable('articles').set({ lead: 'Лід із дзвінком\u0007 і <тегом> & ]]>.' }).where('id', '=', nasty.id).execute();
      published = await listPublished(site.database.db, { limit: 100 });
    });

    test('the site feeds, RSS and Atom, list the latest articles with their full text', async () => {
      assert.equal(published.length, 10, 'the reference, eight demo articles and one written here');
      for (const [url, type] of [['/rss.xml', 'rss'], ['/atom.xml', 'atom']] as const) {
        const feed = await getFeed(site, url, type);
        assert.equal(feed.meta.title, 'Шпальта', url);
        assert.equal(feed.meta.link, `${SITE_URL}/`, url);
        assert.equal(feed.meta.language, 'uk', url);
        assert.equal(feed.meta.xmlurl, SITE_URL + url, `${url}: rel="self"`);
        assert.equal(feed.items.length, 10, url);
        await checkItems(site, feed, published);

        const ref = feed.items.find((i) => i.title.startsWith('Президент після саміту'))!;
        assert.ok(ref.description.includes(REFERENCE_QUOTE), `${url}: the full text carries the reference's quote`);
        assert.ok(ref.description.includes('Нагадаємо, 6 січня'), `${url}: and its recap`);
        const nasty = feed.items[0]!;
        assert.equal(shownTitle(nasty, type), NASTY_TITLE, `${url}: the title round-trips exactly`);
        assert.doesNotMatch(feed.raw, /\u0007/, `${url}: no control character`);
        assert.ok(nasty.description.includes('&lt;тегом&gt;'), `${url}: markup in the text is text in the HTML`);
        assert.ok(!feed.raw.includes(']]>'), `${url}: no CDATA end marker`);
      }
    });

    test('the lead photo is an enclosure with an absolute URL, its type and stored size', async () => {
      const withPhoto = published.filter((a) => a.photo?.media);
      assert.ok(withPhoto.length > 0);
      const bytes = new Map((await site.database.db.selectFrom('media').select(['id', 'bytes']).execute()).map((r) => [r.id, Number(r.bytes)]));
      for (const [url, type] of [['/rss.xml', 'rss'], ['/atom.xml', 'atom']] as const) {
        const feed = await getFeed(site, url, type);
        for (const item of feed.items) {
          const a = published.find((x) => x.id === idOf(item))!;
          if (!a.photo?.media) {
            assert.equal(item.enclosures.length, 0, `${url}: ${a.title} has no photo`);
            continue;
          }
          const enclosures = item.enclosures.map((e) => ({ url: e.url, type: e.type, length: e.length }));
          assert.deepEqual(enclosures, [{ url: SITE_URL + a.photo.media.url, type: 'image/jpeg', length: String(bytes.get(a.photo.media.id)) }], `${url}: ${a.title}`);
          const photo = await site.app.inject({ method: 'GET', url: a.photo.media.url });
          assert.equal(photo.statusCode, 200);
          assert.equal(photo.rawPayload.length, bytes.get(a.photo.media.id));
        }
        if (type === 'rss') assert.match(feed.raw, /<media:content url="https:\/\/news\.example\.ua\/media\/[^"]+" type="image\/jpeg" medium="image" width="\d+" height="\d+" fileSize="\d+">/);
      }
    });

    test('a section feed holds its subsections\' articles, with leads only', async () => {
      const expected = published.filter((a) => a.sections[0]?.path === 'ukraina');
      const energy = expected.find((a) => a.sections.map((s) => s.name).join(' › ') === 'Україна › Економіка › Енергетика');
      assert.ok(energy, 'the demo has an article in Україна › Економіка › Енергетика');
      for (const [url, type] of [['/ukraina/rss.xml', 'rss'], ['/ukraina/atom.xml', 'atom']] as const) {
        const feed = await getFeed(site, url, type);
        assert.equal(feed.meta.title, 'Україна — Шпальта', url);
        assert.equal(feed.meta.link, `${SITE_URL}/ukraina/`, url);
        assert.ok(feed.items.some((i) => idOf(i) === energy.id), `${url} includes the Енергетика article`);
        await checkItems(site, feed, expected);
        for (const item of feed.items) assert.equal(item['content:encoded'] ?? item['atom:content'], undefined, `${url}: no full text`);
      }
      const deep = await getFeed(site, '/ukraina/ekonomika/enerhetyka/rss.xml', 'rss');
      assert.deepEqual(deep.items.map(idOf), [energy.id]);
      assert.equal(deep.meta.title, 'Енергетика — Шпальта');
    });

    test('a tag feed and an author feed list theirs, with the lead as the description', async () => {
      const ref = published.find((a) => a.title.startsWith('Президент після саміту'))!;
      const tag = ref.tags.find((t) => t.name === 'переговори')!;
      const author = ref.authors[0]!;
      const kyiv = published.find((a) => a.tags.some((t) => t.name === 'Київ'))!.tags.find((t) => t.name === 'Київ')!;
      const cases = [
        { base: `/tag/${tag.slug}/`, title: 'переговори — Шпальта', expected: await listInList(site.database.db, 'tag', tag.id, { limit: 30 }) },
        { base: `/tag/${kyiv.slug}/`, title: 'Київ — Шпальта', expected: await listInList(site.database.db, 'tag', kyiv.id, { limit: 30 }) },
        { base: `/author/${author.slug}/`, title: 'Іванна Гончар — Шпальта', expected: await listInList(site.database.db, 'author', author.id, { limit: 30 }) },
      ];
      assert.ok(cases[1]!.expected.length > 1, 'Київ tags several articles');
      for (const c of cases) {
        for (const type of ['rss', 'atom'] as const) {
          const url = `${c.base}${type}.xml`;
          const feed = await getFeed(site, url, type);
          assert.equal(feed.meta.title, c.title, url);
          assert.equal(feed.meta.link, SITE_URL + c.base, url);
          await checkItems(site, feed, c.expected);
          for (const item of feed.items) {
            const a = c.expected.find((x) => x.id === idOf(item))!;
            // RSS descriptions are HTML (the lead escaped once for HTML); Atom's summary is text.
            const lead = a.lead.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
            assert.equal(type === 'rss' ? item.description : item.summary, type === 'rss' ? escapeHtml(lead) : lead, `${url}: the lead`);
            assert.ok(!(item.description ?? '').includes(REFERENCE_QUOTE), `${url}: the lead only, no body`);
          }
        }
      }
    });

    test('unknown sections, tags and authors have no feed', async () => {
      for (const url of ['/tag/nemaie/rss.xml', '/tag/nemaie/atom.xml', '/author/nikhto/rss.xml', '/author/nikhto/atom.xml', '/nemaie/rss.xml', '/ukraina/nemaie/atom.xml', '/UKRAINA/rss.xml', '/ukraina/rss.xml/']) {
        const res = await site.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 404, url);
      }
    });

    test('feeds come from the page cache until their list changes', async () => {
      const first = await getFeed(site, '/tag/perehovory/rss.xml', 'rss');
      const second = await getFeed(site, '/tag/perehovory/rss.xml', 'rss');
      assert.equal(second.cache, 'HIT');
      assert.equal(second.raw, first.raw);
    });

    test('an item keeps its GUID when a re-import changes its title and link', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'kmda-copy.txt');
      fs.copyFileSync(KMDA_FIXTURE, file);
      const own = await openSite(tdb, [file]);
      const app = own.app as ShpaltaApp;
      const before = await getFeed(own, '/rss.xml', 'rss');
      const beforeAtom = await getFeed(own, '/atom.xml', 'atom');
      const tagBefore = await getFeed(own, '/tag/kmda/atom.xml', 'atom');
      assert.equal(before.items.length, 1);

      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^(.*)\n.*\n/, '$1\nКМДА замінить зупинки на лівому березі\n'));
      const again = await own.importFile(file);
      assert.equal(again.created, false);
      await app.shpalta.changes.poll();

      for (const [b, url, type] of [[before, '/rss.xml', 'rss'], [beforeAtom, '/atom.xml', 'atom'], [tagBefore, '/tag/kmda/atom.xml', 'atom']] as const) {
        const after = await getFeed(own, url, type);
        assert.equal(after.cache, 'MISS', `${url}: the re-import dropped the cached feed`);
        assert.equal(after.items.length, 1);
        const [was, now] = [b.items[0]!, after.items[0]!];
        assert.equal(now.guid, was.guid, `${url}: the same GUID`);
        assert.equal(idOf(now), again.id);
        assert.equal(shownTitle(now, type), 'КМДА замінить зупинки на лівому березі');
        assert.notEqual(now.link, was.link, `${url}: the link follows the new slug`);
        assert.equal(now.link, SITE_URL + again.path);
      }
      assert.equal(before.raw.match(/<guid isPermaLink="false">/g)?.length, 1);
    });
  });
}
