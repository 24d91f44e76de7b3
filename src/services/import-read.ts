import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { errors, isShpaltaError, type ShpaltaError } from '../core/errors.js';
import { parsePlainArticle, type ParsedPlainArticle } from '../core/plain-text/parse.js';
import { textTerms, type TextTerms } from '../core/search/document.js';
import { kyivLocalToUtc } from '../core/kyiv-time.js';
import { slugify } from '../core/slug.js';
import { decodeUtf8 } from '../core/untrusted-text.js';
import { sha256 } from '../storage/media-store.js';
import { heapLimits } from './thread-heap.js';

/**
 * An article file read, decoded, parsed and its text analysed for search: all the work on a
 * file that needs neither the database nor the media store, so that it can run in another
 * thread, ahead of the writer.
 */
export interface ReadArticle {
  file: string;
  parsed: ParsedPlainArticle;
  externalId: string;
  /**
   * The hash the import compares on a re-run: of the text, and of the photo beside it when the
   * file names one. Then the text comes along instead, for the caller to hash with the photo.
   */
  sourceHash: string | null;
  text: string | null;
  terms: TextTerms;
  /** When it was published: a day without a time is taken as the start of that day in Kyiv. */
  when: { publishedAt: Date; timeKnown: boolean };
  /** Its slug before a suffix that makes it free. */
  slugBase: string;
}

export type ReadResult = { ok: true; article: ReadArticle } | { ok: false; file: string; error: ShpaltaError };

/** The source hash of a file's text and of its photo's bytes (by their hash; '' without a photo). */
export const sourceHashOf = (text: string, photoSha256: string | null) => sha256(Buffer.from(`${text}\n${photoSha256 ?? ''}`));

export function readArticleFile(file: string, maxFileBytes: number): ReadArticle {
  return readArticleFrom(file, readBounded(file, maxFileBytes));
}

function readArticleFrom(file: string, bytes: Buffer): ReadArticle {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw errors.importFormat(file, decoded.line, decoded.message);
  const text = decoded.text;
  const parsed = parsePlainArticle(text, file);
  return {
    file,
    parsed,
    externalId: path.basename(file).replace(/\.txt$/i, ''),
    sourceHash: parsed.photo ? null : sourceHashOf(text, null),
    text: parsed.photo ? text : null,
    when: publicationTime(parsed),
    slugBase: slugify(parsed.title),
    terms: textTerms({
      title: parsed.title,
      subtitle: null,
      lead: parsed.lead,
      photoCaption: parsed.photo?.caption ?? null,
      body: parsed.body,
      recapParagraphs: parsed.recap ?? [],
    }),
  };
}

function publicationTime(p: ParsedPlainArticle): ReadArticle['when'] {
  const { year, month, day, hour, minute } = p.date;
  return { publishedAt: kyivLocalToUtc(year, month, day, hour ?? 0, minute ?? 0), timeKnown: hour !== null };
}

/** A file read, with its size in bytes (0 when it was refused before it was read). */
function readResult(file: string, maxFileBytes: number): { result: ReadResult; bytes: number } {
  let bytes = 0;
  try {
    const content = readBounded(file, maxFileBytes);
    bytes = content.length;
    return { result: { ok: true, article: readArticleFrom(file, content) }, bytes };
  } catch (e) {
    return { result: { ok: false, file, error: isShpaltaError(e) ? e : errors.importFile(file, (e as Error).message ?? String(e), e) }, bytes };
  }
}

/**
 * Reads files from the start of `files` until `maxBytes` of text are read (at least one file,
 * at most all): a batch is held to a size in bytes as well as in files, so that a batch of long
 * files cannot outgrow the heap a batch of short ones fits in.
 */
function readPrefix<T>(files: string[], maxBytes: number, read: (file: string) => { result: T; bytes: number }): T[] {
  const out: T[] = [];
  let bytes = 0;
  for (const file of files) {
    const { result, bytes: n } = read(file);
    out.push(result);
    bytes += n;
    if (bytes >= maxBytes) break;
  }
  return out;
}

const kb = (n: number) => `${Math.ceil(n / 1024).toLocaleString('en')} KB`;

/**
 * The file's bytes, refused unread past `max` (by its size first, then by what is read, should
 * it grow meanwhile): a 60 MB file would become a 60 MB page and feed. Read at once: for files
 * of a few kilobytes the promise API's round trips cost several times the read itself, and a
 * bulk import reads a hundred thousand of them.
 */
function readBounded(file: string, max: number): Buffer {
  const tooBig = (size: number) => errors.importFile(file, `is ${kb(size)}; an article file may be at most ${kb(max)} (IMPORT_MAX_FILE_KB)`);
  let fd: number;
  try {
    // A FIFO would block the open itself: only a regular file is opened.
    if (!statSync(file).isFile()) throw errors.importFile(file, 'is not a regular file');
    fd = openSync(file, 'r');
  } catch (e) {
    throw isShpaltaError(e) ? e : errors.importFile(file, `cannot read: ${(e as Error).message}`, e);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.size > max) throw tooBig(stat.size);
    let buffer = Buffer.allocUnsafe(stat.size + 1);
    let n = 0;
    for (;;) {
      if (n === buffer.length) {
        if (n > max) throw tooBig(n);
        const bigger = Buffer.allocUnsafe(Math.min(n * 2, max + 1));
        buffer.copy(bigger, 0, 0, n);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, n, buffer.length - n, null);
      if (read === 0) break;
      n += read;
    }
    if (n > max) throw tooBig(n);
    return buffer.subarray(0, n);
  } catch (e) {
    throw isShpaltaError(e) ? e : errors.importFile(file, `cannot read: ${(e as Error).message}`, e);
  } finally {
    closeSync(fd);
  }
}

/** What crosses from the reading thread: a ShpaltaError does not survive the copy as one. */
type WireResult = { ok: true; article: ReadArticle } | { ok: false; file: string; code: string; message: string; line: number | null };

/** The reading thread's side (import-read-worker.ts): reads a batch of files, in order, up to `maxBytes`. */
export function readForWire(files: string[], maxFileBytes: number, maxBytes: number): WireResult[] {
  return readPrefix<WireResult>(files, maxBytes, (file) => {
    const { result: r, bytes } = readResult(file, maxFileBytes);
    if (r.ok) return { result: r, bytes };
    return { result: { ok: false, file, code: r.error.code, message: r.error.message, line: r.error.location.line ?? null }, bytes };
  });
}

const fromWire = (r: WireResult): ReadResult =>
  r.ok ? r : { ok: false, file: r.file, error: r.code === 'IMPORT_FORMAT' ? errors.importFormat(r.file, r.line, r.message) : errors.importFile(r.file, r.message) };

/**
 * Reads batches of files, in this thread or in another one: from the start of `files`, until
 * `maxBytes` are read (see readPrefix), so the results may be fewer than the files asked.
 */
export interface BatchReader {
  read(files: string[], maxBytes: number): Promise<ReadResult[]>;
  close(): Promise<void>;
}

/** In this thread: for a few files, where starting a thread would cost more than it saves. */
export function readInPlace(maxFileBytes: number): BatchReader {
  return {
    read: async (files, maxBytes) => readPrefix(files, maxBytes, (file) => readResult(file, maxFileBytes)),
    close: async () => {},
  };
}

/**
 * In a worker thread, so that a bulk import reads and analyses the next batch while this thread
 * writes the current one (the writer is the slower of the two). Batches are answered in the
 * order asked; the caller keeps at most one ahead, so memory holds two batches at most. With
 * `heapMb` the thread's heap is bounded so: outgrowing it fails the reads with
 * ERR_WORKER_OUT_OF_MEMORY (the caller names it) instead of growing the process.
 */
export function readInWorker(maxFileBytes: number, heapMb?: number): BatchReader {
  const worker = new Worker(new URL('./import-read-worker.js', import.meta.url), {
    workerData: { maxFileBytes },
    ...(heapMb ? { resourceLimits: heapLimits(heapMb) } : {}),
  });
  const waiting: Array<{ resolve: (r: ReadResult[]) => void; reject: (e: unknown) => void }> = [];
  let failure: Error | null = null;
  const failAll = (e: Error) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(failure);
  };
  worker.on('message', (results: WireResult[]) => waiting.shift()?.resolve(results.map(fromWire)));
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the import's reading thread stopped (exit code ${code})`)));
  return {
    read(files, maxBytes) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage({ files, maxBytes });
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

