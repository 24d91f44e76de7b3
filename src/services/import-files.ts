import fs from 'node:fs/promises';
import path from 'node:path';
import { errors } from '../core/errors.js';

/**
 * The files an import names: how many, and a cursor over them in order. A batch is cut where its
 * reading says (by count or by bytes: import-read.ts), so the caller looks ahead with `peek` and
 * moves on by as many as were read.
 */
export interface ImportListing {
  total: number;
  /** Up to `count` paths from where the cursor is, without moving it. */
  peek(count: number): string[];
  /** Moves the cursor past `count` paths. */
  advance(count: number): void;
  /** No path is left. */
  readonly done: boolean;
}

type Part = { dir: string; names: string[] } | { file: string };

/**
 * The .txt files named, or found in a named folder, in the order of their names. A folder keeps
 * only its files' names (not their paths, made a batch at a time): the one thing an import holds
 * per file, some 50 bytes, so that the order is the names' whatever the folder's own. (Sorting
 * needs them all; the outcomes, texts and rows are a batch's only.)
 */
export async function listImportFiles(inputs: string[]): Promise<ImportListing> {
  const parts: Part[] = [];
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => null);
    if (!stat) throw errors.importFile(input, 'no such file or folder');
    if (stat.isDirectory()) parts.push({ dir: input, names: (await fs.readdir(input)).filter((n) => n.endsWith('.txt')).sort() });
    else parts.push({ file: input });
  }
  const lengthOf = (p: Part) => ('file' in p ? 1 : p.names.length);
  const pathAt = (p: Part, i: number) => ('file' in p ? p.file : path.join(p.dir, p.names[i]!));
  // The cursor: a part and a place in it.
  let part = 0;
  let index = 0;
  const skipEmpty = () => {
    while (part < parts.length && index >= lengthOf(parts[part]!)) {
      // A folder's names are dropped once passed.
      if ('names' in parts[part]!) parts[part] = { dir: '', names: [] };
      part++;
      index = 0;
    }
  };
  const total = parts.reduce((n, p) => n + lengthOf(p), 0);
  skipEmpty();
  return {
    total,
    peek(count) {
      const out: string[] = [];
      for (let p = part, i = index; p < parts.length && out.length < count; p++, i = 0) {
        for (; i < lengthOf(parts[p]!) && out.length < count; i++) out.push(pathAt(parts[p]!, i));
      }
      return out;
    },
    advance(count) {
      for (let left = count; left > 0 && part < parts.length; ) {
        const step = Math.min(left, lengthOf(parts[part]!) - index);
        index += step;
        left -= step;
        skipEmpty();
      }
    },
    get done() {
      return part >= parts.length;
    },
  };
}
