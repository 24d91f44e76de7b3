import type { SocialPostBlock } from '../../contract/model.js';
import type { SocialPostPreview } from '../../contract/social.js';
import { errors } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import { ARTICLE_LIMITS as L } from '../../core/limits.js';
import { postedAtFromId, recognizePostUrl, type RecognizedPost } from '../../core/social.js';
import { fetchPublic, type PreviewFetchConfig } from './fetch.js';
import { SOURCES, type Found } from './platforms.js';

export interface PreviewOptions {
  fetch: PreviewFetchConfig;
  now: Date;
  /** Who is capturing the post: the signed-in account and its name now. */
  capturedBy: { id: number; name: string };
  /** Told why a platform could not be read (for the server's log). */
  onMiss?: (why: string) => void;
}

/**
 * A social post's block from its address: what the address tells (platform, canonical URL,
 * handle, and the time X, TikTok and Bluesky ids carry), completed from the platform's public
 * metadata when it answers in time. Refuses (SOCIAL_URL_UNSUPPORTED) an address that is no post.
 */
export async function previewSocialPost(address: string, o: PreviewOptions): Promise<SocialPostPreview> {
  const post = recognizePostUrl(address);
  if (!post) throw errors.socialUrlUnsupported(`url: ${uk.validation.socialUrl}: «${address.length > 80 ? `${address.slice(0, 79)}…` : address}»`);
  const block: SocialPostBlock = {
    type: 'social',
    platform: post.platform,
    url: post.url,
    accountName: '',
    handle: post.handle,
    postedAt: postedAtFromId(post.platform, post.postId, o.now),
    text: '',
    media: null,
    capturedAt: o.now.toISOString(),
    capturedBy: o.capturedBy,
  };
  if (!o.fetch.enabled) return { post: block, fetched: false };
  const found = await lookUp(post, o);
  return found ? { post: completed(block, found), fetched: true } : { post: block, fetched: false };
}

async function lookUp(post: RecognizedPost, o: PreviewOptions): Promise<Found | null> {
  const source = SOURCES[post.platform];
  const deadline = AbortSignal.timeout(o.fetch.timeoutMs);
  try {
    const answer = await fetchPublic(source.address(post), source.hosts, o.fetch, deadline);
    if (!answer) return miss(o, `${post.platform}: the address or a redirect was refused`);
    if (answer.status !== 200) return miss(o, `${post.platform}: HTTP ${answer.status}`);
    return source.read(answer.body, post) ?? miss(o, `${post.platform}: no post in the answer`);
  } catch (e) {
    return miss(o, `${post.platform}: ${deadline.aborted ? `no answer in ${o.fetch.timeoutMs} ms` : (e as Error).message}`);
  }
}

function miss(o: PreviewOptions, why: string): null {
  o.onMiss?.(why);
  return null;
}

const clip = (s: string | undefined, max: number) => (s ? s.replace(/\r\n?/g, '\n').trim().slice(0, max) : '');

/** The block with what the platform said, each value held to what the article form accepts. */
function completed(block: SocialPostBlock, f: Found): SocialPostBlock {
  const handle = f.handle?.replace(/^@/, '');
  const posted = f.postedAt && !Number.isNaN(Date.parse(f.postedAt)) ? new Date(f.postedAt).toISOString() : null;
  return {
    ...block,
    accountName: clip(f.accountName, L.socialAccount).replace(/\s+/g, ' '),
    handle: block.handle || (handle && /^[A-Za-z0-9._:-]{1,100}$/.test(handle) ? handle : ''),
    postedAt: posted ?? block.postedAt,
    text: clip(f.text, L.socialText),
  };
}
