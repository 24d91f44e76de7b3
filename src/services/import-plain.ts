import fs from 'node:fs/promises';
import { errors, isShpaltaError, ShpaltaError } from '../core/errors.js';
import { ARTICLE_LIMITS, DEFAULT_IMPORT_LIMITS, MAX_SECTION_DEPTH, NAME_LIMITS, tooLong, tooMany, type ImportLimits } from '../core/limits.js';
import { changeKeys } from '../core/change-keys.js';
import { articlePath, type ArticleStatus, type SectionRef } from '../core/model.js';
import { richText } from '../core/rich-text.js';
import type { ParsedPlainArticle } from '../core/plain-text/parse.js';
import type { TextTerms } from '../core/search/document.js';
import { splitSectionWords, splitTags } from '../core/tag-split.js';
import type { Kysely } from 'kysely';
import { inTransaction, type Database } from '../storage/database.js';
import type { Store } from '../storage/engine.js';
import type { Schema } from '../storage/schema.js';
import type { MediaStore } from '../storage/media-store.js';
import { ingestImage } from './media-ingest.js';
import { MAX_PIXELS } from './newsroom/media-upload.js';
import { findByExternalId, freeArticleSlug, freeArticleSlugs, importedByExternalIds, saveArticle, type ArticleInput, type StoredArticle } from '../storage/repositories/articles.js';
import { insertArticles } from '../storage/repositories/article-batch.js';
import { toDate, toFlag } from '../storage/values.js';
import { recordChange } from '../storage/repositories/change-log.js';
import { ensureMedia, type NewMedia } from '../storage/repositories/media.js';
import { ImportCatalogue } from './import-catalogue.js';
import { listImportFiles } from './import-files.js';
import { readInPlace, readInWorker, sourceHashOf, type BatchReader, type ReadArticle, type ReadResult } from './import-read.js';

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

/** Bytes of text read into one batch at most, by default (ImportOptions.memoryMb sets it). */
export const IMPORT_BATCH_BYTES = 8 * 1024 * 1024;

export interface ImportOptions {
  /** Files per transaction (default IMPORT_BATCH); 1 writes each alone. */
  batch?: number;
  /**
   * The heap this import runs in, in MB, when the caller bounds it (the command line runs the
   * import in a thread of that size, IMPORT_MEMORY_MB): batches are held to a share of it in
   * bytes of text, and the reading thread to half of it. Outgrowing either is IMPORT_MEMORY.
   */
  memoryMb?: number;
  /** Called once with how many files the inputs name, before any is read. */
  onStart?: (total: number) => void;
  /**
   * Called with the first file not yet written, before the first batch and after each: the
   * files before it are in (where an import stopped by IMPORT_MEMORY goes on).
   */
  onPending?: (file: string) => void;
  /** Called with the number of files behind us after each batch, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Imports every .txt file named, or found in a named folder, and returns the outcomes (see
 * importEach, which does the work without keeping them: a bulk import of a million files).
 */
export async function importPaths(deps: ImportDeps, inputs: string[], onOutcome: (o: ImportOutcome) => void = () => {}, options: ImportOptions = {}): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  await importEach(
    deps,
    inputs,
    (o) => {
      outcomes.push(o);
      onOutcome(o);
    },
    options,
  );
  return outcomes;
}

/**
 * The bytes of text a batch may hold in a heap of `memoryMb`: some 16 MB of it are the code and
 * the catalogue, and a batch's text is held several times over (the file, its parse, its search
 * terms, its rows) while the next one is read; 32 MB import files of 1 MB, 96 MB batches of 5 MB
 * (more than 1,000 files of a common length).
 */
const batchBytesFor = (memoryMb: number) => Math.max(256 * 1024, Math.floor(((memoryMb - 16) * 1024 * 1024) / 16));

/** Above this many files the files are read in another thread, ahead of the writer. */
const READ_IN_WORKER_ABOVE = 2 * IMPORT_BATCH;

/**
 * Imports every .txt file named, or found in a named folder (in the order of their names). Files
 * are read and checked first, a batch ahead of the writer (in a worker thread when there are
 * many); then written in batches of IMPORT_BATCH per transaction, so a kill leaves whole
 * articles or none, and a re-run skips what is already in (by file name and content hash). New
 * articles of a batch are written together with multi-row statements (`insertArticles`); a file
 * that updates an article it imported before goes through `saveArticle`. A bad file is reported
 * and the others still import; a batch the database refuses is redone file by file so that only
 * the culprit fails. Outcomes arrive in file order through `onOutcome` and are not kept: memory
 * holds two batches whatever the number of files.
 */
export async function importEach(deps: ImportDeps, inputs: string[], onOutcome: (o: ImportOutcome) => void, options: ImportOptions = {}): Promise<void> {
  const listing = await listImportFiles(inputs);
  options.onStart?.(listing.total);
  const size = Math.max(1, options.batch ?? IMPORT_BATCH);
  const maxBytes = options.memoryMb ? batchBytesFor(options.memoryMb) : IMPORT_BATCH_BYTES;
  const maxFileBytes = { ...DEFAULT_IMPORT_LIMITS, ...deps.limits }.maxFileBytes;
  const reader: BatchReader = listing.total > READ_IN_WORKER_ABOVE ? readInWorker(maxFileBytes, options.memoryMb && Math.max(16, Math.floor(options.memoryMb / 2))) : readInPlace(maxFileBytes);
  // The next batch is read while this one is written: asked for from where this one ended.
  const readNext = () => {
    if (listing.done) return null;
    const files = listing.peek(size);
    const read = reader.read(files, maxBytes).then((r) => (listing.advance(r.length), r));
    return { first: files[0]!, read };
  };
  try {
    const catalogue = await ImportCatalogue.preloaded(deps.database.db);
    let done = 0;
    if (!listing.done) options.onPending?.(listing.peek(1)[0]!);
    for (let reading = readNext(); reading; ) {
      const read = await reading.read.catch((e: unknown) => {
        // The reading thread outgrew its heap (half the import's).
        throw (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' && options.memoryMb ? errors.importMemory(options.memoryMb, reading!.first) : e;
      });
      reading = readNext();
      for (const o of await importBatch(deps, read, catalogue)) onOutcome(o);
      done += read.length;
      options.onProgress?.(done, listing.total);
      if (reading) options.onPending?.(reading.first);
    }
  } finally {
    await reader.close();
  }
}

type Failed = Extract<ImportOutcome, { ok: false }>;
const failure = (file: string, e: unknown): Failed => ({ ok: false, file, error: isShpaltaError(e) ? e : errors.importFile(file, (e as Error).message ?? String(e), e) });

/** Writes one batch of files read; returns their outcomes in the order given. */
async function importBatch(deps: ImportDeps, read: ReadResult[], catalogue: ImportCatalogue): Promise<ImportOutcome[]> {
  const results = new Map<string, ImportOutcome>();
  const ready: Prepared[] = [];
  const prepared = await mapLimited(read, PHOTOS_AT_ONCE, (r): Promise<Prepared | Failed> => (r.ok ? prepareRead(deps, r.article).catch((e: unknown) => failure(r.article.file, e)) : Promise.resolve(r)));
  for (const p of prepared) {
    if ('ok' in p) results.set(p.file, p);
    else ready.push(p);
  }
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
  return read.map((r) => results.get(r.ok ? r.article.file : r.file)!);
}

/** Photos checked and stored at once while preparing a batch. */
const PHOTOS_AT_ONCE = 8;

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

/** A file read, parsed and its photo stored: all that can fail before the database is touched. */
interface Prepared {
  file: string;
  parsed: ParsedPlainArticle;
  photo: NewMedia | null;
  externalId: string;
  sourceHash: string;
  terms: TextTerms;
  when: ReadArticle['when'];
  slugBase: string;
}

/** A file read (import-read.ts) with the photo beside it stored, when it names one. */
async function prepareRead(deps: ImportDeps, read: ReadArticle): Promise<Prepared> {
  const { file, parsed, externalId, terms, when, slugBase } = read;
  if (!parsed.photo) return { file, parsed, photo: null, externalId, sourceHash: read.sourceHash!, terms, when, slugBase };
  const maxPhotoBytes = { ...DEFAULT_IMPORT_LIMITS, ...deps.limits }.maxPhotoBytes;
  const photo = await storePhotoBeside(deps.media, file, parsed.photo, maxPhotoBytes);
  return { file, parsed, photo, externalId, sourceHash: sourceHashOf(read.text!, photo?.sha256 ?? null), terms, when, slugBase };
}

async function prepareFile(deps: ImportDeps, file: string): Promise<Prepared> {
  const [read] = await readInPlace({ ...DEFAULT_IMPORT_LIMITS, ...deps.limits }.maxFileBytes).read([file], Infinity);
  if (!read!.ok) throw read!.error;
  return prepareRead(deps, read!.article);
}

const kb = (n: number) => `${Math.ceil(n / 1024).toLocaleString('en')} KB`;

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
  /** Its tags' names as stored, in order (what its search entry holds). */
  tagNames: string[];
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
  const slugs = await freeArticleSlugs(trx, fresh.map((r) => r.prepared.slugBase), null, catalogue.slugHints);
  // Their text was analysed when read, and their tags are in hand: the index needs neither again.
  const articles = fresh.map((r, k) => ({ input: { ...r.input, slug: slugs[k]! }, now, known: { terms: r.prepared.terms, tagNames: r.tagNames } }));
  const { ids, changed } = await insertArticles(store, articles);
  // The batch's keys are recorded once; the first new article carries them.
  fresh.forEach((r, k) => out.set(r, imported(r, ids[k]!, slugs[k]!, k === 0 ? changed : [changeKeys.article(ids[k]!)])));

  for (const r of resolved.filter((r) => r.stored !== null)) {
    const id = r.stored!.id;
    const slug = await freeArticleSlug(trx, r.prepared.slugBase, id);
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
  const { publishedAt, timeKnown } = p.when;
  // The flags, and an editor's decision to take the article down, are the newsroom's, not the file's.
  const status: ArticleStatus = stored?.status === 'unpublished' ? 'unpublished' : publishedAt > now ? 'scheduled' : 'published';
  return {
    prepared: p,
    stored,
    chain,
    tagNames: tags.map((t) => t.name),
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
      recap: parsed.recap ? { paragraphs: parsed.recap.map((p) => richText(p)), articleIds: [] } : null,
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
