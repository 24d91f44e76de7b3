/**
 * The files made from each stored image, named and sized by arithmetic alone, so that a page
 * can name them (with their exact width and height) without asking storage whether they exist
 * yet: the media route makes a missing one from the original on its first request.
 */

/**
 * Widths of the WebP copies offered in srcset. Steps of at most 1.5× keep the copy a browser
 * picks close to what it shows: a 358 px phone card at 2× wants 716 and gets 720, not 960.
 * 480, 960 and 1440 are the widths of the first release, so its files keep their names.
 */
export const VARIANT_WIDTHS = [240, 360, 480, 720, 960, 1440] as const;

/** The widths offered for an original this wide: only copies smaller than it. */
export const variantWidthsFor = (width: number): number[] => VARIANT_WIDTHS.filter((w) => w < width);

export const isVariantWidth = (w: number): boolean => (VARIANT_WIDTHS as readonly number[]).includes(w);

/**
 * The aspect ratios Google's article rich results ask for (16:9, 4:3 and 1:1), each cut from
 * the middle of the picture's most detailed part, as JPEG (what every social network reads).
 */
export const CROP_RATIOS = { '16x9': [16, 9], '4x3': [4, 3], '1x1': [1, 1] } as const;
export type CropRatio = keyof typeof CROP_RATIOS;
export const CROP_NAMES = Object.keys(CROP_RATIOS) as CropRatio[];

/** Wide enough for Google's 1200 px recommendation, small enough to stay a few hundred KB. */
export const CROP_MAX_SIDE = 1600;

/** The size of a crop: the largest region of that ratio the original holds, scaled down to CROP_MAX_SIDE. */
export function cropSize(width: number, height: number, ratio: CropRatio): { width: number; height: number } {
  const [rw, rh] = CROP_RATIOS[ratio];
  // The largest rw:rh box inside width × height, in whole pixels.
  let w = Math.min(width, Math.floor((height * rw) / rh));
  let h = Math.min(height, Math.floor((w * rh) / rw));
  const scale = Math.min(1, CROP_MAX_SIDE / Math.max(w, h));
  if (scale < 1) {
    w = Math.round(w * scale);
    h = Math.round((w * rh) / rw);
  }
  return { width: Math.max(1, w), height: Math.max(1, h) };
}

/** '/media/ab/<hash>.jpg' -> '/media/ab/<hash>-w480.webp' (also for storage keys). */
export const variantPath = (original: string, width: number) => original.replace(/\.[a-z0-9]+$/i, `-w${width}.webp`);

/** '/media/ab/<hash>.png' -> '/media/ab/<hash>-16x9.jpg' (also for storage keys). */
export const cropPath = (original: string, ratio: CropRatio) => original.replace(/\.[a-z0-9]+$/i, `-${ratio}.jpg`);
