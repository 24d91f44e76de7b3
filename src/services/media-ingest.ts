import sharp from 'sharp';
import { errors } from '../core/errors.js';
import { mediaKey, sha256, type MediaStore } from '../storage/media-store.js';
import type { NewMedia } from '../storage/repositories/media.js';

const FORMATS: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  heif: { mime: 'image/avif', ext: 'avif' },
};

/** Widths of the WebP copies pages offer through srcset: phone, tablet and desktop. */
export const VARIANT_WIDTHS = [480, 960, 1440] as const;

export const variantKey = (hash: string, width: number) => `${hash.slice(0, 2)}/${hash}-w${width}.webp`;

/**
 * Checks an image by its content (not its name), stores the original under its hash and makes
 * WebP variants no wider than the original. Storing is idempotent: the same bytes are the same
 * files, so a failed transaction later leaves nothing broken.
 */
export async function ingestImage(store: MediaStore, bytes: Buffer, name: string, meta: { caption: string; credit: string; alt: string }): Promise<NewMedia> {
  const info = await sharp(bytes).metadata().catch(() => null);
  const format = info?.format ? FORMATS[info.format] : undefined;
  if (!info || !format || !info.width || !info.height) throw errors.importFile(name, 'is not a JPEG, PNG, WebP or AVIF image');
  const hash = sha256(bytes);
  const storageKey = mediaKey(hash, format.ext);
  if (!(await store.exists(storageKey))) await store.put(storageKey, bytes);
  const widths = VARIANT_WIDTHS.filter((w) => w < info.width!);
  for (const w of widths) {
    const key = variantKey(hash, w);
    if (await store.exists(key)) continue;
    await store.put(key, await sharp(bytes).rotate().resize({ width: w }).webp({ quality: 72 }).toBuffer());
  }
  return { storageKey, sha256: hash, mime: format.mime, width: info.width, height: info.height, bytes: bytes.length, ...meta, variantWidths: widths };
}
