import type { SocialPlatform } from '../../contract/model.js';
import type { RecognizedPost } from '../../core/social.js';
import { elementWithClass, htmlToText, metaTags, withoutScripts } from './html.js';

/*
 * Where each platform tells about a post without signing in, and how its answer reads: Telegram's
 * embed page (t.me/CHANNEL/ID?embed=1), oEmbed where the platform offers it (X, YouTube, TikTok),
 * Bluesky's public API, and the Open Graph tags of the post's page for the rest (Threads,
 * Instagram, Facebook: these often show a sign-in page instead, and then nothing is found).
 */

/** What a platform said about a post; absent fields it did not say. */
export interface Found {
  accountName?: string;
  handle?: string;
  postedAt?: string;
  text?: string;
}

interface Source {
  /** Every host a request of this platform may go to, redirects included. */
  hosts: ReadonlySet<string>;
  /** The address to ask. */
  address: (post: RecognizedPost) => string;
  /** The answer read; null when it is no post (a 'not found' page, a sign-in wall). */
  read: (body: string, post: RecognizedPost) => Found | null;
}

const json = (body: string): Record<string, unknown> | null => {
  try {
    const v: unknown = JSON.parse(body);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
/** The handle at the end of a profile's address ('https://www.youtube.com/@ukrainer' → 'ukrainer'). */
const handleOf = (url: unknown) => str(url)?.match(/\/@?([A-Za-z0-9._-]+)\/?$/)?.[1];
const oembed = (endpoint: string) => (post: RecognizedPost) => `${endpoint}?url=${encodeURIComponent(post.url)}&format=json`;

const telegram: Source = {
  hosts: new Set(['t.me']),
  address: (p) => `https://t.me/${p.handle}/${p.postId}?embed=1&mode=tme`,
  read: (page) => {
    const html = withoutScripts(page);
    if (elementWithClass(html, 'div', 'tgme_widget_message_error')) return null;
    const owner = elementWithClass(html, 'a', 'tgme_widget_message_owner_name');
    const text = elementWithClass(html, 'div', 'tgme_widget_message_text');
    const date = elementWithClass(html, 'a', 'tgme_widget_message_date');
    const time = /<time\b[^>]*\bdatetime="([^"]+)"/i.exec(date?.inner ?? '')?.[1];
    if (!owner && !text) return null;
    return { accountName: owner ? htmlToText(owner.inner) : undefined, text: text ? htmlToText(text.inner) : undefined, postedAt: time };
  },
};

/** X's oEmbed: the tweet as a blockquote, its text the first paragraph. */
const x: Source = {
  hosts: new Set(['publish.twitter.com']),
  address: (p) => `https://publish.twitter.com/oembed?url=${encodeURIComponent(p.url)}&omit_script=true&dnt=true`,
  read: (body) => {
    const o = json(body);
    if (!o) return null;
    const p = /<p\b[^>]*>([\s\S]*?)<\/p>/i.exec(str(o.html) ?? '')?.[1];
    return { accountName: str(o.author_name), handle: handleOf(o.author_url), text: p === undefined ? undefined : htmlToText(p) };
  },
};

const youtube: Source = {
  hosts: new Set(['www.youtube.com']),
  address: oembed('https://www.youtube.com/oembed'),
  read: (body) => {
    const o = json(body);
    return o && { accountName: str(o.author_name), handle: handleOf(o.author_url), text: str(o.title) };
  },
};

const tiktok: Source = {
  hosts: new Set(['www.tiktok.com']),
  address: oembed('https://www.tiktok.com/oembed'),
  read: (body) => {
    const o = json(body);
    return o && { accountName: str(o.author_name), handle: str(o.author_unique_id), text: str(o.title) };
  },
};

/** Bluesky's public AppView: the post's record and its author, no sign-in. */
const bluesky: Source = {
  hosts: new Set(['public.api.bsky.app']),
  address: (p) => {
    const who = new URL(p.url).pathname.split('/')[2]!;
    return `https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri=${encodeURIComponent(`at://${who}/app.bsky.feed.post/${p.postId}`)}&depth=0&parentHeight=0`;
  },
  read: (body) => {
    const post = (json(body)?.thread as { post?: { author?: Record<string, unknown>; record?: Record<string, unknown> } } | undefined)?.post;
    if (!post) return null;
    return { accountName: str(post.author?.displayName) ?? str(post.author?.handle), handle: str(post.author?.handle), text: str(post.record?.text), postedAt: str(post.record?.createdAt) };
  },
};

/** A post page's Open Graph tags, read by `shape` for the platform's way of filling them. */
const openGraph = (hosts: string[], shape: (m: Map<string, string>) => Found): Source => ({
  hosts: new Set(hosts),
  address: (p) => p.url,
  read: (html) => {
    const m = metaTags(withoutScripts(html));
    if (!m.get('og:title') && !m.get('og:description')) return null;
    return { ...shape(m), postedAt: m.get('article:published_time') ?? m.get('og:article:published_time') };
  },
});

/** og:title 'Name (@handle) on Threads', og:description the text. */
const threads = openGraph(['www.threads.com', 'www.threads.net', 'threads.com', 'threads.net'], (m) => {
  const t = /^(.*?)\s*\(@([A-Za-z0-9._]+)\)/.exec(m.get('og:title') ?? '');
  return { accountName: t?.[1] || undefined, handle: t?.[2], text: m.get('og:description') };
});

/** og:title 'Name on Instagram: "text"'; og:description '12 likes, 3 comments - handle on January 7, 2026: "text"'. */
const instagram = openGraph(['www.instagram.com', 'instagram.com'], (m) => {
  const title = /^(.*?) on Instagram(?::\s*"([\s\S]*)")?\s*$/.exec(m.get('og:title') ?? '');
  const description = /-\s*([A-Za-z0-9._]{1,30}) on [^:]+:\s*"([\s\S]*)"\.?\s*$/.exec(m.get('og:description') ?? '');
  return { accountName: title?.[1] || undefined, handle: description?.[1], text: title?.[2] ?? description?.[2] };
});

/** og:title the page's or person's name, og:description the post's text. */
const facebook = openGraph(['www.facebook.com', 'm.facebook.com', 'facebook.com'], (m) => ({ accountName: m.get('og:title'), text: m.get('og:description') }));

export const SOURCES: Record<SocialPlatform, Source> = { telegram, x, facebook, instagram, youtube, tiktok, threads, bluesky };
