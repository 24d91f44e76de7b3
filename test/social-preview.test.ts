import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SocialPostPreview } from '../src/contract/social.js';
import { DEFAULT_PREVIEW_FETCH, fetchPublic, isNonPublicAddress } from '../src/services/social-preview/fetch.js';
import { testDatabases } from './helpers/databases.js';
import { addUser, signInAs, testClock, type Client } from './helpers/newsroom.js';
import { closeTestSites, openSite, type TestSite } from './helpers/site.js';
import { startPlatformServer, TELEGRAM_TEXT, type PlatformServer } from './helpers/social-platforms.js';
import { TELEGRAM_POST } from './helpers/social-posts.js';

after(closeTestSites);

const NOW = new Date('2026-12-05T12:05:00Z');
const preview = (c: Client, url: string) => c.request('GET', `/api/v1/admin/social-post?url=${encodeURIComponent(url)}`) as Promise<{ status: number; json: SocialPostPreview & { error?: { code: string; field?: string; message: string } } }>;

for (const tdb of testDatabases) {
  describe(`GET /api/v1/admin/social-post (${tdb.dialect})`, () => {
    let platforms: PlatformServer;
    let site: TestSite;
    let contributor: Client;

    before(async () => {
      platforms = await startPlatformServer();
      // The app's configuration sends every platform request to the local server (SOCIAL_PREVIEW_ORIGIN).
      site = await openSite(tdb, [], { clock: testClock(NOW).now, config: { socialPreview: { ...DEFAULT_PREVIEW_FETCH, origin: platforms.origin, timeoutMs: 800 } } });
      contributor = await signInAs(site.app, await addUser(site.database, 'contributor', { name: 'Ірина Тестова' }));
    });
    after(() => platforms.close());

    test('a Telegram post: its channel name, text with line breaks and time from the embed page; captured now by the caller', async () => {
      const r = await preview(contributor, 'https://t.me/s/shpalta_test/16542?single');
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.fetched, true);
      // The same post as the tests' quoted one, as the embed page tells it.
      assert.deepEqual(r.json.post, { ...TELEGRAM_POST, text: TELEGRAM_TEXT, media: null, capturedAt: NOW.toISOString(), capturedBy: { id: contributor.user.id, name: 'Ірина Тестова' } });
      assert.ok(platforms.requests.includes('t.me /shpalta_test/16542?embed=1&mode=tme'), platforms.requests.join('\n'));
    });

    test('X through oEmbed: the account, the handle, the text; the time from the tweet id', async () => {
      const r = await preview(contributor, 'https://twitter.com/shpalta_test/status/1876000000000000000?s=20');
      assert.equal(r.json.fetched, true);
      assert.equal(r.json.post.accountName, 'Шпальта: тест');
      assert.equal(r.json.post.handle, 'shpalta_test');
      assert.equal(r.json.post.text, 'Міст через Дніпро відкриють у п\'ятницю.\n\nПодробиці згодом https://t.co/abc');
      assert.match(r.json.post.postedAt!, /^2025-01-05T/);
    });

    test('YouTube and TikTok (a gzip answer) through oEmbed, Bluesky through its public API', async () => {
      const yt = await preview(contributor, 'https://youtu.be/aBcDeFgHiJk?si=x');
      assert.deepEqual([yt.json.fetched, yt.json.post.accountName, yt.json.post.handle, yt.json.post.text, yt.json.post.postedAt], [true, 'Тестовий канал', 'shpalta_video', 'Репортаж із Харкова: як працює метро-школа', null]);
      const tt = await preview(contributor, 'https://www.tiktok.com/@podil_bakery/video/7312345678901234567?is_from_webapp=1');
      assert.deepEqual([tt.json.fetched, tt.json.post.accountName, tt.json.post.handle, tt.json.post.text], [true, 'Пекарня на Подолі', 'podil_bakery', 'Як ми пекли паляниці #київ']);
      const bs = await preview(contributor, 'https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/post/3lbc2xyzab22k');
      assert.deepEqual([bs.json.fetched, bs.json.post.accountName, bs.json.post.handle, bs.json.post.text, bs.json.post.postedAt], [true, 'Шпальта у Bluesky', 'shpalta.bsky.social', 'Перший допис.\nДругий рядок.', '2025-11-20T10:15:00.000Z']);
    });

    test('Threads and Instagram from the Open Graph tags of the post page; a redirect within Instagram is followed', async () => {
      const th = await preview(contributor, 'https://www.threads.net/@maria.test/post/C8AbCdEfGhI?xmt=1');
      assert.deepEqual([th.json.fetched, th.json.post.url, th.json.post.accountName, th.json.post.handle, th.json.post.text], [true, 'https://www.threads.com/@maria.test/post/C8AbCdEfGhI', 'Марія Тестова', 'maria.test', 'Ранкова черга до пункту видачі — 40 хвилин.']);
      const ig = await preview(contributor, 'https://www.instagram.com/p/MovedPost1/?igsh=abc');
      assert.deepEqual([ig.json.fetched, ig.json.post.url, ig.json.post.accountName, ig.json.post.handle, ig.json.post.text], [true, 'https://www.instagram.com/p/MovedPost1/', 'Олег Тестовий', 'oleg.test', 'Світанок над Дніпром & тиша']);
      assert.ok(platforms.requests.includes('www.instagram.com /p/C1a2B3c4D5e/'), 'the redirect was followed');
    });

    test('a huge page is read only up to the cap, its <head> is enough', async () => {
      const r = await preview(contributor, 'https://www.instagram.com/p/HugePage01/');
      assert.deepEqual([r.json.fetched, r.json.post.accountName, r.json.post.text], [true, 'Великий допис', 'Короткий текст']);
    });

    test('what cannot be read answers 200 with what the address gives and fetched: false', async () => {
      const cases: Array<[string, Partial<SocialPostPreview['post']>]> = [
        // A sign-in wall, a deleted post, a redirect off the platform, a 404 of oEmbed.
        ['https://www.facebook.com/shpalta.test/posts/1234567890123456', { platform: 'facebook', handle: 'shpalta.test', url: 'https://www.facebook.com/shpalta.test/posts/1234567890123456' }],
        ['https://t.me/shpalta_test/404', { platform: 'telegram', handle: 'shpalta_test' }],
        ['https://www.instagram.com/p/AwayPost01/', { platform: 'instagram', handle: '' }],
        ['https://x.com/someone_else/status/1876000000000000000', { platform: 'x', handle: 'someone_else' }],
      ];
      for (const [url, expected] of cases) {
        const r = await preview(contributor, url);
        assert.equal(r.status, 200, url);
        assert.equal(r.json.fetched, false, url);
        assert.equal(r.json.post.accountName, '', url);
        assert.equal(r.json.post.text, '', url);
        for (const [k, v] of Object.entries(expected)) assert.equal((r.json.post as unknown as Record<string, unknown>)[k], v, `${url}: ${k}`);
      }
      assert.ok(!platforms.requests.some((r) => r.startsWith('evil.example')), 'the redirect off the platform was not followed');
    });

    test('a platform slower than the deadline: fetched: false, answered within the deadline', async () => {
      const started = Date.now();
      const r = await preview(contributor, 'https://t.me/slow_channel/7');
      assert.equal(r.status, 200);
      assert.equal(r.json.fetched, false);
      assert.equal(r.json.post.handle, 'slow_channel');
      assert.ok(Date.now() - started < 2_500, `answered after ${Date.now() - started} ms`);
    });

    test('an address that is no post: 422 SOCIAL_URL_UNSUPPORTED naming url, in Ukrainian; nothing is fetched', async () => {
      const before = platforms.requests.length;
      for (const url of ['https://t.me/shpalta_test', 'javascript:alert(1)', 'https://glavcom.ua/news/1.html', 'http://127.0.0.1:22/x']) {
        const r = await preview(contributor, url);
        assert.equal(r.status, 422, url);
        assert.equal(r.json.error?.code, 'SOCIAL_URL_UNSUPPORTED');
        assert.equal(r.json.error?.field, 'url');
        assert.match(r.json.error!.message, /^url: має бути адресою допису/);
      }
      assert.equal(platforms.requests.length, before);
      const empty = await contributor.request('GET', '/api/v1/admin/social-post');
      assert.equal(empty.status, 400);
      assert.equal(empty.json.error.field, 'url');
    });

    test('only the signed-in newsroom may ask: anonymous 401, the same for an unsupported address', async () => {
      for (const url of ['https://t.me/shpalta_test/1', 'javascript:alert(1)']) {
        const r = await site.app.inject({ method: 'GET', url: `/api/v1/admin/social-post?url=${encodeURIComponent(url)}` });
        assert.equal(r.statusCode, 401);
        assert.equal(r.json().error.code, 'UNAUTHENTICATED');
      }
    });
  });
}

test('SOCIAL_PREVIEW=off: the address alone fills the block, no request leaves', async () => {
  const platforms = await startPlatformServer();
  try {
    const site = await openSite(testDatabases[0]!, [], { clock: testClock(NOW).now, config: { socialPreview: { ...DEFAULT_PREVIEW_FETCH, enabled: false, origin: platforms.origin } } });
    const c = await signInAs(site.app, await addUser(site.database, 'author'));
    const r = await preview(c, 'https://x.com/shpalta_test/status/1876000000000000000');
    assert.equal(r.json.fetched, false);
    assert.equal(r.json.post.handle, 'shpalta_test');
    assert.match(r.json.post.postedAt!, /^2025-01-05T/, 'the time the id carries');
    assert.deepEqual(platforms.requests, []);
  } finally {
    await platforms.close();
  }
});

test('fetchPublic (no relay configured) refuses loopback and private addresses, other hosts and other schemes', async () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '224.0.0.1']) assert.ok(isNonPublicAddress(a), a);
  for (const a of ['149.154.167.99', '2001:67c:4e8:f004::9', '8.8.8.8']) assert.ok(!isNonPublicAddress(a), a);
  const server = await startPlatformServer();
  try {
    const port = new URL(server.origin).port;
    const signal = AbortSignal.timeout(2_000);
    // 'localhost' resolves to loopback: refused where the connection is made.
    await assert.rejects(fetchPublic('https://localhost/x', new Set(['localhost']), DEFAULT_PREVIEW_FETCH, signal), /not a public address/);
    assert.equal(await fetchPublic('https://evil.example/x', new Set(['t.me']), DEFAULT_PREVIEW_FETCH, signal), null, 'a host not of the platform');
    assert.equal(await fetchPublic(`http://127.0.0.1:${port}/x`, new Set(['127.0.0.1']), DEFAULT_PREVIEW_FETCH, signal), null, 'http, and a port');
    assert.deepEqual(server.requests, []);
  } finally {
    await server.close();
  }
});
