import { errors, isShpaltaError } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import { atLeast, type Actor } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { sha256, type MediaStore } from '../../storage/media-store.js';
import { addMedia, findMediaBySha256, getMedia, updateMediaText, type MediaItem, type MediaText } from '../../storage/repositories/media.js';
import { ingestImage, loadSharp } from '../media-ingest.js';

/**
 * The newsroom's uploads. Every photo the public sees carries a credit (who took it, or the
 * agency) and alt text (what it shows, for readers who cannot see it): news photos are never
 * decorative, so both are required of a new item, and an edit may not empty them.
 */

/** 50 megapixels: more than any camera a newsroom uses; a PNG declaring 20000×20000 is refused unread. */
export const MAX_PIXELS = 50_000_000;

export interface UploadLimits {
  maxPixels: number;
}

export interface UploadInput {
  /** The file's name as sent, for messages only: the content decides what it is. */
  name: string;
  /** Empty or absent: not given (an item already in the library keeps its own). */
  caption?: string | undefined;
  credit?: string | undefined;
  alt?: string | undefined;
  uploader: Actor;
}

export interface Uploaded {
  media: MediaItem;
  /** True when these bytes were already in the library (content-addressed): that item is returned. */
  existing: boolean;
}

/** Said to the editor that uploads: in Ukrainian, naming the file. */
const E = uk.newsroomErrors;
const unsupported = (name: string) => errors.unsupportedMedia(E.notAnImage(name));

type Sniffed = 'jpeg' | 'png' | 'webp' | 'avif';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The format by the file's first bytes (its magic number), whatever its name says. */
export function sniffImage(b: Buffer): Sniffed | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 16 && b.toString('latin1', 4, 8) === 'ftyp') {
    // An ISO media file: AVIF when its major or a compatible brand says so (HEIC does not).
    const end = Math.min(b.readUInt32BE(0), b.length, 256);
    const brands = [b.toString('latin1', 8, 12)];
    for (let at = 16; at + 4 <= end; at += 4) brands.push(b.toString('latin1', at, at + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'avif';
  }
  return null;
}

/** What sharp reads from the header must agree with the magic number, and stay within the pixel limit. */
async function checkImage(bytes: Buffer, name: string, limits: UploadLimits): Promise<void> {
  const sniffed = sniffImage(bytes);
  if (!sniffed) throw unsupported(name);
  const sharp = await loadSharp();
  const info = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => null);
  const format = info?.format === 'heif' && info.compression === 'av1' ? 'avif' : info?.format;
  if (!info?.width || !info.height || format !== sniffed) throw errors.unsupportedMedia(E.damagedImage(name));
  const pixels = info.width * info.height;
  if (pixels > limits.maxPixels) throw errors.imageTooLarge(name, pixels, limits.maxPixels, E.tooManyPixels(name, Math.round(pixels / 1e6), Math.round(limits.maxPixels / 1e6)));
}

/** Editors and admins look after the whole library; anyone else after what they uploaded. */
export const mayEditMedia = (actor: Actor, item: Pick<MediaItem, 'uploadedBy'>) => atLeast(actor.role, 'editor') || item.uploadedBy === actor.id;

const given = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function requireCreditAndAlt(t: { credit?: string | undefined; alt?: string | undefined }) {
  if (!t.credit) throw errors.invalidInput('credit', 'credit: a photo needs a credit (the photographer, or the agency)');
  if (!t.alt) throw errors.invalidInput('alt', 'alt: describe what the photo shows, for readers who cannot see it');
}

/**
 * Adds a photo to the library: checked by content (a renamed text file, a GIF or an SVG is
 * refused), held to the pixel limit before anything is decoded, stored under its hash with its
 * WebP variants. The same bytes again return the item already there, with the caption, credit
 * and alt that were given applied when the uploader may edit that item.
 */
export async function uploadMedia(database: Database, store: MediaStore, bytes: Buffer, input: UploadInput, now: Date, limits: UploadLimits = { maxPixels: MAX_PIXELS }): Promise<Uploaded> {
  const text: MediaText = { caption: given(input.caption), credit: given(input.credit), alt: given(input.alt) };
  await checkImage(bytes, input.name, limits);
  const found = await findMediaBySha256(database.db, sha256(bytes));
  if (found) {
    requireCreditAndAlt({ credit: text.credit ?? found.credit, alt: text.alt ?? found.alt });
    const changed = (['caption', 'credit', 'alt'] as const).some((k) => text[k] !== undefined && text[k] !== found[k]);
    const media = changed && mayEditMedia(input.uploader, found) ? ((await updateMediaText(database.db, found.id, text)) ?? found) : found;
    return { media, existing: true };
  }
  requireCreditAndAlt(text);
  const stored = await ingestImage(store, bytes, input.name, { caption: text.caption ?? '', credit: text.credit!, alt: text.alt! }, { maxPixels: limits.maxPixels }).catch((e: unknown) => {
    // The header was fine but the pixels are not (a truncated or damaged file).
    throw isShpaltaError(e) ? e : errors.unsupportedMedia(E.damagedImage(input.name), e);
  });
  return { media: await addMedia(database.db, stored, input.uploader.id, now), existing: false };
}

/** Changes an item's caption, credit or alt (the editor, or its uploader). */
export async function editMedia(database: Database, actor: Actor, id: number, text: MediaText): Promise<MediaItem> {
  const item = await getMedia(database.db, id);
  if (!item) throw errors.notFound(`Media ${id}`);
  if (!mayEditMedia(actor, item)) throw errors.forbidden('Only an editor or the person who uploaded it may change this photo');
  requireCreditAndAlt({ credit: text.credit ?? item.credit, alt: text.alt ?? item.alt });
  return (await updateMediaText(database.db, id, text)) ?? item;
}
