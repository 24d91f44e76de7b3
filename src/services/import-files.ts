import fs from 'node:fs/promises';
import path from 'node:path';
import { errors } from '../core/errors.js';

/** The files an import names: how many, and in batches, in order. */
export interface ImportListing {
  total: number;
  batches(size: number): Generator<string[]>;
}

/**
 * The .txt files named, or found in a named folder, in the order of their names. A folder keeps
 * only its files' names (not their paths, made a batch at a time): the one thing an import holds
 * per file, some 50 bytes, so that the order is the names' whatever the folder's own.
 */
export async function listImportFiles(inputs: string[]): Promise<ImportListing> {
  const parts: Array<{ dir: string; names: string[] } | { file: string }> = [];
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => null);
    if (!stat) throw errors.importFile(input, 'no such file or folder');
    if (stat.isDirectory()) parts.push({ dir: input, names: (await fs.readdir(input)).filter((n) => n.endsWith('.txt')).sort() });
    else parts.push({ file: input });
  }
  return {
    total: parts.reduce((n, p) => n + ('file' in p ? 1 : p.names.length), 0),
    *batches(size) {
      let batch: string[] = [];
      for (const p of parts) {
        const files = 'file' in p ? [p.file] : p.names;
        for (let i = 0; i < files.length; i++) {
          batch.push('file' in p ? p.file : path.join(p.dir, files[i]!));
          if (batch.length === size) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length) yield batch;
    },
  };
}
