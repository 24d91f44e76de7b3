import { errors } from '../core/errors.js';
import { mediaKey, sha256, type MediaStore } from '../storage/media-store.js';
import type { NewMedia } from '../storage/repositories/media.js';
import { publishableImage } from './media-clean.js';
import { variantWidthsFor } from '../core/media-sizes.js';
import { storeCrops } from './media-derived.js';

const FORMATS: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
  heif: { mime: 'image/avif', ext: 'avif' },
};

/** Widths of the WebP copies pages offer through srcset (core/media-sizes.ts says why these). */
export { VARIANT_WIDTHS } from '../core/media-sizes.js';

/**
 * sharp (a native library of about 20 MB) is loaded the first time an image is handled, so that
 * a serving process that never receives an upload does not hold it.
 */
export const loadSharp = async () => (await import('sharp')).default;

export const variantKey = (hash: string, width: number) => `${hash.slice(0, 2)}/${hash}-w${width}.webp`;

/** sharp's own default limit, for callers that state none. */
const SHARP_MAX_PIXELS = 0x3fff * 0x3fff;

export interface IngestOptions {
  /** The most pixels sharp may decode (a decompression bomb stops here); sharp's default when absent. */
  maxPixels?: number;
}

/**
 * Checks an image by its content (not its name), stores it as readers may download it (only the
 * picture: no metadata, nothing after its end; see media-clean.ts) and makes WebP variants no
 * wider than the original. Uploads and imported photos alike.
 *
 * The file is named by the hash of the bytes as received (the `sha256` of its media row), which
 * the stored file is a function of: the same file sent again is found by its hash without being
 * decoded, and is the same item. Two files that differ only in their metadata are two items.
 * Storing is idempotent, so a failed transaction later leaves nothing broken.
 */
export async function ingestImage(store: MediaStore, bytes: Buffer, name: string, meta: { caption: string; credit: string; alt: string }, options: IngestOptions = {}): Promise<NewMedia> {
  const sharp = await loadSharp();
  const info = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => null);
  const format = info?.format ? FORMATS[info.format] : undefined;
  if (!info || !format || !info.width || !info.height) throw errors.importFile(name, 'is not a JPEG, PNG, WebP or AVIF image');
  // The header alone was read so far; nothing is decoded past the limit.
  const maxPixels = options.maxPixels ?? SHARP_MAX_PIXELS;
  if (info.width * info.height > maxPixels) throw errors.imageTooLarge(name, info.width * info.height, maxPixels);
  const decode = () => sharp(bytes, { limitInputPixels: maxPixels });
  // Orientation 5 to 8 turns the picture on its side: pages show it upright.
  const width = info.autoOrient?.width ?? info.width;
  const height = info.autoOrient?.height ?? info.height;
  const hash = sha256(bytes);
  const storageKey = mediaKey(hash, format.ext);
  // Stored before (an import run again): its size is all that is needed, not a second encoding.
  let size = await store.size(storageKey);
  if (size === null) {
    const stored = await publishableImage(bytes, info, decode);
    await store.put(storageKey, stored);
    size = stored.length;
  }
  const widths = variantWidthsFor(width);
  for (const w of widths) {
    const key = variantKey(hash, w);
    if (await store.exists(key)) continue;
    await store.put(key, await decode().rotate().resize({ width: w }).webp({ quality: 72 }).toBuffer());
  }
  await storeCrops(store, storageKey, decode, width, height);
  return { storageKey, sha256: hash, mime: format.mime, width, height, bytes: size, ...meta, variantWidths: widths };
}
