import type { Kysely } from 'kysely';
import type { MediaRef } from '../../core/model.js';
import type { MediaRow, Schema } from '../schema.js';
import { fromDate } from '../values.js';

export const mediaUrl = (key: string) => `/media/${key}`;

export const toMediaRef = (r: Pick<MediaRow, 'id' | 'storage_key' | 'width' | 'height' | 'mime' | 'variant_widths'>): MediaRef => ({
  id: r.id,
  url: mediaUrl(r.storage_key),
  width: r.width,
  height: r.height,
  mime: r.mime,
  variantWidths: r.variant_widths ? r.variant_widths.split(',').map(Number) : [],
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

/** The same bytes are one media item: uploading or importing them again reuses it. */
export async function ensureMedia(db: Kysely<Schema>, m: NewMedia, now: Date): Promise<MediaRef> {
  const cols = ['id', 'storage_key', 'width', 'height', 'mime', 'variant_widths'] as const;
  const found = await db.selectFrom('media').select(cols).where('sha256', '=', m.sha256).executeTakeFirst();
  if (found) return toMediaRef(found);
  const row = await db
    .insertInto('media')
    .values({
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
      created_at: fromDate(now),
    })
    .returning(cols)
    .executeTakeFirstOrThrow();
  return toMediaRef(row);
}
