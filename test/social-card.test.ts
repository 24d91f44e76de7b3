import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SocialPostBlock } from '../src/contract/model.js';
import { renderSocialCard, socialCitations, type SocialBlockRead } from '../src/render/social-card.js';
import { TELEGRAM_POST } from './helpers/social-posts.js';
import { socialPostingProblems } from './helpers/structured-data.js';


const FILE = { id: 7, url: '/media/ab/abcdef.jpg', width: 1200, height: 800, mime: 'image/jpeg', variantWidths: [480, 960] };
const page = { url: (u: string) => u, lazy: true };
const feed = { url: (u: string) => (u.startsWith('/') ? `https://news.example.ua${u}` : u), lazy: false };

test('the card: platform in Ukrainian, account and @handle, the text with its breaks (escaped), Kyiv times, the original, the capture', () => {
  const h = renderSocialCard({ ...TELEGRAM_POST, mediaFile: FILE } as SocialBlockRead, page).value;
  assert.match(h, /<figure class="social-post" data-platform="telegram">/);
  assert.match(h, /<span class="social-platform">Допис у Telegram<\/span>/);
  assert.match(h, /<strong>Тестовий канал «Шпальти»<\/strong> <span class="social-handle">@shpalta_test<\/span>/);
  assert.match(h, /<blockquote cite="https:\/\/t.me\/shpalta_test\/16542"><p>Перший рядок &lt;script&gt;alert\(1\)&lt;\/script&gt;<br>другий рядок<\/p><p>Новий абзац &amp; кінець<\/p><\/blockquote>/);
  assert.match(h, /<time datetime="2026-01-07T18:12:03\+02:00">7 січня 2026 о 18:12<\/time>/);
  assert.match(h, /<a href="https:\/\/t.me\/shpalta_test\/16542" rel="noopener noreferrer nofollow">Оригінал допису<\/a>/);
  assert.match(h, /<p class="social-captured">Збережено 5 грудня 2026 о 14:05<\/p>/);
  assert.match(h, /<img src="\/media\/ab\/abcdef.jpg" srcset="\/media\/ab\/abcdef-w480.webp 480w, \/media\/ab\/abcdef-w960.webp 960w, \/media\/ab\/abcdef.jpg 1200w"[^>]* alt="Черга біля пункту незламності" loading="lazy"/);
  assert.match(h, /<figcaption>Фото: Тестовий канал<\/figcaption>/);
  assert.doesNotMatch(h, /<script|<iframe|telegram\.org|Ірина/, 'no script, no frame, nothing of the platform\'s loaded, no staff name');
});

test('in a feed every address of ours is absolute and nothing loads lazily', () => {
  const h = renderSocialCard({ ...TELEGRAM_POST, mediaFile: FILE } as SocialBlockRead, feed).value;
  assert.match(h, /<img src="https:\/\/news.example.ua\/media\/ab\/abcdef.jpg" srcset="https:\/\/news.example.ua\/media\/ab\/abcdef-w480.webp 480w/);
  assert.doesNotMatch(h, /loading="lazy"|src="\//);
});

test('what is unknown is left out: no handle, no time, no text, a photo whose file is gone, an address that is not https', () => {
  const bare: SocialPostBlock = { ...TELEGRAM_POST, platform: 'youtube', url: 'javascript:alert(1)', handle: '', postedAt: null, text: '' };
  const h = renderSocialCard(bare, page).value;
  assert.match(h, /Відео на YouTube/);
  assert.doesNotMatch(h, /social-handle|<time|<blockquote|<img|javascript:|Оригінал/);
  assert.match(h, /Збережено 5 грудня 2026 о 14:05/);
});

test('each platform has its Ukrainian label', () => {
  const labels = (['telegram', 'x', 'facebook', 'instagram', 'youtube', 'tiktok', 'threads', 'bluesky'] as const).map((platform) => /social-platform">([^<]+)</.exec(renderSocialCard({ ...TELEGRAM_POST, platform }, page).value)?.[1]);
  assert.deepEqual(labels, ['Допис у Telegram', 'Допис в X', 'Допис у Facebook', 'Допис в Instagram', 'Відео на YouTube', 'Відео в TikTok', 'Допис у Threads', 'Допис у Bluesky']);
});

test('citations: a SocialMediaPosting per post, the handle as alternateName, the time with its zone', () => {
  const cited = socialCitations([{ type: 'paragraph' }, TELEGRAM_POST, { ...TELEGRAM_POST, handle: '', postedAt: null, text: '' }]);
  assert.equal(cited.length, 2);
  assert.deepEqual(JSON.parse(JSON.stringify(cited[0])), {
    '@type': 'SocialMediaPosting',
    url: 'https://t.me/shpalta_test/16542',
    author: { '@type': 'Person', name: 'Тестовий канал «Шпальти»', alternateName: '@shpalta_test' },
    datePublished: '2026-01-07T18:12:03+02:00',
    text: TELEGRAM_POST.text,
  });
  for (const [i, c] of cited.entries()) assert.deepEqual(socialPostingProblems(JSON.parse(JSON.stringify(c))), [], `citation ${i}`);
});
