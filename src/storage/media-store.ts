import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where media files live. Local disk now; an S3-compatible store implements the same four
 * calls. Keys are content-addressed ('ab/abcdef….jpg'), so writing a file twice is harmless
 * and a failed transaction leaves at most an unreferenced file, never a broken reference.
 */
export interface MediaStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Absolute file path for serving, or null when the store is not on local disk. */
  localPath(key: string): string | null;
  exists(key: string): Promise<boolean>;
  /** The stored file's size in bytes, or null when there is none. */
  size(key: string): Promise<number | null>;
}

export function localMediaStore(root: string): MediaStore {
  const resolve = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`media key escapes the store: ${key}`);
    return full;
  };
  return {
    async put(key, bytes) {
      const full = resolve(key);
      await fs.mkdir(path.dirname(full), { recursive: true });
      const tmp = `${full}.${process.pid}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, full);
    },
    localPath: resolve,
    async exists(key) {
      return fs.access(resolve(key)).then(
        () => true,
        () => false,
      );
    },
    async size(key) {
      return fs.stat(resolve(key)).then(
        (s) => s.size,
        () => null,
      );
    },
  };
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function mediaKey(hash: string, extension: string): string {
  return `${hash.slice(0, 2)}/${hash}.${extension}`;
}
