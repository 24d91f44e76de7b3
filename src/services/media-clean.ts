import type { Metadata, Sharp } from 'sharp';

/**
 * What readers download is the picture and nothing else. A photo straight from a camera or an
 * editing program carries where it was taken (EXIF GPS), the camera's serial number, the
 * photographer's name and software (EXIF, XMP, IPTC), comments (JPEG COM, PNG tEXt/zTXt/iTXt),
 * thumbnails of the uncropped frame, and sometimes whole files appended after the image's end
 * (which also makes the file a polyglot: a ZIP or an HTML page served from our origin).
 *
 * A file is read part by part (JPEG segments, PNG chunks, WebP chunks) against a list of the
 * parts a picture needs. One holding only those is kept byte for byte: no generation loss, and
 * its hash is its content's. Any other is decoded and encoded anew by sharp, which writes
 * nothing but the picture: the orientation applied (the EXIF that held it is gone), and the
 * colours converted into a standard profile of sharp's own (Display P3, which holds sRGB and
 * the wide-gamut photos of phones) when the file had a profile, so that no byte of the sender's
 * profile survives either. AVIF, whose metadata are items inside nested boxes, is always
 * encoded anew. The result is read again against the same list; a part left over is an error.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif';

/** The parts a picture needs, and the profile when it is our own. */
const PICTURE: Record<Exclude<ImageFormat, 'avif'>, ReadonlySet<string>> = {
  jpeg: new Set(['SOI', 'APP0 JFIF', 'APP14 Adobe', 'DQT', 'DHT', 'DAC', 'SOF', 'DRI', 'DNL', 'SOS', 'RST', 'EOI']),
  // Colour and transparency (gAMA, cHRM, sRGB, cICP say how to show it; none carries text).
  png: new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'sBIT', 'bKGD', 'pHYs', 'cICP']),
  webp: new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF']),
};
const PROFILE = { jpeg: 'APP2 ICC_PROFILE', png: 'iCCP', webp: 'ICCP' } as const;

/** The parts of the file that are not the picture (with `profile`, a colour profile counts as picture). */
export function notPicture(bytes: Buffer, format: ImageFormat, o: { profile: boolean }): string[] {
  if (format === 'avif') return ['the AVIF container (not inspected)'];
  const allowed = PICTURE[format];
  const parts = format === 'jpeg' ? jpegParts(bytes) : format === 'png' ? pngParts(bytes) : webpParts(bytes);
  return [...new Set(parts.filter((p) => !allowed.has(p) && !(o.profile && p === PROFILE[format])))];
}

/**
 * The bytes readers may download: the file as sent when it is only the picture, else the
 * picture encoded anew (see above). `decode` opens the same bytes within the pixel limit.
 */
export async function publishableImage(bytes: Buffer, info: Metadata, decode: () => Sharp): Promise<Buffer> {
  const format: ImageFormat = info.format === 'heif' ? 'avif' : (info.format as ImageFormat);
  if (notPicture(bytes, format, { profile: false }).length === 0) return bytes;
  let image = decode().rotate();
  if (info.icc) image = image.withIccProfile('p3');
  const out = await encode(image, format, { palette: info.isPalette === true, lossless: format === 'webp' && webpParts(bytes).includes('VP8L') });
  const left = format === 'avif' ? await avifLeftovers(out) : notPicture(out, format, { profile: true });
  if (left.length) throw new Error(`re-encoding left ${left.join(', ')} in the ${format} file`);
  return out;
}

/** The same format at a quality hard to tell from the original (PNG stays lossless, a palette a palette). */
function encode(image: Sharp, format: ImageFormat, o: { palette: boolean; lossless: boolean }): Promise<Buffer> {
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 92, mozjpeg: true }).toBuffer();
    case 'png':
      return image.png({ compressionLevel: 9, palette: o.palette }).toBuffer();
    case 'webp':
      return image.webp(o.lossless ? { lossless: true } : { quality: 90 }).toBuffer();
    case 'avif':
      return image.avif({ quality: 75 }).toBuffer();
  }
}

/** What sharp reads of metadata in an AVIF we wrote: there must be none. */
async function avifLeftovers(out: Buffer): Promise<string[]> {
  const { default: sharp } = await import('sharp');
  const m = await sharp(out).metadata();
  return [...(m.exif ? ['EXIF'] : []), ...(m.xmp ? ['XMP'] : []), ...(m.iptc ? ['IPTC'] : [])];
}

/** JPEG segments by marker, APPn by their identifier; 'trailing bytes' after EOI. */
export function jpegParts(b: Buffer): string[] {
  const parts: string[] = [];
  if (b[0] !== 0xff || b[1] !== 0xd8) return ['not a JPEG'];
  parts.push('SOI');
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return [...parts, 'bytes between segments'];
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) return [...parts, 'no EOI'];
    const m = b[i++]!;
    if (m === 0xd9) {
      parts.push('EOI');
      if (i < b.length) parts.push('trailing bytes');
      return parts;
    }
    if (m >= 0xd0 && m <= 0xd7) {
      parts.push('RST');
      continue;
    }
    if (m === 0xd8 || m === 0x01 || i + 2 > b.length) return [...parts, `marker 0x${m.toString(16)}`];
    const length = b.readUInt16BE(i);
    if (length < 2 || i + length > b.length) return [...parts, 'a truncated segment'];
    const payload = b.subarray(i + 2, i + length);
    parts.push(segmentName(m, payload));
    i += length;
    if (m === 0xda) {
      // Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a restart.
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0 && !(b[i + 1]! >= 0xd0 && b[i + 1]! <= 0xd7))) i++;
      if (i + 1 >= b.length) return [...parts, 'no EOI'];
    }
  }
  return [...parts, 'no EOI'];
}

function segmentName(m: number, payload: Buffer): string {
  const id = (s: string) => payload.subarray(0, s.length).toString('latin1') === s;
  if (m === 0xe0 && id('JFIF\0')) return payload.length >= 14 && (payload[12] || payload[13]) ? 'APP0 JFIF thumbnail' : 'APP0 JFIF';
  if (m === 0xe2 && id('ICC_PROFILE\0')) return 'APP2 ICC_PROFILE';
  if (m === 0xee && id('Adobe')) return 'APP14 Adobe';
  if (m >= 0xe0 && m <= 0xef) return `APP${m - 0xe0}`;
  const named: Record<number, string> = { 0xdb: 'DQT', 0xc4: 'DHT', 0xcc: 'DAC', 0xdd: 'DRI', 0xdc: 'DNL', 0xda: 'SOS', 0xfe: 'COM' };
  if (named[m]) return named[m];
  // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
  if (m >= 0xc0 && m <= 0xcf && m !== 0xc8) return 'SOF';
  return `marker 0x${m.toString(16)}`;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG chunk types in order; 'trailing bytes' after IEND. */
export function pngParts(b: Buffer): string[] {
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE)) return ['not a PNG'];
  const parts: string[] = [];
  for (let i = 8; i < b.length; ) {
    if (i + 12 > b.length) return [...parts, 'a truncated chunk'];
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    if (i + 12 + length > b.length) return [...parts, 'a truncated chunk'];
    parts.push(/^[A-Za-z]{4}$/.test(type) ? type : 'a chunk of no valid type');
    i += 12 + length;
    if (type === 'IEND') return i < b.length ? [...parts, 'trailing bytes'] : parts;
  }
  return [...parts, 'no IEND'];
}

/** WebP (RIFF) chunk names in order; 'trailing bytes' past the RIFF size. */
export function webpParts(b: Buffer): string[] {
  if (b.length < 12 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return ['not a WebP'];
  const end = 8 + b.readUInt32LE(4);
  if (end > b.length) return ['a truncated file'];
  const parts: string[] = [];
  for (let i = 12; i < end; ) {
    if (i + 8 > end) return [...parts, 'a truncated chunk'];
    const size = b.readUInt32LE(i + 4);
    if (i + 8 + size > end) return [...parts, 'a truncated chunk'];
    parts.push(b.toString('latin1', i, i + 4));
    i += 8 + size + (size % 2);
  }
  return end < b.length ? [...parts, 'trailing bytes'] : parts;
}
