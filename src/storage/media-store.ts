import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { MediaStoreConfig } from '../config.js';

/**
 * Where media files live: a folder on this machine, or a bucket of an S3-compatible service
 * (media-store-s3.ts) that instances on several machines share. Keys are content-addressed
 * ('ab/abcdef….jpg'), so writing a file twice is harmless and a failed transaction leaves at
 * most an unreferenced file, never a broken reference.
 */
export interface MediaStore {
  /** Where the files are, for people: 'file:/srv/media' or 's3://bucket/prefix/'. */
  readonly location: string;
  put(key: string, bytes: Buffer): Promise<void>;
  /** The whole file, or null when there is none. */
  read(key: string): Promise<Buffer | null>;
  /** The file (or the part `range` asks for) as a stream, for serving; null when there is none. */
  open(key: string, range?: ByteRange): Promise<MediaRead | null>;
  /** Absolute file path, or null when the store is not on local disk. */
  localPath(key: string): string | null;
  exists(key: string): Promise<boolean>;
  /** The stored file's size in bytes, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** Every stored file, in no particular order. */
  list(): AsyncIterable<StoredFile>;
  /** Lets go of connections (an S3 client's sockets); the store is not used afterwards. */
  close(): void;
}

export interface StoredFile {
  key: string;
  size: number;
}

/** One range of a Range header: from `start` (to `end`, inclusive), or the last `suffix` bytes. */
export type ByteRange = { start: number; end?: number } | { suffix: number };

export type MediaRead =
  | { kind: 'body'; body: Readable; size: number; range: { start: number; end: number } | null }
  /** The range starts past the file's end (HTTP 416). */
  | { kind: 'unsatisfiable'; size: number };

/** The bytes `range` asks for in a file of `size` bytes, or null when none of them is there. */
export function resolveRange(range: ByteRange, size: number): { start: number; end: number } | null {
  if ('suffix' in range) return range.suffix > 0 && size > 0 ? { start: Math.max(0, size - range.suffix), end: size - 1 } : null;
  if (range.start >= size) return null;
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

/** The store MEDIA_STORE names; the S3 client is loaded only for an S3 store. */
export async function openMediaStore(config: MediaStoreConfig): Promise<MediaStore> {
  if (config.kind === 'file') return localMediaStore(config.dir);
  const { s3MediaStore } = await import('./media-store-s3.js');
  return s3MediaStore(config);
}

/** A file being written by `put`: never listed, never served. */
const PARTIAL = /\.\d+\.tmp$/;

export function localMediaStore(root: string): MediaStore {
  const resolve = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`media key escapes the store: ${key}`);
    return full;
  };
  const stat = (key: string) => fs.promises.stat(resolve(key)).then(
    (s) => (s.isFile() ? s : null),
    () => null,
  );
  return {
    location: `file:${path.resolve(root)}`,
    async put(key, bytes) {
      const full = resolve(key);
      await fs.promises.mkdir(path.dirname(full), { recursive: true });
      const tmp = `${full}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, bytes);
      await fs.promises.rename(tmp, full);
    },
    async read(key) {
      return fs.promises.readFile(resolve(key)).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'EISDIR') return null;
        throw e;
      });
    },
    async open(key, range) {
      const s = await stat(key);
      if (!s) return null;
      const part = range ? resolveRange(range, s.size) : null;
      if (range && !part) return { kind: 'unsatisfiable', size: s.size };
      return { kind: 'body', body: fs.createReadStream(resolve(key), part ?? {}), size: s.size, range: part };
    },
    localPath: resolve,
    async exists(key) {
      return (await stat(key)) !== null;
    },
    async size(key) {
      return (await stat(key))?.size ?? null;
    },
    async *list() {
      yield* walk(path.resolve(root), '');
    },
    close() {},
  };
}

/** The files under `dir`, folder by folder (a library of 100,000 images is never one array). */
async function* walk(dir: string, prefix: string): AsyncGenerator<StoredFile> {
  let handle: fs.Dir;
  try {
    handle = await fs.promises.opendir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for await (const e of handle) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full, `${prefix}${e.name}/`);
    else if (e.isFile() && !PARTIAL.test(e.name)) {
      const s = await fs.promises.stat(full).catch(() => null);
      if (s) yield { key: `${prefix}${e.name}`, size: s.size };
    }
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function mediaKey(hash: string, extension: string): string {
  return `${hash.slice(0, 2)}/${hash}.${extension}`;
}

/** The MIME type of a media file by its extension (every file the media route serves has one of these). */
export const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

export const mediaType = (key: string): string | undefined => MEDIA_TYPES[path.extname(key).slice(1).toLowerCase()];
