import type { Sharp } from 'sharp';
import { CROP_NAMES, cropPath, cropSize, isVariantWidth, variantPath, type CropRatio } from '../core/media-sizes.js';
import type { MediaStore } from '../storage/media-store.js';

/**
 * The files made from a stored original: WebP copies for srcset and the 16:9, 4:3 and 1:1
 * crops for structured data and link previews. Their names and sizes follow from the
 * original's alone (core/media-sizes.ts), so they can be made at any time by anyone: at
 * ingest for new images, and on first request for images stored before a size existed (or a
 * media folder restored without them). Writing one twice writes the same bytes.
 */

/** A derived file, as its name says: a copy `width` wide, or a crop. */
export type Derived = { kind: 'variant'; width: number } | { kind: 'crop'; ratio: CropRatio };

const ORIGINAL_EXTENSIONS = ['jpg', 'png', 'webp', 'avif'];
const DERIVED_NAME = /^([0-9a-f]{64})-(?:w(\d{2,4})\.webp|(16x9|4x3|1x1)\.jpg)$/;

/** What a media file name asks for: the original's hash and the derived file, or null for anything else. */
export function parseDerivedName(file: string): { hash: string; derived: Derived } | null {
  const m = DERIVED_NAME.exec(file);
  if (!m) return null;
  if (m[2]) {
    const width = Number(m[2]);
    return isVariantWidth(width) ? { hash: m[1]!, derived: { kind: 'variant', width } } : null;
  }
  return { hash: m[1]!, derived: { kind: 'crop', ratio: m[3] as CropRatio } };
}

/** Loaded on first use, as in media-ingest.ts: a process that never makes a file never holds sharp. */
const loadSharp = async () => (await import('sharp')).default;

const derivedKey = (originalKey: string, d: Derived) => (d.kind === 'variant' ? variantPath(originalKey, d.width) : cropPath(originalKey, d.ratio));

/** The image as pages show it (orientation applied), then cut or scaled to what `d` names. */
async function render(image: () => Sharp, width: number, height: number, d: Derived): Promise<Buffer> {
  if (d.kind === 'variant') return image().rotate().resize({ width: d.width }).webp({ quality: 72 }).toBuffer();
  const size = cropSize(width, height, d.ratio);
  const sharp = await loadSharp();
  // 'attention' keeps the most detailed part (usually the faces) rather than the exact middle.
  return image().rotate().resize({ ...size, fit: 'cover', position: sharp.strategy.attention }).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
}

/**
 * Makes the crops of a new image (`image` decodes it; width and height are as shown, after
 * orientation). Called at ingest beside the WebP copies, so the first crawler waits for nothing.
 */
export async function storeCrops(store: MediaStore, originalKey: string, image: () => Sharp, width: number, height: number): Promise<void> {
  for (const ratio of CROP_NAMES) {
    const key = cropPath(originalKey, ratio);
    if (!(await store.exists(key))) await store.put(key, await render(image, width, height, { kind: 'crop', ratio }));
  }
}

/**
 * Makes one derived file from its stored original, once per process at a time (two requests
 * for it wait for the same work). Returns its key, or null when there is no such original or
 * the size is not one made for it: a copy as wide as the original or wider is never offered.
 */
export class DerivedMedia {
  private readonly pending = new Map<string, Promise<string | null>>();
  /** Images being decoded now, and those waiting their turn. */
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  /**
   * `parallel` bounds the decodes at once: anyone may ask for the copies of every stored image,
   * and each is made only once, but a burst of them must not take every core and megabytes of
   * pixels each.
   */
  constructor(
    private readonly store: MediaStore,
    private readonly parallel = 2,
  ) {}

  ensure(dir: string, file: string): Promise<string | null> {
    const parsed = parseDerivedName(file);
    if (!parsed || parsed.hash.slice(0, 2) !== dir) return Promise.resolve(null);
    const key = `${dir}/${file}`;
    let job = this.pending.get(key);
    if (!job) {
      job = this.make(parsed.hash, parsed.derived).finally(() => this.pending.delete(key));
      this.pending.set(key, job);
    }
    return job;
  }

  private async make(hash: string, d: Derived): Promise<string | null> {
    const originalKey = await this.originalKey(hash);
    if (!originalKey) return null;
    const key = derivedKey(originalKey, d);
    if (await this.store.exists(key)) return key;
    await this.turn();
    try {
      // A file on this disk is decoded where it lies; one in object storage is fetched first.
      const input = this.store.localPath(originalKey) ?? (await this.store.read(originalKey));
      return input ? await this.makeFile(key, input, d) : null;
    } finally {
      // The next in line takes this place over, so `running` counts it already.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private async turn(): Promise<void> {
    if (this.running < this.parallel) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private async makeFile(key: string, input: string | Buffer, d: Derived): Promise<string | null> {
    const sharp = await loadSharp();
    const image = () => sharp(input, { limitInputPixels: 0x3fff * 0x3fff });
    const info = await image().metadata();
    const width = info.autoOrient?.width ?? info.width ?? 0;
    const height = info.autoOrient?.height ?? info.height ?? 0;
    if (d.kind === 'variant' && d.width >= width) return null;
    await this.store.put(key, await render(image, width, height, d));
    return key;
  }

  private async originalKey(hash: string): Promise<string | null> {
    for (const ext of ORIGINAL_EXTENSIONS) {
      const key = `${hash.slice(0, 2)}/${hash}.${ext}`;
      if (await this.store.exists(key)) return key;
    }
    return null;
  }
}
