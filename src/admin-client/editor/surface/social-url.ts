/**
 * Social posts as the editor meets them: a pasted address, and a post read back from our own
 * copied markup. Pure: no DOM.
 */
import type { SocialPlatform, SocialPostBlock } from '../../../contract/model.js';

const HOSTS: Array<[RegExp, SocialPlatform]> = [
  [/^(?:www\.)?t\.me$/, 'telegram'],
  [/^(?:www\.|mobile\.)?(?:x|twitter)\.com$/, 'x'],
  [/^(?:www\.|m\.|web\.)?facebook\.com$/, 'facebook'],
  [/^(?:www\.)?instagram\.com$/, 'instagram'],
  [/^(?:www\.|m\.)?youtube\.com$|^youtu\.be$/, 'youtube'],
  [/^(?:www\.|vm\.)?tiktok\.com$/, 'tiktok'],
  [/^(?:www\.)?threads\.(?:net|com)$/, 'threads'],
  [/^bsky\.app$/, 'bluesky'],
];

export const PLATFORMS: readonly SocialPlatform[] = ['telegram', 'x', 'facebook', 'instagram', 'youtube', 'tiktok', 'threads', 'bluesky'];

/** The platform of a post's address (https, one of ours, with a path), or null. */
export function socialPlatformOf(text: string): SocialPlatform | null {
  const s = text.trim();
  if (!/^https?:\/\/\S+$/.test(s)) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (url.pathname.length < 2) return null;
  const host = url.hostname.toLowerCase();
  return HOSTS.find(([re]) => re.test(host))?.[1] ?? null;
}

/** A new post block for an address: the rest is filled in by the platform's metadata or the writer. */
export function newSocialPost(url: string, platform: SocialPlatform, capturedBy: { id: number; name: string } | null, now = new Date()): SocialPostBlock {
  return { type: 'social', platform, url: url.trim().replace(/^http:/, 'https:'), accountName: '', handle: '', postedAt: null, text: '', media: null, capturedAt: now.toISOString(), capturedBy };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A post from JSON (our own copy, pasted back): every field checked, or null. */
export function socialFromJson(json: string): SocialPostBlock | null {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const platform = PLATFORMS.find((p) => p === v.platform);
  if (!platform || !/^https:\/\/\S+$/.test(str(v.url))) return null;
  const media = v.media as { mediaId?: unknown; alt?: unknown; credit?: unknown } | null;
  const by = v.capturedBy as { id?: unknown; name?: unknown } | null;
  return {
    type: 'social',
    platform,
    url: str(v.url),
    accountName: str(v.accountName),
    handle: str(v.handle).replace(/^@/, ''),
    postedAt: str(v.postedAt) || null,
    text: str(v.text),
    media: media && Number.isSafeInteger(media.mediaId) ? { mediaId: media.mediaId as number, alt: str(media.alt), credit: str(media.credit) } : null,
    capturedAt: str(v.capturedAt) || new Date().toISOString(),
    capturedBy: by && Number.isSafeInteger(by.id) ? { id: by.id as number, name: str(by.name) } : null,
  };
}
