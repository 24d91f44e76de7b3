import fs from 'node:fs/promises';
import path from 'node:path';
import { errors, isShpaltaError, ShpaltaError } from '../core/errors.js';
import { kyivLocalToUtc } from '../core/kyiv-time.js';
import { articlePath, type ArticleStatus, type TagKind } from '../core/model.js';
import type { NamedTag } from '../core/tag-split.js';
import { parsePlainArticle, type ParsedPlainArticle } from '../core/plain-text/parse.js';
import { slugify } from '../core/slug.js';
import { splitSectionWords, splitTags } from '../core/tag-split.js';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import type { Schema } from '../storage/schema.js';
import { sha256, type MediaStore } from '../storage/media-store.js';
import { ingestImage } from './media-ingest.js';
import { findByExternalId, freeArticleSlug, saveArticle } from '../storage/repositories/articles.js';
import { toFlag } from '../storage/values.js';
import { recordChange } from '../storage/repositories/listings.js';
import { ensureMedia, type NewMedia } from '../storage/repositories/media.js';
import { ensureAuthor, ensureTag, knownTagsFor } from '../storage/repositories/people-and-tags.js';
import { ensureSectionPath, listSectionNames, sectionChainOfArticle } from '../storage/repositories/sections.js';

export interface ImportDeps {
  database: Database;
  media: MediaStore;
  now?: () => Date;
  /** This process's caches, told at once; others learn from the change log. */
  changes?: { notify(keys: string[]): void };
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
export const IMPORT_BATCH = 250;

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
 * none, and a re-run skips what is already in (by file name and content hash). A bad file is
 * reported and the others still import; a batch the database refuses is redone file by file so
 * that only the culprit fails. Outcomes arrive in file order through `onOutcome`.
 */
export async function importPaths(deps: ImportDeps, inputs: string[], onOutcome: (o: ImportOutcome) => void = () => {}, options: ImportOptions = {}): Promise<ImportOutcome[]> {
  const files = await expandInputs(inputs);
  options.onStart?.(files.length);
  const outcomes: ImportOutcome[] = [];
  const size = Math.max(1, options.batch ?? IMPORT_BATCH);
  const known = await KnownNames.load(deps.database);
  const failure = (file: string, e: unknown): ImportOutcome => ({ ok: false, file, error: isShpaltaError(e) ? e : errors.importFile(file, (e as Error).message ?? String(e), e) });
  for (let i = 0; i < files.length; i += size) {
    const slice = files.slice(i, i + size);
    const results = new Map<string, ImportOutcome>();
    const ready: Prepared[] = [];
    for (const file of slice) {
      try {
        ready.push(await prepareFile(deps, file));
      } catch (e) {
        results.set(file, failure(file, e));
      }
    }
    const stored = await storedByExternalId(deps.database, ready.map((p) => p.externalId));
    const toWrite: Prepared[] = [];
    for (const p of ready) {
      const s = stored.get(p.externalId);
      if (s && s.source_hash === p.sourceHash) results.set(p.file, { ok: true, article: await unchangedArticle(deps, p.file, s) });
      else toWrite.push(p);
    }
    const now = deps.now?.() ?? new Date();
    let written: ImportedArticle[] | null = null;
    if (toWrite.length > 1) {
      const snapshot = known.snapshot();
      try {
        written = await deps.database.db.transaction().execute(async (trx) => {
          const out: ImportedArticle[] = [];
          for (const p of toWrite) out.push(await writePrepared(trx, p, now, known));
          await recordChange(trx, [...new Set(out.flatMap((a) => a.changed))], now);
          return out;
        });
      } catch {
        known.restore(snapshot);
        written = null;
      }
    }
    if (written) {
      for (const a of written) results.set(a.file, { ok: true, article: a });
      deps.changes?.notify([...new Set(written.flatMap((a) => a.changed))]);
    } else {
      for (const p of toWrite) {
        try {
          results.set(p.file, { ok: true, article: await writeOne(deps, p, now, known) });
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
  const text = await fs.readFile(file, 'utf8').catch((e: Error) => {
    throw errors.importFile(file, `cannot read: ${e.message}`, e);
  });
  const parsed = parsePlainArticle(text, file);
  const photo = parsed.photo ? await storePhotoBeside(deps.media, file, parsed.photo) : null;
  return {
    file,
    parsed,
    photo,
    externalId: path.basename(file).replace(/\.txt$/i, ''),
    sourceHash: sha256(Buffer.from(`${text}\n${photo?.sha256 ?? ''}`)),
  };
}

type StoredArticle = { id: number; external_id: string | null; source_hash: string | null; slug: string };

async function storedByExternalId(database: Database, ids: string[]): Promise<Map<string, StoredArticle>> {
  const out = new Map<string, StoredArticle>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await database.db.selectFrom('articles').select(['id', 'external_id', 'source_hash', 'slug']).where('external_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.external_id!, r);
  }
  return out;
}

async function unchangedArticle(deps: ImportDeps, file: string, stored: StoredArticle): Promise<ImportedArticle> {
  // Unchanged: nothing is written, so its dateModified and every cache stay as they are.
  const chain = await sectionChainOfArticle(deps.database.db, stored.id);
  return { file, id: stored.id, path: articlePath({ id: stored.id, slug: stored.slug, sections: chain }), created: false, unchanged: true, changed: [] };
}

/**
 * The tags and section names already stored, kept in memory for the length of an import so
 * that splitting each file's 'Теги:' line and breadcrumb reads nothing; what the import adds
 * joins them.
 */
class KnownNames {
  /** Tags by the first word of their name. */
  private byFirstWord = new Map<string, Map<string, NamedTag>>();

  private constructor(
    tags: NamedTag[],
    private sections: Set<string>,
  ) {
    this.addTags(tags);
  }

  static async load(database: Database): Promise<KnownNames> {
    const [tags, sections] = await Promise.all([database.db.selectFrom('tags').select(['name', 'kind']).execute(), listSectionNames(database.db)]);
    return new KnownNames(tags.map((t) => ({ name: t.name, kind: t.kind as TagKind })), new Set(sections));
  }

  /** Stored tags that could start at one of these words (what knownTagsFor answers from the database). */
  tagsFor(words: string[]): NamedTag[] {
    return [...new Set(words)].flatMap((w) => [...(this.byFirstWord.get(w)?.values() ?? [])]);
  }

  sectionNames(): string[] {
    return [...this.sections];
  }

  add(tags: NamedTag[], sections: string[]) {
    this.addTags(tags);
    for (const s of sections) this.sections.add(s);
  }

  private addTags(tags: NamedTag[]) {
    for (const t of tags) {
      const first = t.name.split(' ')[0]!;
      let named = this.byFirstWord.get(first);
      if (!named) this.byFirstWord.set(first, (named = new Map()));
      named.set(t.name, t);
    }
  }

  snapshot() {
    return { byFirstWord: new Map([...this.byFirstWord].map(([k, v]) => [k, new Map(v)])), sections: new Set(this.sections) };
  }

  restore(s: ReturnType<KnownNames['snapshot']>) {
    this.byFirstWord = s.byFirstWord;
    this.sections = s.sections;
  }
}

/** Imports one file. The same file (by base name) imported again updates its article. */
export async function importPlainFile(deps: ImportDeps, file: string): Promise<ImportedArticle> {
  const prepared = await prepareFile(deps, file);
  const stored = (await storedByExternalId(deps.database, [prepared.externalId])).get(prepared.externalId);
  if (stored && stored.source_hash === prepared.sourceHash) return unchangedArticle(deps, file, stored);
  return writeOne(deps, prepared, deps.now?.() ?? new Date(), null);
}

async function writeOne(deps: ImportDeps, p: Prepared, now: Date, known: KnownNames | null): Promise<ImportedArticle> {
  const snapshot = known?.snapshot();
  try {
    const imported = await deps.database.db.transaction().execute(async (trx) => {
      const a = await writePrepared(trx, p, now, known);
      await recordChange(trx, a.changed, now);
      return a;
    });
    deps.changes?.notify(imported.changed);
    return imported;
  } catch (e) {
    if (known && snapshot) known.restore(snapshot);
    throw e;
  }
}

/** Writes one prepared file's article (in the caller's transaction); the change log is the caller's. */
async function writePrepared(trx: Kysely<Schema>, p: Prepared, now: Date, known: KnownNames | null): Promise<ImportedArticle> {
  const { parsed, photo, file, externalId, sourceHash } = p;
  const sectionNames = splitSectionWords(parsed.sectionWords, known ? known.sectionNames() : await listSectionNames(trx));
  const structural: string[] = [];
  const sections = await ensureSectionPath(trx, sectionNames, now, structural);
  const authors = [];
  for (const name of parsed.authors) authors.push(await ensureAuthor(trx, name, now));
  const split = splitTags(parsed.tagWords, known ? known.tagsFor(parsed.tagWords) : await knownTagsFor(trx, parsed.tagWords));
  const tags = [];
  for (const tag of split) tags.push(await ensureTag(trx, tag, now));
  known?.add(tags.map((t) => ({ name: t.name, kind: t.kind })), sections.map((s) => s.name));
  const media = photo ? await ensureMedia(trx, photo, now) : null;

  const existing = await findByExternalId(trx, externalId);
  const existingId = existing?.id ?? null;
  const { publishedAt, timeKnown } = publicationTime(parsed);
  // The flags, and an editor's decision to take the article down, are the newsroom's, not the file's.
  const status: ArticleStatus = existing?.status === 'unpublished' ? 'unpublished' : publishedAt > now ? 'scheduled' : 'published';
  const slug = await freeArticleSlug(trx, slugify(parsed.title), existingId);
  const { id, changed } = await saveArticle(
    trx,
    existingId,
    {
      externalId,
      sourceHash,
      slug,
      title: parsed.title,
      subtitle: null,
      lead: parsed.lead,
      body: parsed.body,
      status,
      sectionId: sections.at(-1)?.id ?? null,
      source: parsed.source,
      photo: parsed.photo ? { mediaId: media?.id ?? null, caption: parsed.photo.caption, credit: parsed.photo.credit, alt: parsed.photo.caption } : null,
      recap: parsed.recap ? { paragraphs: parsed.recap, articleIds: [] } : null,
      publishedAt,
      publishedTimeKnown: timeKnown,
      isMain: toFlag(existing?.is_main ?? 0),
      isBreaking: toFlag(existing?.is_breaking ?? 0),
      authorIds: authors.map((a) => a.id),
      tagIds: tags.map((t) => t.id),
    },
    now,
  );
  changed.push(...structural);
  return { file, id, path: articlePath({ id, slug, sections }), created: existingId === null, unchanged: false, changed };
}

/** A day without a time is taken as the start of that day in Kyiv. */
function publicationTime(p: ParsedPlainArticle): { publishedAt: Date; timeKnown: boolean } {
  const { year, month, day, hour, minute } = p.date;
  return { publishedAt: kyivLocalToUtc(year, month, day, hour ?? 0, minute ?? 0), timeKnown: hour !== null };
}

/** The lead photo of 'x.txt' is 'x.jpg' (or .png, .webp, .avif) beside it, checked by content. */
async function storePhotoBeside(store: MediaStore, file: string, meta: { caption: string; credit: string }): Promise<NewMedia | null> {
  const base = file.replace(/\.txt$/i, '');
  for (const ext of PHOTO_EXTENSIONS) {
    const bytes = await fs.readFile(base + ext).catch(() => null);
    if (bytes) return ingestImage(store, bytes, base + ext, { ...meta, alt: meta.caption });
  }
  return null;
}
