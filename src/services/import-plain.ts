import fs from 'node:fs/promises';
import path from 'node:path';
import { errors, isShpaltaError, ShpaltaError } from '../core/errors.js';
import { kyivLocalToUtc } from '../core/kyiv-time.js';
import { articlePath, type ArticleStatus } from '../core/model.js';
import { parsePlainArticle, type ParsedPlainArticle } from '../core/plain-text/parse.js';
import { slugify } from '../core/slug.js';
import { splitSectionWords, splitTags } from '../core/tag-split.js';
import type { Database } from '../storage/database.js';
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

/**
 * Imports every .txt file named, or found in a named folder, one transaction each: a bad file
 * is reported and the others still import. Outcomes arrive in file order through `onOutcome`.
 */
export async function importPaths(deps: ImportDeps, inputs: string[], onOutcome: (o: ImportOutcome) => void = () => {}): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (const file of await expandInputs(inputs)) {
    let outcome: ImportOutcome;
    try {
      outcome = { ok: true, article: await importPlainFile(deps, file) };
    } catch (e) {
      outcome = { ok: false, file, error: isShpaltaError(e) ? e : errors.importFile(file, (e as Error).message ?? String(e), e) };
    }
    outcomes.push(outcome);
    onOutcome(outcome);
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

/** Imports one file. The same file (by base name) imported again updates its article. */
export async function importPlainFile(deps: ImportDeps, file: string): Promise<ImportedArticle> {
  const text = await fs.readFile(file, 'utf8').catch((e: Error) => {
    throw errors.importFile(file, `cannot read: ${e.message}`, e);
  });
  const parsed = parsePlainArticle(text, file);
  const now = deps.now?.() ?? new Date();
  const photo = parsed.photo ? await storePhotoBeside(deps.media, file, parsed.photo) : null;
  const externalId = path.basename(file).replace(/\.txt$/i, '');
  const sourceHash = sha256(Buffer.from(`${text}\n${photo?.sha256 ?? ''}`));

  const stored = await findByExternalId(deps.database.db, externalId);
  if (stored && stored.source_hash === sourceHash) {
    // Unchanged: nothing is written, so its dateModified and every cache stay as they are.
    const chain = await sectionChainOfArticle(deps.database.db, stored.id);
    return { file, id: stored.id, path: articlePath({ id: stored.id, slug: stored.slug, sections: chain }), created: false, unchanged: true, changed: [] };
  }

  const imported = await deps.database.db.transaction().execute(async (trx) => {
    const sectionNames = splitSectionWords(parsed.sectionWords, await listSectionNames(trx));
    const structural: string[] = [];
    const sections = await ensureSectionPath(trx, sectionNames, now, structural);
    const authors = [];
    for (const name of parsed.authors) authors.push(await ensureAuthor(trx, name, now));
    const tags = [];
    for (const tag of splitTags(parsed.tagWords, await knownTagsFor(trx, parsed.tagWords))) tags.push(await ensureTag(trx, tag, now));
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
    await recordChange(trx, changed, now);
    return { file, id, path: articlePath({ id, slug, sections }), created: existingId === null, unchanged: false, changed };
  });
  deps.changes?.notify(imported.changed);
  return imported;
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
