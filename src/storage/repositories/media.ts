import type { Kysely } from 'kysely';
import { blockMediaIds } from '../../core/block-media.js';
import { variantWidthsFor } from '../../core/media-sizes.js';
import type { Block, MediaRef } from '../../core/model.js';
import type { Store } from '../engine.js';
import { prepared } from '../prepared.js';
import type { MediaRow, Schema } from '../schema.js';
import { fromDate, toDate } from '../values.js';

export const mediaUrl = (key: string) => `/media/${key}`;

/**
 * The WebP widths offered are those of today's ladder, not the stored `variant_widths` (what
 * ingest made at the time): a width added since is made on its first request, so older images
 * get the closer fits too.
 */
export const toMediaRef = (r: Pick<MediaRow, 'id' | 'storage_key' | 'width' | 'height' | 'mime'> & { variant_widths?: string }): MediaRef => ({
  id: r.id,
  url: mediaUrl(r.storage_key),
  width: r.width,
  height: r.height,
  mime: r.mime,
  variantWidths: variantWidthsFor(r.width),
});

export interface NewMedia {
  storageKey: string;
  sha256: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  caption: string;
  credit: string;
  alt: string;
  variantWidths: number[];
}

/** The media row of an image, imported (no uploader) or uploaded in the newsroom. */
const mediaRow = (m: NewMedia, uploadedBy: number | null, now: Date) => ({
  storage_key: m.storageKey,
  sha256: m.sha256,
  mime: m.mime,
  width: m.width,
  height: m.height,
  bytes: m.bytes,
  caption: m.caption,
  credit: m.credit,
  alt: m.alt,
  variant_widths: m.variantWidths.join(','),
  uploaded_by: uploadedBy,
  created_at: fromDate(now),
});

/** The same bytes are one media item: uploading or importing them again reuses it. */
export async function ensureMedia(db: Kysely<Schema>, m: NewMedia, now: Date): Promise<MediaRef> {
  const cols = ['id', 'storage_key', 'width', 'height', 'mime', 'variant_widths'] as const;
  const found = await db.selectFrom('media').select(cols).where('sha256', '=', m.sha256).executeTakeFirst();
  if (found) return toMediaRef(found);
  const row = await db
    .insertInto('media')
    .values(mediaRow(m, null, now))
    .returning(cols)
    .executeTakeFirstOrThrow();
  return toMediaRef(row);
}

/** A media item as the newsroom's library shows it. */
export interface MediaItem extends MediaRef {
  bytes: number;
  caption: string;
  credit: string;
  alt: string;
  /** The account that uploaded it; null for imports (editors look after those). */
  uploadedBy: number | null;
  createdAt: Date;
}

export type MediaText = Partial<Pick<MediaItem, 'caption' | 'credit' | 'alt'>>;

const itemColumns = ['id', 'storage_key', 'width', 'height', 'mime', 'variant_widths', 'bytes', 'caption', 'credit', 'alt', 'uploaded_by', 'created_at'] as const;
type ItemRow = Pick<MediaRow, (typeof itemColumns)[number]>;

const toMediaItem = (r: ItemRow): MediaItem => ({
  ...toMediaRef(r),
  bytes: r.bytes,
  caption: r.caption,
  credit: r.credit,
  alt: r.alt,
  uploadedBy: r.uploaded_by,
  createdAt: toDate(r.created_at),
});

export async function getMedia(db: Kysely<Schema>, id: number): Promise<MediaItem | null> {
  const row = await db.selectFrom('media').select(itemColumns).where('id', '=', id).executeTakeFirst();
  return row ? toMediaItem(row) : null;
}

export async function findMediaBySha256(db: Kysely<Schema>, hash: string): Promise<MediaItem | null> {
  const row = await db.selectFrom('media').select(itemColumns).where('sha256', '=', hash).executeTakeFirst();
  return row ? toMediaItem(row) : null;
}

/**
 * Adds a newsroom upload with its uploader. Two uploads of the same bytes at once make one row:
 * the second insert does nothing and both get the row that won.
 */
export async function addMedia(db: Kysely<Schema>, m: NewMedia, uploadedBy: number, now: Date): Promise<MediaItem> {
  await db
    .insertInto('media')
    .values(mediaRow(m, uploadedBy, now))
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return (await findMediaBySha256(db, m.sha256))!;
}

/** Sets whichever of caption, credit and alt are given; null when there is no such item. */
export async function updateMediaText(db: Kysely<Schema>, id: number, text: MediaText): Promise<MediaItem | null> {
  const set = Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)) as MediaText;
  if (Object.keys(set).length > 0) await db.updateTable('media').set(set).where('id', '=', id).execute();
  return getMedia(db, id);
}

export async function setMediaUploader(db: Kysely<Schema>, id: number, userId: number | null): Promise<void> {
  await db.updateTable('media').set({ uploaded_by: userId }).where('id', '=', id).execute();
}

export interface MediaListOptions {
  /** Words to find in the caption, credit or alt, in any letter case; empty for everything. */
  q?: string;
  limit: number;
  offset: number;
}

/**
 * The library, newest first (ids grow with each upload), one page at a time: `limit + 1` rows
 * tell whether there is a next page without counting.
 */
export async function listMedia({ db, engine }: Store, o: MediaListOptions): Promise<{ items: MediaItem[]; hasNext: boolean }> {
  let query = db.selectFrom('media').select(itemColumns);
  const q = o.q?.trim();
  if (q) {
    const match = engine.containsAnyCase(q);
    query = query.where((eb) => eb.or([match(eb.ref('caption')), match(eb.ref('credit')), match(eb.ref('alt'))]));
  }
  const rows = await query.orderBy('id', 'desc').limit(o.limit + 1).offset(o.offset).execute();
  return { items: rows.slice(0, o.limit).map(toMediaItem), hasNext: rows.length > o.limit };
}

const mediaRefRows = prepared((db, ids: number[]) => db.selectFrom('media').select(['id', 'storage_key', 'width', 'height', 'mime', 'variant_widths']).where('id', 'in', ids));

/**
 * Body image blocks name their photo by mediaId; on read each such block also gets `media`,
 * the stored file and its WebP variants, so pages can offer srcset. Never written back: the
 * editor's view lists a block's fields one by one.
 */
export async function withBlockMedia(db: Kysely<Schema>, blocks: Block[]): Promise<Block[]> {
  const ids = [...new Set(blocks.flatMap(blockMediaIds))];
  if (ids.length === 0) return blocks;
  const rows = await mediaRefRows(db, ids);
  const byId = new Map(rows.map((r) => [r.id, toMediaRef(r)]));
  return blocks.map((b) => {
    if (b.type === 'image' && b.mediaId && byId.has(b.mediaId)) return { ...b, media: byId.get(b.mediaId)! };
    // A social post's `media` is its photo's reference and texts: the file goes beside it.
    if (b.type === 'social' && b.media && byId.has(b.media.mediaId)) return { ...b, mediaFile: byId.get(b.media.mediaId)! };
    return b;
  });
}
