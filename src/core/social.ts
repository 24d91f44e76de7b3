/**
 * Posts on social platforms, recognised by their address alone: which platform, the account's
 * handle where the address shows it, and the one https address of the post (tracking parameters,
 * mobile hosts and trailing '/photo/1' gone), so that the same post pasted twice is the same URL.
 * Pure: no Node, no DOM (the newsroom's editor may import it too).
 */
import type { SocialPlatform } from '../contract/model.js';

/** What a post's address tells. */
export interface RecognizedPost {
  platform: SocialPlatform;
  /** The canonical address: https, the platform's main host, no tracking parameters. */
  url: string;
  /** The account's handle without '@' when the address shows it ('' when it does not: a YouTube video, a Facebook story link). */
  handle: string;
  /** The post's id on its platform (a Telegram message number, a tweet id, an Instagram code). */
  postId: string;
}

type Match = Omit<RecognizedPost, 'platform'>;
type Recognizer = (path: string[], query: URLSearchParams) => Match | null;

const TELEGRAM_NAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
const DIGITS = /^\d{1,25}$/;
const CODE = /^[A-Za-z0-9_-]{5,64}$/;
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const FACEBOOK_NAME = /^[A-Za-z0-9.]{3,80}$/;
/** A Facebook post id: digits, or the newer 'pfbid0…' form. */
const FACEBOOK_POST = /^(\d{1,25}|pfbid[A-Za-z0-9]{10,80})$/;
const META_USER = /^@([A-Za-z0-9._]{1,30})$/;
const BLUESKY_HANDLE = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const BLUESKY_DID = /^did:(plc:[a-z2-7]{24}|web:[a-z0-9.-]{3,253})$/;
const BLUESKY_RKEY = /^[A-Za-z0-9._~:-]{1,512}$/;

/** Telegram: t.me/CHANNEL/ID and its web preview t.me/s/CHANNEL/ID; never a private chat's t.me/c/… link. */
const telegram: Recognizer = (p) => {
  const [name, id, ...rest] = p[0] === 's' ? p.slice(1) : p;
  if (!name || !id || rest.length || name.toLowerCase() === 'c' || !TELEGRAM_NAME.test(name) || !DIGITS.test(id)) return null;
  return { url: `https://t.me/${name}/${id}`, handle: name, postId: id };
};

/** X: HANDLE/status/ID (or the old /statuses/), with or without '/photo/1'; /i/web/status/ID names no account. */
const x: Recognizer = (p) => {
  const [a, b, c, d, ...rest] = p;
  // '/photo/1' and '/video/1' name a picture of the post; '/analytics' and '/quotes' pages about it.
  const known = d === undefined ? !rest.length : ['photo', 'video'].includes(d) ? rest.length <= 1 && rest.every((n) => /^\d$/.test(n)) : ['analytics', 'quotes'].includes(d) && !rest.length;
  if (a === 'i' && b === 'web' && c === 'status' && d && DIGITS.test(d) && !rest.length) return { url: `https://x.com/i/status/${d}`, handle: '', postId: d };
  if (a === 'i' && b === 'status' && c && DIGITS.test(c) && known) return { url: `https://x.com/i/status/${c}`, handle: '', postId: c };
  if (!a || !X_HANDLE.test(a) || (b !== 'status' && b !== 'statuses') || !c || !DIGITS.test(c) || !known) return null;
  return { url: `https://x.com/${a}/status/${c}`, handle: a, postId: c };
};

/**
 * Facebook: a page's or person's /NAME/posts/ID and /NAME/videos/ID, a group's post, the
 * permalink.php and story.php forms, /watch/?v=, /reel/ID, photos by fbid and /share/p/ links.
 */
const facebook: Recognizer = (p, q) => {
  const fb = (path: string, handle: string, postId: string): Match => ({ url: `https://www.facebook.com/${path}`, handle, postId });
  const [a, b, c, d, ...rest] = p;
  if (rest.length) return null;
  if ((a === 'permalink.php' || a === 'story.php') && !b) {
    const story = q.get('story_fbid') ?? '';
    const owner = q.get('id') ?? '';
    return FACEBOOK_POST.test(story) && DIGITS.test(owner) ? fb(`permalink.php?story_fbid=${story}&id=${owner}`, '', story) : null;
  }
  if ((a === 'photo.php' || (a === 'photo' && !b)) && !c) {
    const id = q.get('fbid') ?? '';
    return DIGITS.test(id) ? fb(`photo/?fbid=${id}`, '', id) : null;
  }
  if (a === 'watch' && !b) {
    const id = q.get('v') ?? '';
    return DIGITS.test(id) ? fb(`watch/?v=${id}`, '', id) : null;
  }
  if (a === 'reel' && b && DIGITS.test(b) && !c) return fb(`reel/${b}`, '', b);
  if (a === 'share' && (b === 'p' || b === 'v' || b === 'r') && c && CODE.test(c) && !d) return fb(`share/${b}/${c}/`, '', c);
  if (a === 'groups' && b && FACEBOOK_NAME.test(b) && (c === 'posts' || c === 'permalink') && d && FACEBOOK_POST.test(d)) return fb(`groups/${b}/posts/${d}`, '', d);
  if (a && FACEBOOK_NAME.test(a) && !RESERVED_FACEBOOK.has(a.toLowerCase()) && (b === 'posts' || b === 'videos') && c && FACEBOOK_POST.test(c) && !d) return fb(`${a}/${b}/${c}`, a, c);
  return null;
};
const RESERVED_FACEBOOK = new Set(['groups', 'watch', 'reel', 'share', 'photo', 'events', 'pages', 'profile.php', 'marketplace', 'gaming']);

/** Instagram: /p/CODE/, /reel/CODE/ (and /reels/, /tv/), also with the account before them: /USER/p/CODE/. */
const instagram: Recognizer = (p) => {
  const user = p.length === 3 && !['p', 'reel', 'reels', 'tv'].includes(p[0]!) ? p[0]! : null;
  const [kind, code, ...rest] = user === null ? p : p.slice(1);
  if (rest.length || !code || !CODE.test(code) || (user !== null && !/^[A-Za-z0-9._]{1,30}$/.test(user))) return null;
  const path = kind === 'p' || kind === 'tv' ? 'p' : kind === 'reel' || kind === 'reels' ? 'reel' : null;
  return path ? { url: `https://www.instagram.com/${path}/${code}/`, handle: user ?? '', postId: code } : null;
};

/** YouTube: watch?v=ID, /shorts/ID, /live/ID, /embed/ID; the account is not in the address. */
const youtube: Recognizer = (p, q) => {
  const [a, b, ...rest] = p;
  if (rest.length) return null;
  const id = a === 'watch' && !b ? q.get('v') ?? '' : (a === 'shorts' || a === 'live' || a === 'embed') && b ? b : '';
  if (!YOUTUBE_ID.test(id)) return null;
  return { url: a === 'shorts' ? `https://www.youtube.com/shorts/${id}` : `https://www.youtube.com/watch?v=${id}`, handle: '', postId: id };
};

const youtuBe: Recognizer = (p) => (p.length === 1 && YOUTUBE_ID.test(p[0]!) ? { url: `https://www.youtube.com/watch?v=${p[0]}`, handle: '', postId: p[0]! } : null);

/** TikTok: /@USER/video/ID and /@USER/photo/ID. */
const tiktok: Recognizer = (p) => {
  const [u, kind, id, ...rest] = p;
  const user = /^@([A-Za-z0-9._]{2,24})$/.exec(u ?? '')?.[1];
  if (!user || (kind !== 'video' && kind !== 'photo') || !id || !DIGITS.test(id) || rest.length) return null;
  return { url: `https://www.tiktok.com/@${user}/${kind}/${id}`, handle: user, postId: id };
};

/** Threads (threads.net, now threads.com): /@USER/post/CODE. */
const threads: Recognizer = (p) => {
  const [u, kind, code, ...rest] = p;
  const user = META_USER.exec(u ?? '')?.[1];
  if (!user || kind !== 'post' || !code || !CODE.test(code) || rest.length) return null;
  return { url: `https://www.threads.com/@${user}/post/${code}`, handle: user, postId: code };
};

/** Bluesky: /profile/HANDLE/post/RKEY, HANDLE a domain or a DID (which is no handle to show). */
const bluesky: Recognizer = (p) => {
  const [a, who, kind, rkey, ...rest] = p;
  if (a !== 'profile' || !who || kind !== 'post' || !rkey || !BLUESKY_RKEY.test(rkey) || rest.length) return null;
  const did = BLUESKY_DID.test(who);
  if (!did && !BLUESKY_HANDLE.test(who)) return null;
  const handle = did ? '' : who.toLowerCase();
  return { url: `https://bsky.app/profile/${did ? who : handle}/post/${rkey}`, handle, postId: rkey };
};

/** Each platform's hosts (with 'www.' and 'm.' as the platform serves them) and how its paths read. */
const HOSTS: ReadonlyMap<string, [SocialPlatform, Recognizer]> = new Map([
  ...hosts(['t.me', 'telegram.me'], 'telegram', telegram),
  ...hosts(['x.com', 'twitter.com', 'mobile.twitter.com', 'mobile.x.com'], 'x', x),
  ...hosts(['facebook.com', 'm.facebook.com', 'mbasic.facebook.com', 'web.facebook.com'], 'facebook', facebook),
  ...hosts(['instagram.com'], 'instagram', instagram),
  ...hosts(['youtube.com', 'm.youtube.com', 'music.youtube.com'], 'youtube', youtube),
  ...hosts(['youtu.be'], 'youtube', youtuBe),
  ...hosts(['tiktok.com', 'm.tiktok.com'], 'tiktok', tiktok),
  ...hosts(['threads.net', 'threads.com'], 'threads', threads),
  ...hosts(['bsky.app'], 'bluesky', bluesky),
]);

function hosts(names: string[], platform: SocialPlatform, r: Recognizer): Array<[string, [SocialPlatform, Recognizer]]> {
  return names.flatMap((h) => [[h, [platform, r]], [`www.${h}`, [platform, r]]] as Array<[string, [SocialPlatform, Recognizer]]>);
}

/**
 * The post an address points to, or null when it is none we know: another host, a profile or
 * channel page, a private chat, javascript: and other schemes. An address without a scheme
 * ('t.me/kyivpost/123') is read as https; http is upgraded.
 */
export function recognizePostUrl(input: string): RecognizedPost | null {
  const raw = input.trim();
  if (!raw || raw.length > 2_000 || /\s/.test(raw)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw.replace(/^\/\//, '')}`;
  if (!URL.canParse(withScheme)) return null;
  const u = new URL(withScheme);
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || u.port) return null;
  const entry = HOSTS.get(u.hostname.toLowerCase().replace(/\.$/, ''));
  if (!entry) return null;
  const path = u.pathname.split('/').filter(Boolean).map(safeDecode);
  if (path.some((s) => s === null)) return null;
  const match = entry[1](path as string[], u.searchParams);
  return match ? { platform: entry[0], ...match } : null;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** X's ids count milliseconds from this instant (in their top 41 bits) since November 2010. */
const X_EPOCH_MS = 1_288_834_974_657n;
const BLUESKY_TID_ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * When a post was made, as far as its id says: X's ids carry the millisecond, TikTok's the
 * second, a Bluesky record key (a TID) the microsecond. Null for the others, and for an id that
 * reads as a time outside the platform's life (an old tweet, a hand-made key).
 */
export function postedAtFromId(platform: SocialPlatform, postId: string, now: Date): string | null {
  let ms: number | null = null;
  if (platform === 'x' && /^\d{15,25}$/.test(postId)) ms = Number((BigInt(postId) >> 22n) + X_EPOCH_MS);
  else if (platform === 'tiktok' && /^\d{15,25}$/.test(postId)) ms = Number(BigInt(postId) >> 32n) * 1000;
  else if (platform === 'bluesky' && /^[2-7a-j][2-7a-z]{12}$/.test(postId)) {
    let v = 0n;
    for (const c of postId) v = v * 32n + BigInt(BLUESKY_TID_ALPHABET.indexOf(c));
    ms = Number((v >> 10n) / 1000n);
  }
  const since = { x: Date.UTC(2010, 10, 4), tiktok: Date.UTC(2016, 8, 1), bluesky: Date.UTC(2022, 0, 1) }[platform as 'x' | 'tiktok' | 'bluesky'];
  if (ms === null || ms < since || ms > now.getTime() + 86_400_000) return null;
  return new Date(ms).toISOString();
}
