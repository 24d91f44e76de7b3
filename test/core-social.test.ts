import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postedAtFromId, recognizePostUrl } from '../src/core/social.js';

/** [pasted address, platform, handle, canonical address] */
const POSTS: Array<[string, string, string, string]> = [
  // Telegram: the post, its web preview, a comment or single-photo link, no scheme, telegram.me.
  ['https://t.me/V_Zelenskiy_official/16542', 'telegram', 'V_Zelenskiy_official', 'https://t.me/V_Zelenskiy_official/16542'],
  ['https://t.me/s/ukrenergo/3120', 'telegram', 'ukrenergo', 'https://t.me/ukrenergo/3120'],
  ['https://t.me/kyivcity_official/5521?single', 'telegram', 'kyivcity_official', 'https://t.me/kyivcity_official/5521'],
  ['https://t.me/suspilnenews/98112?comment=4411', 'telegram', 'suspilnenews', 'https://t.me/suspilnenews/98112'],
  ['t.me/dsns_telegram/20011', 'telegram', 'dsns_telegram', 'https://t.me/dsns_telegram/20011'],
  ['http://telegram.me/ukrpravda_news/77001/', 'telegram', 'ukrpravda_news', 'https://t.me/ukrpravda_news/77001'],
  ['  https://T.ME/Gov_UA/812  ', 'telegram', 'Gov_UA', 'https://t.me/Gov_UA/812'],
  // X and Twitter: mobile hosts, ?s= and ?t= tracking, /photo/1, the old /statuses/.
  ['https://x.com/ZelenskyyUa/status/1876012345678901234', 'x', 'ZelenskyyUa', 'https://x.com/ZelenskyyUa/status/1876012345678901234'],
  ['https://twitter.com/Ukraine/status/1601234567890123456?s=20&t=AbCdEf12', 'x', 'Ukraine', 'https://x.com/Ukraine/status/1601234567890123456'],
  ['https://mobile.twitter.com/DmytroKuleba/status/1500000000000000001', 'x', 'DmytroKuleba', 'https://x.com/DmytroKuleba/status/1500000000000000001'],
  ['https://x.com/kyivindependent/status/1877777777777777777/photo/1', 'x', 'kyivindependent', 'https://x.com/kyivindependent/status/1877777777777777777'],
  ['https://www.twitter.com/a_b_c/statuses/123456789', 'x', 'a_b_c', 'https://x.com/a_b_c/status/123456789'],
  ['https://twitter.com/i/web/status/1700000000000000000', 'x', '', 'https://x.com/i/status/1700000000000000000'],
  // Facebook: page posts (digits and pfbid), videos, permalink.php, watch, reel, photo, groups, share links.
  ['https://www.facebook.com/zelenskiy95/posts/pfbid02XyZabcDEF123ghiJKL456mnoPQR789?__cft__[0]=AZX&__tn__=%2CO%2CP-R', 'facebook', 'zelenskiy95', 'https://www.facebook.com/zelenskiy95/posts/pfbid02XyZabcDEF123ghiJKL456mnoPQR789'],
  ['https://m.facebook.com/MinistryofDefence.UA/posts/1234567890123456/?mibextid=abc', 'facebook', 'MinistryofDefence.UA', 'https://www.facebook.com/MinistryofDefence.UA/posts/1234567890123456'],
  ['https://www.facebook.com/permalink.php?story_fbid=pfbid0abcdefghijKLMNOP&id=100064000000000&rdid=x', 'facebook', '', 'https://www.facebook.com/permalink.php?story_fbid=pfbid0abcdefghijKLMNOP&id=100064000000000'],
  ['https://www.facebook.com/watch/?v=987654321012345&ref=sharing', 'facebook', '', 'https://www.facebook.com/watch/?v=987654321012345'],
  ['https://www.facebook.com/reel/1122334455667788', 'facebook', '', 'https://www.facebook.com/reel/1122334455667788'],
  ['https://www.facebook.com/photo/?fbid=10160000000000000&set=a.123', 'facebook', '', 'https://www.facebook.com/photo/?fbid=10160000000000000'],
  ['https://www.facebook.com/groups/kyivhelp/permalink/3344556677/', 'facebook', '', 'https://www.facebook.com/groups/kyivhelp/posts/3344556677'],
  ['https://www.facebook.com/share/p/1AbCdEfGhI/', 'facebook', '', 'https://www.facebook.com/share/p/1AbCdEfGhI/'],
  ['https://www.facebook.com/ukrinform/videos/445566778899001/', 'facebook', 'ukrinform', 'https://www.facebook.com/ukrinform/videos/445566778899001'],
  // Instagram: /p/, /reel/, /reels/, /tv/, the account before them, igsh and utm_ dropped.
  ['https://www.instagram.com/p/C1a2B3c4D5e/?igsh=MWQ1ZGUxMzBkMA==', 'instagram', '', 'https://www.instagram.com/p/C1a2B3c4D5e/'],
  ['https://instagram.com/reel/DAbc_-12345/?utm_source=ig_web_copy_link', 'instagram', '', 'https://www.instagram.com/reel/DAbc_-12345/'],
  ['https://www.instagram.com/reels/DAbc_-12345/', 'instagram', '', 'https://www.instagram.com/reel/DAbc_-12345/'],
  ['https://www.instagram.com/zelenskyy_official/p/C9x8Y7z6W5v/', 'instagram', 'zelenskyy_official', 'https://www.instagram.com/p/C9x8Y7z6W5v/'],
  ['https://www.instagram.com/tv/B7abcdefGhI/', 'instagram', '', 'https://www.instagram.com/p/B7abcdefGhI/'],
  // YouTube: watch (with si, t, feature and a playlist), youtu.be, shorts, live, embed, mobile.
  ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123&si=abcDEF', 'youtube', '', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
  ['https://youtu.be/aBcDeFgHiJk?si=Xy12_ab', 'youtube', '', 'https://www.youtube.com/watch?v=aBcDeFgHiJk'],
  ['https://m.youtube.com/watch?feature=share&v=Z9y8X7w6V5u', 'youtube', '', 'https://www.youtube.com/watch?v=Z9y8X7w6V5u'],
  ['https://www.youtube.com/shorts/Q1w2E3r4T5y?feature=share', 'youtube', '', 'https://www.youtube.com/shorts/Q1w2E3r4T5y'],
  ['https://youtube.com/live/L1v3Str3am0?si=zz', 'youtube', '', 'https://www.youtube.com/watch?v=L1v3Str3am0'],
  ['https://www.youtube.com/embed/aBcDeFgHiJk', 'youtube', '', 'https://www.youtube.com/watch?v=aBcDeFgHiJk'],
  // TikTok: video and photo posts, tracking dropped.
  ['https://www.tiktok.com/@ukrainian.news/video/7312345678901234567?is_from_webapp=1&sender_device=pc', 'tiktok', 'ukrainian.news', 'https://www.tiktok.com/@ukrainian.news/video/7312345678901234567'],
  ['https://tiktok.com/@kyiv_daily/photo/7400000000000000001?_r=1&_t=ZM-8abc', 'tiktok', 'kyiv_daily', 'https://www.tiktok.com/@kyiv_daily/photo/7400000000000000001'],
  // Threads on both of its hosts.
  ['https://www.threads.net/@ukrpravda/post/C8AbCdEfGhI?xmt=AQGz', 'threads', 'ukrpravda', 'https://www.threads.com/@ukrpravda/post/C8AbCdEfGhI'],
  ['https://threads.com/@kyiv.post/post/DA1b2C3d4E5/?igshid=NTc4MTIwNjQ2YQ==', 'threads', 'kyiv.post', 'https://www.threads.com/@kyiv.post/post/DA1b2C3d4E5'],
  // Bluesky: a domain handle (lower-cased) and a DID (no handle to show).
  ['https://bsky.app/profile/Kyivindependent.com/post/3lbc2xyzab22k', 'bluesky', 'kyivindependent.com', 'https://bsky.app/profile/kyivindependent.com/post/3lbc2xyzab22k'],
  ['https://bsky.app/profile/ukraine.bsky.social/post/3kqwerty7abc2', 'bluesky', 'ukraine.bsky.social', 'https://bsky.app/profile/ukraine.bsky.social/post/3kqwerty7abc2'],
  ['https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l', 'bluesky', '', 'https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3l6oveex3ii2l'],
];

test('recognizePostUrl: the platform, the handle shown and the canonical https address of each post', () => {
  for (const [input, platform, handle, url] of POSTS) {
    const r = recognizePostUrl(input);
    assert.ok(r, `not recognised: ${input}`);
    assert.deepEqual({ platform: r.platform, handle: r.handle, url: r.url }, { platform, handle, url }, input);
  }
});

test('recognizePostUrl: a canonical address is recognised as itself (pasting it again gives the same post)', () => {
  for (const [, , , url] of POSTS) assert.equal(recognizePostUrl(url)?.url, url);
});

test('recognizePostUrl: the post id', () => {
  assert.equal(recognizePostUrl('https://t.me/s/ukrenergo/3120')?.postId, '3120');
  assert.equal(recognizePostUrl('https://youtu.be/aBcDeFgHiJk')?.postId, 'aBcDeFgHiJk');
  assert.equal(recognizePostUrl('https://www.instagram.com/p/C1a2B3c4D5e/')?.postId, 'C1a2B3c4D5e');
});

const NOT_POSTS = [
  // Other schemes and hosts, look-alikes and tricks with the authority.
  'javascript:alert(1)//t.me/durov/1',
  'JaVaScRiPt:fetch("https://t.me/a/1")',
  'data:text/html,<a href=https://t.me/durov/1>',
  'ftp://t.me/durov/1',
  'https://t.me.evil.example/durov/1',
  'https://evilt.me/durov/1',
  'https://t.me@evil.example/durov/1',
  'https://user:pass@t.me/durov/1',
  'https://t.me:8443/durov/1',
  'https://nitter.net/ZelenskyyUa/status/1876012345678901234',
  'https://glavcom.ua/world/politics/prezident-1.html',
  'https://t.me/durov/1 https://t.me/durov/2',
  '',
  '   ',
  // Profiles, channels and other pages that are not posts.
  'https://t.me/V_Zelenskiy_official',
  'https://t.me/s/ukrenergo',
  'https://t.me/c/1234567890/55',
  'https://t.me/+AbCdEfGhIjKl',
  'https://t.me/joinchat/AbCdEf',
  'https://t.me/durov/abc',
  'https://x.com/ZelenskyyUa',
  'https://x.com/ZelenskyyUa/status/',
  'https://x.com/ZelenskyyUa/likes',
  'https://x.com/search?q=kyiv',
  'https://twitter.com/this_handle_is_too_long/status/123',
  'https://www.facebook.com/zelenskiy95',
  'https://www.facebook.com/groups/kyivhelp',
  'https://www.facebook.com/permalink.php?id=100064000000000',
  'https://www.facebook.com/events/123456789',
  'https://www.instagram.com/zelenskyy_official/',
  'https://www.instagram.com/explore/tags/kyiv/',
  'https://www.instagram.com/stories/zelenskyy_official/3300000000000000000/',
  'https://www.youtube.com/@ukrainer',
  'https://www.youtube.com/channel/UC1234567890abcdefghijkl',
  'https://www.youtube.com/watch?v=short',
  'https://www.youtube.com/playlist?list=PL123',
  'https://youtu.be/',
  'https://www.tiktok.com/@ukrainian.news',
  'https://www.tiktok.com/@ukrainian.news/video/',
  'https://www.threads.net/@ukrpravda',
  'https://bsky.app/profile/kyivindependent.com',
  'https://bsky.app/profile/not a handle/post/3lbc2',
  'https://bsky.app/profile/kyivindependent.com/post/3lbc2/extra',
  'https://t.me/%E0%A4%A/1',
];

test('recognizePostUrl: other schemes, hosts and pages that are not posts are refused', () => {
  for (const input of NOT_POSTS) assert.equal(recognizePostUrl(input), null, input);
});

test('postedAtFromId: the time X, TikTok and Bluesky ids carry; null for the others and for implausible ids', () => {
  const now = new Date('2026-12-05T12:00:00Z');
  // 1_876_000_000_000_000_000 >> 22 = 447,276,878,479 ms after X's epoch.
  assert.equal(postedAtFromId('x', '1876000000000000000', now), new Date(Number((1876000000000000000n >> 22n) + 1288834974657n)).toISOString());
  assert.match(postedAtFromId('x', '1876000000000000000', now)!, /^2025-01-05T/);
  // A TikTok id's top 32 bits are seconds: 1,767,225,600 is 2026-01-01T00:00:00Z.
  assert.equal(postedAtFromId('tiktok', String((1767225600n << 32n) + 12345n), now), '2026-01-01T00:00:00.000Z');
  // A Bluesky TID of 2024-11-20T14:00:00Z (microseconds << 10, base32-sortable).
  const us = BigInt(Date.UTC(2024, 10, 20, 14)) * 1000n;
  let v = us << 10n;
  let tid = '';
  for (let i = 0; i < 13; i++, v >>= 5n) tid = '234567abcdefghijklmnopqrstuvwxyz'[Number(v & 31n)] + tid;
  assert.equal(postedAtFromId('bluesky', tid, now), '2024-11-20T14:00:00.000Z');
  assert.equal(postedAtFromId('telegram', '16542', now), null);
  assert.equal(postedAtFromId('x', '20', now), null, 'a tweet from before ids carried time');
  assert.equal(postedAtFromId('tiktok', String(4000000000n << 32n), now), null, 'a time after now');
});
