import type { Block, SocialPostBlock } from '../contract/model.js';

/** The media items a body block shows: an image's photo, a social post's. */
export function blockMediaIds(b: Block): number[] {
  if (b.type === 'image') return b.mediaId ? [b.mediaId] : [];
  if (b.type === 'social') return b.media ? [b.media.mediaId] : [];
  return [];
}

/** A social block with exactly the contract's fields: what is added on read for display (its photo's file) stays out of the editor's form. */
export const socialFields = (b: SocialPostBlock): SocialPostBlock => ({
  type: 'social',
  platform: b.platform,
  url: b.url,
  accountName: b.accountName,
  handle: b.handle,
  postedAt: b.postedAt,
  text: b.text,
  media: b.media ? { mediaId: b.media.mediaId, alt: b.media.alt, credit: b.media.credit } : null,
  capturedAt: b.capturedAt,
  capturedBy: b.capturedBy ? { id: b.capturedBy.id, name: b.capturedBy.name } : null,
});
