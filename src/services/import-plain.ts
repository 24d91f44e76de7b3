import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { errors, isShpaltaError, ShpaltaError } from '../core/errors.js';
import { ARTICLE_LIMITS, DEFAULT_IMPORT_LIMITS, MAX_SECTION_DEPTH, NAME_LIMITS, tooLong, tooMany, type ImportLimits } from '../core/limits.js';
import { decodeUtf8 } from '../core/untrusted-text.js';
import { kyivLocalToUtc } from '../core/kyiv-time.js';
import { changeKeys } from '../core/change-keys.js';
import { articlePath, type ArticleStatus, type SectionRef } from '../core/model.js';
import { parsePlainArticle, type ParsedPlainArticle } from '../core/plain-text/parse.js';
import { slugify } from '../core/slug.js';
import { splitSectionWords, splitTags } from '../core/tag-split.js';
import type { Kysely } from 'kysely';
import { inTransaction, type Database } from '../storage/database.js';
import type { Store } from '../storage/engine.js';
import type { Schema } from '../storage/schema.js';
import { sha256, type MediaStore } from '../storage/media-store.js';
import { ingestImage } from './media-ingest.js';
import { MAX_PIXELS } from './newsroom/media-upload.js';
import { findByExternalId, freeArticleSlug, freeArticleSlugs, importedByExternalIds, saveArticle, type ArticleInput, type StoredArticle } from '../storage/repositories/articles.js';
import { insertArticles } from '../storage/repositories/article-batch.js';
import { toDate, toFlag } from '../storage/values.js';
import { recordChange } from '../storage/repositories/change-log.js';
import { ensureMedia, type NewMedia } from '../storage/repositories/media.js';
import { ImportCatalogue } from './import-catalogue.js';

export interface ImportDeps {
  database: Database;
  media: MediaStore;
  now?: () => Date;
  /** This process's caches, told at once; others learn from the change log. */
  changes?: { notify(keys: string[]): void };
  /** How large a file and its photo may be (DEFAULT_IMPORT_LIMITS where not given). */
  limits?: Partial<ImportLimits>;
}

export interface ImportedArticle {
  file: string;
  id: number;
  path: string;
  created: boolean;
  /** The file was imported before exactly as it is: nothing was written. */
  unchanged: boolean;
  /** Cache keys the import changed (also recorded in content_changes). */
  changed: string[];
}

export type ImportOutcome = { ok: true; article: ImportedArticle } | { ok: false; file: string; error: ShpaltaError };

const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.avif'];

/** Files written together in one transaction by a folder import (a failure redoes them one by one). */
export const IMPORT_BATCH = 1000;

export interface ImportOptions {
  /** Files per transaction (default IMPORT_BATCH); 1 writes each alone. */
  batch?: number;
  /** Called once with how many files the inputs name, before any is read. */
  onStart?: (total: number) => void;
  /** Called with the number of files behind us after each batch, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Imports every .txt file named, or found in a named folder. Files are read and checked first;
 * then written in batches of IMPORT_BATCH per transaction, so a kill leaves whole articles or
 * none, and a re-run skips what is already in (by file name and content hash). New articles of a
 * batch are written together with multi-row statements (`insertArticles`); a file that updates
 * an article it imported before goes through `saveArticle`. A bad file is reported and the others
 * still import; a batch the database refuses is redone file by file so that only the culprit
 * fails. Outcomes arrive in file order through `onOutcome`.
 */
export async function importPaths(deps: ImportDeps, inputs: string[], onOutcome: (o: ImportOutcome) => void = () => {}, options: ImportOptions = {}): Promise<ImportOutcome[]> {
  const files = await expandInputs(inputs);
  options.onStart?.(files.length);
  const outcomes: ImportOutcome[] = [];
  const size = Math.max(1, options.batch ?? IMPORT_BATCH);
  const catalogue = await ImportCatalogue.preloaded(deps.database.db);
  const failure = (file: string, e: unknown): ImportOutcome => ({ ok: false, file, error: isShpaltaError(e) ? e : errors.importFile(file, (e as Error).message ?? String(e), e) });
  for (let i = 0; i < files.length; i += size) {
    const slice = files.slice(i, i + size);
    const results = new Map<string, ImportOutcome>();
    const ready: Prepared[] = [];
    const prepared = await mapLimited(slice, READ_AHEAD, (file) => prepareFile(deps, file).catch((e: unknown) => e));
    slice.forEach((file, k) => {
      const p = prepared[k];
      if (p instanceof Error || !isPrepared(p)) results.set(file, failure(file, p));
      else ready.push(p);
    });
    const stored = await storedByExternalId(deps.database, ready.map((p) => p.externalId));
    const toWrite: Prepared[] = [];
    for (const p of ready) {
      const s = stored.get(p.externalId);
      if (s && s.source_hash === p.sourceHash) results.set(p.file, { ok: true, article: unchangedArticle(p.file, s) });
      else toWrite.push(p);
    }
    const now = deps.now?.() ?? new Date();
    let written: ImportedArticle[] | null = null;
    if (toWrite.length > 1) {
      try {
        written = await inTransaction(deps.database, (tx) => writeBatch(tx, toWrite, stored, now, catalogue));
        catalogue.commit();
      } catch {
        catalogue.rollback();
        written = null;
      }
    }
    if (written) {
      for (const a of written) results.set(a.file, { ok: true, article: a });
      deps.changes?.notify([...new Set(written.flatMap((a) => a.changed))]);
    } else {
      for (const p of toWrite) {
        try {
          results.set(p.file, { ok: true, article: await writeOne(deps, p, now, catalogue) });
        } catch (e) {
          results.set(p.file, failure(p.file, e));
        }
      }
    }
    for (const file of slice) {
      const o = results.get(file)!;
      outcomes.push(o);
      onOutcome(o);
    }
    options.onProgress?.(Math.min(files.length, i + size), files.length);
  }
  return outcomes;
}

/** Files read (and their photos checked) at once while preparing a batch. */
const READ_AHEAD = 8;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const isPrepared = (p: unknown): p is Prepared => typeof p === 'object' && p !== null && 'parsed' in p;

async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => null);
    if (!stat) throw errors.importFile(input, 'no such file or folder');
    if (stat.isDirectory()) {
      const names = (await fs.readdir(input)).filter((n) => n.endsWith('.txt')).sort();
      files.push(...names.map((n) => path.join(input, n)));
    } else files.push(input);
  }
  return files;
}

/** A file read, parsed and its photo stored: all that can fail before the database is touched. */
interface Prepared {
  file: string;
  parsed: ParsedPlainArticle;
  photo: NewMedia | null;
  externalId: string;
  sourceHash: string;
}

async function prepareFile(deps: ImportDeps, file: string): Promise<Prepared> {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...deps.limits };
  const bytes = readBounded(file, limits.maxFileBytes);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw errors.importFormat(file, decoded.line, decoded.message);
  const text = decoded.text;
  const parsed = parsePlainArticle(text, file);
  const photo = parsed.photo ? await storePhotoBeside(deps.media, file, parsed.photo, limits.maxPhotoBytes) : null;
  return {
    file,
    parsed,
    photo,
    externalId: path.basename(file).replace(/\.txt$/i, ''),
    sourceHash: sha256(Buffer.from(`${text}\n${photo?.sha256 ?? ''}`)),
  };
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

/** Looked up by the file's name: what the import compares and keeps. */
const storedByExternalId = (database: Database, ids: string[]) => importedByExternalIds(database.db, ids);

/** Unchanged: nothing is written, so its dateModified and every cache stay as they are. */
const unchangedArticle = (file: string, stored: StoredArticle): ImportedArticle => ({
  file,
  id: stored.id,
  path: articlePath({ id: stored.id, slug: stored.slug, sections: stored.sections }),
  created: false,
  unchanged: true,
  changed: [],
});

/** Imports one file. The same file (by base name) imported again updates its article. */
export async function importPlainFile(deps: ImportDeps, file: string): Promise<ImportedArticle> {
  const prepared = await prepareFile(deps, file);
  const stored = (await storedByExternalId(deps.database, [prepared.externalId])).get(prepared.externalId);
  if (stored && stored.source_hash === prepared.sourceHash) return unchangedArticle(file, stored);
  return writeOne(deps, prepared, deps.now?.() ?? new Date(), new ImportCatalogue());
}

async function writeOne(deps: ImportDeps, p: Prepared, now: Date, catalogue: ImportCatalogue): Promise<ImportedArticle> {
  try {
    const imported = await inTransaction(deps.database, async (tx) => {
      // Read inside the transaction: an earlier file of the same failed batch may have made it.
      const stored = await findByExternalId(tx.db, p.externalId);
      const [a] = await writeBatch(tx, [p], new Map(stored ? [[p.externalId, stored]] : []), now, catalogue);
      return a!;
    });
    catalogue.commit();
    deps.changes?.notify(imported.changed);
    return imported;
  } catch (e) {
    catalogue.rollback();
    throw e;
  }
}

/** An article as the file gives it, its names resolved to ids; the slug is chosen last. */
interface Resolved {
  prepared: Prepared;
  stored: Pick<StoredArticle, 'id' | 'status' | 'is_main' | 'is_breaking' | 'updated_at'> | null;
  input: Omit<ArticleInput, 'slug'>;
  chain: SectionRef[];
  /** Keys changed by creating sections. */
  structural: string[];
}

/**
 * Writes prepared files in the caller's transaction: the new articles together through
 * insertArticles, the ones imported before one by one through saveArticle (both end in the
 * write path, which records their changes), and records the sections made for them. Returns
 * them in the order given.
 */
async function writeBatch(store: Store, prepared: Prepared[], stored: Map<string, NonNullable<Resolved['stored']>>, now: Date, catalogue: ImportCatalogue): Promise<ImportedArticle[]> {
  const trx = store.db;
  const resolved: Resolved[] = [];
  for (const p of prepared) resolved.push(await resolve(trx, p, stored.get(p.externalId) ?? null, now, catalogue));
  const out = new Map<Resolved, ImportedArticle>();
  const imported = (r: Resolved, id: number, slug: string, changed: string[]): ImportedArticle => ({
    file: r.prepared.file,
    id,
    path: articlePath({ id, slug, sections: r.chain }),
    created: r.stored === null,
    unchanged: false,
    changed: [...changed, ...r.structural],
  });

  const fresh = resolved.filter((r) => r.stored === null);
  const slugs = await freeArticleSlugs(trx, fresh.map((r) => slugify(r.input.title)), null, catalogue.slugHints);
  const articles = fresh.map((r, k) => ({ input: { ...r.input, slug: slugs[k]! }, now }));
  const { ids, changed } = await insertArticles(store, articles);
  // The batch's keys are recorded once; the first new article carries them.
  fresh.forEach((r, k) => out.set(r, imported(r, ids[k]!, slugs[k]!, k === 0 ? changed : [changeKeys.article(ids[k]!)])));

  for (const r of resolved.filter((r) => r.stored !== null)) {
    const id = r.stored!.id;
    const slug = await freeArticleSlug(trx, slugify(r.input.title), id);
    const saved = await saveArticle(store, id, { ...r.input, slug }, now);
    out.set(r, imported(r, id, slug, saved.changed));
  }
  await recordChange(trx, [...new Set(resolved.flatMap((r) => r.structural))], now);
  return resolved.map((r) => out.get(r)!);
}

async function resolve(trx: Kysely<Schema>, p: Prepared, stored: Resolved['stored'], now: Date, catalogue: ImportCatalogue): Promise<Resolved> {
  const { parsed, photo, externalId, sourceHash } = p;
  const structural: string[] = [];
  const sectionNames = splitSectionWords(parsed.sectionWords, await catalogue.sectionNames(trx));
  const tagNames = splitTags(parsed.tagWords, await catalogue.tagsFor(trx, parsed.tagWords));
  checkGrouped(p.file, parsed, sectionNames, tagNames.map((t) => t.name));
  const chain = await catalogue.sectionPath(trx, sectionNames, now, structural);
  const authors = [];
  for (const name of parsed.authors) authors.push(await catalogue.author(trx, name, now));
  const tags = [];
  for (const tag of tagNames) tags.push(await catalogue.tag(trx, tag, now));
  const media = photo ? await ensureMedia(trx, photo, now) : null;
  const { publishedAt, timeKnown } = publicationTime(parsed);
  // The flags, and an editor's decision to take the article down, are the newsroom's, not the file's.
  const status: ArticleStatus = stored?.status === 'unpublished' ? 'unpublished' : publishedAt > now ? 'scheduled' : 'published';
  return {
    prepared: p,
    stored,
    chain,
    structural,
    input: {
      externalId,
      sourceHash,
      title: parsed.title,
      subtitle: null,
      lead: parsed.lead,
      body: parsed.body,
      status,
      sectionId: chain.at(-1)?.id ?? null,
      source: parsed.source,
      photo: parsed.photo ? { mediaId: media?.id ?? null, caption: parsed.photo.caption, credit: parsed.photo.credit, alt: parsed.photo.caption } : null,
      recap: parsed.recap ? { paragraphs: parsed.recap, articleIds: [] } : null,
      publishedAt,
      publishedTimeKnown: timeKnown,
      isMain: toFlag(stored?.is_main ?? 0),
      isBreaking: toFlag(stored?.is_breaking ?? 0),
      authorIds: authors.map((a) => a.id),
      tagIds: tags.map((t) => t.id),
      editedAt: editedAt(stored, publishedAt),
    },
  };
}

/**
 * The limits that depend on how the breadcrumb and the tag line group into names, which needs
 * the names already stored (core/plain-text/parse.ts checks the rest).
 */
function checkGrouped(file: string, parsed: ParsedPlainArticle, sections: string[], tags: string[]) {
  const fail = (line: number, message: string) => errors.importFormat(file, line, message);
  if (sections.length > MAX_SECTION_DEPTH) throw fail(1, `the section path '${sections.join(' › ')}' is ${sections.length} levels deep; sections go ${MAX_SECTION_DEPTH} levels deep at most`);
  const longSection = sections.find((n) => n.length > NAME_LIMITS.section);
  if (longSection) throw fail(1, tooLong('a section name', longSection.length, NAME_LIMITS.section));
  const tagLine = parsed.tagLine ?? 1;
  if (tags.length > ARTICLE_LIMITS.tags) throw fail(tagLine, tooMany('tags', tags.length, ARTICLE_LIMITS.tags));
  const longTag = tags.find((n) => n.length > NAME_LIMITS.tag);
  if (longTag) throw fail(tagLine, tooLong('a tag', longTag.length, NAME_LIMITS.tag));
}

/**
 * The story's last editorial change as far as the file tells: its publication (the format has
 * no date of change), or a later change already stored (an editor's), never the import's own
 * time. A changed file re-imported keeps the date it had.
 */
function editedAt(stored: Resolved['stored'], publishedAt: Date): Date {
  const before = stored ? toDate(stored.updated_at) : null;
  return before && before > publishedAt ? before : publishedAt;
}

/** A day without a time is taken as the start of that day in Kyiv. */
function publicationTime(p: ParsedPlainArticle): { publishedAt: Date; timeKnown: boolean } {
  const { year, month, day, hour, minute } = p.date;
  return { publishedAt: kyivLocalToUtc(year, month, day, hour ?? 0, minute ?? 0), timeKnown: hour !== null };
}

/**
 * The lead photo of 'x.txt' is 'x.jpg' (or .png, .webp, .avif) beside it, checked by content and
 * held to the upload's limits: its size before it is read, its pixels before they are decoded.
 */
async function storePhotoBeside(store: MediaStore, file: string, meta: { caption: string; credit: string }, maxBytes: number): Promise<NewMedia | null> {
  const base = file.replace(/\.txt$/i, '');
  for (const ext of PHOTO_EXTENSIONS) {
    const stat = await fs.stat(base + ext).catch(() => null);
    if (!stat?.isFile()) continue;
    if (stat.size > maxBytes) throw errors.importFile(base + ext, `is ${kb(stat.size)}; a photo may be at most ${kb(maxBytes)} (MAX_UPLOAD_MB)`);
    const bytes = await fs.readFile(base + ext);
    return ingestImage(store, bytes, base + ext, { ...meta, alt: meta.caption }, { maxPixels: MAX_PIXELS });
  }
  return null;
}
