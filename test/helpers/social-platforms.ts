import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

/*
 * One local server that answers as the social platforms do, told apart by the Host header, as
 * the app's SOCIAL_PREVIEW_ORIGIN sends it: Telegram's embed page, X's, YouTube's and TikTok's
 * oEmbed, Bluesky's public API, the Open Graph tags of Threads' and Instagram's post pages,
 * Facebook's sign-in wall, and a few misbehaviours (a slow answer, a redirect away, a huge page).
 * Every page and text here is made up for the tests.
 */

export const TELEGRAM_TEXT = 'Сьогодні о 18:00 у Києві запрацюють нові пункти незламності.\nАдреси — на сайті міськради.\n\nБережіть себе!';

const telegramEmbed = (channel: string, id: string) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Telegram Widget</title>
<meta property="og:title" content="Тестовий канал">
<script>var s = "<div class='tgme_widget_message_text'>not this</div>";</script></head>
<body class="widget_frame_base tgme_widget body_widget_post emoji_image nodark">
<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="${channel}/${id}">
<div class="tgme_widget_message_user"><a href="https://t.me/${channel}"><i class="tgme_widget_message_user_photo bgcolor6" data-content="Т"></i></a></div>
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/${channel}"><span dir="auto">Тестовий канал &laquo;Шпальти&raquo;</span></a></div>
<div class="tgme_widget_message_text js-message_text" dir="auto">Сьогодні о 18:00 у Києві запрацюють нові пункти незламності.<br/>Адреси — на <a href="https://example.org/punkty" target="_blank">сайті міськради</a>.<br/><br/><i class="emoji" style="background-image:url('//telegram.org/img/emoji/40/E29DA4.png')"><b>Бережіть себе!</b></i></div>
<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">
<span class="tgme_widget_message_views">12.4K</span><span class="copyonly"> views</span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/${channel}/${id}"><time datetime="2026-01-07T16:12:03+00:00" class="time">18:12</time></a></span>
</div></div></div></div></div></body></html>`;

/** A post a test has the server show on Telegram's embed page: its channel's name, its text (line breaks kept) and time. */
export interface TelegramPost {
  accountName: string;
  text: string;
  postedAt: string;
  /** How long the page takes to answer (a slow platform), in milliseconds. */
  delayMs?: number;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const telegramPostEmbed = (channel: string, id: string, post: TelegramPost) => `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Telegram Widget</title></head>
<body class="widget_frame_base tgme_widget body_widget_post">
<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="${channel}/${id}">
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/${channel}"><span dir="auto">${escapeHtml(post.accountName)}</span></a></div>
<div class="tgme_widget_message_text js-message_text" dir="auto">${post.text.split('\n').map(escapeHtml).join('<br/>')}</div>
<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">
<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" href="https://t.me/${channel}/${id}"><time datetime="${post.postedAt}" class="time"></time></a></span>
</div></div></div></div></div></body></html>`;

const telegramMissing = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body class="widget_frame_base tgme_widget body_widget_post">
<div class="tgme_widget_message_error">Post not found</div></body></html>`;

const openGraphPage = (meta: Record<string, string>, padding = 0) =>
  `<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8">${Object.entries(meta)
    .map(([k, v]) => `<meta property="${k}" content="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />`)
    .join('\n')}</head><body>${'<div class="x">...</div>'.repeat(padding)}</body></html>`;

export interface PlatformServer {
  origin: string;
  /** Every request as 'host path', in order. */
  requests: string[];
  close(): Promise<void>;
}

type Reply = { status?: number; type?: string; body?: string; location?: string; gzip?: boolean; delayMs?: number } | null;

function answer(host: string, url: URL): Reply {
  const p = url.pathname;
  const q = url.searchParams;
  switch (host) {
    case 't.me': {
      const m = /^\/([A-Za-z0-9_]+)\/(\d+)$/.exec(p);
      if (!m || q.get('embed') !== '1') return null;
      if (m[1] === 'slow_channel') return { type: 'text/html; charset=utf-8', body: telegramEmbed(m[1], m[2]!), delayMs: 5_000 };
      return { type: 'text/html; charset=utf-8', body: m[2] === '404' ? telegramMissing : telegramEmbed(m[1]!, m[2]!) };
    }
    case 'publish.twitter.com': {
      const target = q.get('url') ?? '';
      if (p !== '/oembed' || !/^https:\/\/x\.com\/shpalta_test\/status\/\d+$/.test(target)) return { status: 404, type: 'application/json', body: '{"error":"not found"}' };
      return {
        type: 'application/json; charset=utf-8',
        body: JSON.stringify({
          url: target,
          author_name: 'Шпальта: тест',
          author_url: 'https://twitter.com/shpalta_test',
          html: `<blockquote class="twitter-tweet" data-dnt="true"><p lang="uk" dir="ltr">Міст через Дніпро відкриють у п&#39;ятницю.<br><br>Подробиці згодом <a href="https://t.co/abc">https://t.co/abc</a></p>&mdash; Шпальта: тест (@shpalta_test) <a href="${target}?ref_src=twsrc%5Etfw">January 7, 2026</a></blockquote>\n`,
          type: 'rich',
        }),
      };
    }
    case 'www.youtube.com':
      return p === '/oembed' ? { type: 'application/json', body: JSON.stringify({ title: 'Репортаж із Харкова: як працює метро-школа', author_name: 'Тестовий канал', author_url: 'https://www.youtube.com/@shpalta_video', type: 'video' }) } : null;
    case 'www.tiktok.com':
      return p === '/oembed' ? { type: 'application/json', gzip: true, body: JSON.stringify({ title: 'Як ми пекли паляниці #київ', author_name: 'Пекарня на Подолі', author_unique_id: 'podil_bakery', author_url: 'https://www.tiktok.com/@podil_bakery' }) } : null;
    case 'public.api.bsky.app': {
      const uri = q.get('uri') ?? '';
      if (p !== '/xrpc/app.bsky.feed.getPostThread' || !uri.startsWith('at://')) return null;
      return {
        type: 'application/json; charset=utf-8',
        body: JSON.stringify({ thread: { $type: 'app.bsky.feed.defs#threadViewPost', post: { uri, author: { did: 'did:plc:abcdefghijklmnopqrstuvwx', handle: 'shpalta.bsky.social', displayName: 'Шпальта у Bluesky' }, record: { $type: 'app.bsky.feed.post', text: 'Перший допис.\nДругий рядок.', createdAt: '2025-11-20T10:15:00.000Z' } } } }),
      };
    }
    case 'www.threads.com':
      return { type: 'text/html; charset=utf-8', body: openGraphPage({ 'og:title': 'Марія Тестова (@maria.test) on Threads', 'og:description': 'Ранкова черга до пункту видачі — 40 хвилин.' }) };
    case 'www.instagram.com':
      if (p === '/p/MovedPost1/') return { status: 301, location: 'https://www.instagram.com/p/C1a2B3c4D5e/' };
      if (p === '/p/AwayPost01/') return { status: 302, location: 'https://evil.example/steal' };
      if (p === '/p/HugePage01/') return { type: 'text/html', body: openGraphPage({ 'og:title': 'Великий допис on Instagram: "Короткий текст"' }, 200_000) };
      return {
        type: 'text/html; charset=utf-8',
        body: openGraphPage({
          'og:title': 'Олег Тестовий on Instagram: "Світанок над Дніпром & тиша"',
          'og:description': '1,204 likes, 31 comments - oleg.test on January 7, 2026: "Світанок над Дніпром & тиша".',
        }),
      };
    case 'www.facebook.com':
      return { type: 'text/html', body: '<!DOCTYPE html><html><head><title>Facebook</title></head><body><form id="login_form"></form></body></html>' };
    default:
      return null;
  }
}

/**
 * Starts the server on a free port of 127.0.0.1. `telegram` adds posts of a test's own, by
 * 'channel/id', to the made-up ones.
 */
export async function startPlatformServer(o: { telegram?: Record<string, TelegramPost> } = {}): Promise<PlatformServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const host = String(req.headers.host ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${host} ${req.url}`);
    const own = host === 't.me' && url.searchParams.get('embed') === '1' ? o.telegram?.[url.pathname.slice(1)] : undefined;
    const r = own ? { type: 'text/html; charset=utf-8', body: telegramPostEmbed(url.pathname.split('/')[1]!, url.pathname.split('/')[2]!, own), delayMs: own.delayMs } : answer(host, url);
    if (!r) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
    const send = () => {
      if (res.destroyed) return;
      if (r.location) return void res.writeHead(r.status ?? 302, { location: r.location }).end();
      const body = r.gzip ? zlib.gzipSync(r.body ?? '') : Buffer.from(r.body ?? '');
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'text/html', ...(r.gzip ? { 'content-encoding': 'gzip' } : {}) });
      res.end(body);
    };
    if (r.delayMs) setTimeout(send, r.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
