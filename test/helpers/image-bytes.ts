import zlib from 'node:zlib';
import sharp from 'sharp';

/*
 * Image files carrying what must not reach readers, built here by hand around pictures sharp
 * makes, and a reading of their parts written apart from the code under test (so that a mistake
 * there is not repeated here).
 */

/** Text planted in the files: none of it may be found in a stored file. */
export const SECRETS = {
  comment: 'SECRET-JPEG-COMMENT-Kyiv-50.4501N',
  exif: 'SECRET-EXIF-ARTIST-Olena',
  gps: 'SECRET-GPS-50.4501N-30.5234E',
  xmp: 'SECRET-XMP-CREATOR-tool',
  iptc: 'SECRET-IPTC-BYLINE',
  pngText: 'SECRET-PNG-tEXt-comment',
  pngZtxt: 'SECRET-PNG-zTXt-author',
  pngItxt: 'SECRET-PNG-iTXt-xmp',
  trailer: 'SECRET-TRAILING-BYTES<html><script>alert(1)</script>',
} as const;

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

const pngChunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** A noisy picture (so that sizes are realistic). */
export function picture(width: number, height: number, seed = 7) {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < raw.length; i++) raw[i] = (x = (Math.imul(x, 1103515245) + 12345) | 0) >>> 24;
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

/** A JPEG with a comment (COM) and bytes after its end, and nothing else of note. */
export async function jpegWithComment(width = 400, height = 300): Promise<Buffer> {
  const jpeg = await picture(width, height).jpeg({ quality: 70 }).toBuffer();
  return Buffer.concat([jpeg.subarray(0, 2), segment(0xfe, Buffer.from(SECRETS.comment)), jpeg.subarray(2), Buffer.from(SECRETS.trailer)]);
}

/** A JPEG with every kind: EXIF (artist), XMP (GPS), IPTC (APP13), a comment, a second image's APP2 (MPF), trailing bytes. */
export async function jpegWithEverything(width = 400, height = 300): Promise<Buffer> {
  const jpeg = await picture(width, height)
    .jpeg({ quality: 70 })
    .withExifMerge({ IFD0: { Artist: SECRETS.exif } })
    .toBuffer();
  const xmp = Buffer.from(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="${SECRETS.xmp}" exif:GPSLatitude="${SECRETS.gps}" xmlns:exif="http://ns.adobe.com/exif/1.0/"/></rdf:RDF></x:xmpmeta>`);
  const iptc = Buffer.concat([Buffer.from('Photoshop 3.0\x008BIM\x04\x04\x00\x00', 'latin1'), Buffer.from([0, 0, 0, 0x20]), Buffer.from([0x1c, 0x02, 0x50, 0x00, SECRETS.iptc.length]), Buffer.from(SECRETS.iptc.padEnd(27))]);
  const mpf = Buffer.from('MPF\0II*\0SECRET-MPF');
  return Buffer.concat([jpeg.subarray(0, 2), segment(0xfe, Buffer.from(SECRETS.comment)), segment(0xe1, xmp), segment(0xed, iptc), segment(0xe2, mpf), jpeg.subarray(2), Buffer.from(SECRETS.trailer)]);
}

/** A PNG with tEXt, zTXt and iTXt chunks (and optionally eXIf and tIME), and bytes after IEND. */
export async function pngWithText(o: { exif?: boolean; palette?: boolean } = {}, width = 200, height = 150): Promise<Buffer> {
  const png = await picture(width, height).png(o.palette ? { palette: true, colours: 16 } : {}).toBuffer();
  const ihdrEnd = 8 + 25;
  const chunks = [
    pngChunk('tEXt', Buffer.from(`Comment\0${SECRETS.pngText}`, 'latin1')),
    pngChunk('zTXt', Buffer.concat([Buffer.from('Author\0\0', 'latin1'), zlib.deflateSync(SECRETS.pngZtxt)])),
    pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${SECRETS.pngItxt}`, 'latin1')),
    ...(o.exif ? [pngChunk('eXIf', Buffer.concat([Buffer.from('MM\0*\0\0\0\x08', 'latin1'), Buffer.from(SECRETS.exif)])), pngChunk('tIME', Buffer.from([7, 233, 1, 7, 12, 0, 0]))] : []),
  ];
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd), Buffer.from(SECRETS.trailer)]);
}

/** A WebP with EXIF and XMP chunks (written by sharp), and bytes after its RIFF end. */
export async function webpWithMetadata(width = 400, height = 300): Promise<Buffer> {
  const webp = await picture(width, height)
    .webp({ quality: 70 })
    .withExifMerge({ IFD0: { Artist: SECRETS.exif } })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="${SECRETS.xmp}"/></rdf:RDF></x:xmpmeta>`)
    .toBuffer();
  return Buffer.concat([webp, Buffer.from(SECRETS.trailer)]);
}

/** The JPEG's markers in order ('FFE1', 'FFFE', …) and how many bytes follow its EOI. */
export function jpegMarkers(b: Buffer): { markers: string[]; afterEnd: number } {
  const markers: string[] = [];
  let i = 2;
  while (i + 2 <= b.length) {
    const m = b[i + 1]!;
    const name = `FF${m.toString(16).toUpperCase()}`;
    if (m === 0xd9) return { markers: [...markers, name], afterEnd: b.length - i - 2 };
    const length = b.readUInt16BE(i + 2);
    markers.push(name);
    i += 2 + length;
    if (m === 0xda) {
      while (i + 1 < b.length && !(b[i] === 0xff && b[i + 1] !== 0 && (b[i + 1]! < 0xd0 || b[i + 1]! > 0xd7))) i++;
    }
  }
  throw new Error('no EOI in the JPEG');
}

/** The PNG's chunk types in order and how many bytes follow IEND. */
export function pngChunkTypes(b: Buffer): { types: string[]; afterEnd: number } {
  const types: string[] = [];
  for (let i = 8; i + 12 <= b.length; ) {
    const type = b.toString('latin1', i + 4, i + 8);
    types.push(type);
    i += 12 + b.readUInt32BE(i);
    if (type === 'IEND') return { types, afterEnd: b.length - i };
  }
  throw new Error('no IEND in the PNG');
}

/** The WebP's chunk names and how many bytes follow the RIFF size. */
export function webpChunkNames(b: Buffer): { names: string[]; afterEnd: number } {
  const end = 8 + b.readUInt32LE(4);
  const names: string[] = [];
  for (let i = 12; i + 8 <= end; i += 8 + b.readUInt32LE(i + 4) + (b.readUInt32LE(i + 4) % 2)) names.push(b.toString('latin1', i, i + 4));
  return { names, afterEnd: b.length - end };
}

/** Every planted text found in the bytes (the zTXt one is deflated: its chunk type tells of it). */
export function secretsIn(b: Buffer): string[] {
  return Object.values(SECRETS).filter((s) => b.includes(s) || b.includes(s.slice(0, 16)));
}
