import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { blockMediaIds } from '../core/block-media.js';
import { changeKeys } from '../core/change-keys.js';
import { errors } from '../core/errors.js';
import { ARTICLE_LIMITS, articleOverLimit, MAX_SECTION_DEPTH, NAME_LIMITS, tooLong, tooMany } from '../core/limits.js';
import { RESERVED_ROOT_SLUGS, type Block, type Recap } from '../core/model.js';
import { articleRichTexts, linkedArticleIds } from '../core/rich-text.js';
import { inTransaction, type Database } from '../storage/database.js';
import { recordChange } from '../storage/repositories/change-log.js';
import { countContent, emptyDatabase, exportRecords, setMediaUploaders, writeBatch } from '../storage/repositories/site-records.js';
import { hashPassword } from './newsroom/auth.js';
import { EXPORT_FORMAT, EXPORT_VERSION, PARTS, malformed, readDocument, type Item, type Part } from './transfer-document.js';

export { countContent, emptyDatabase } from '../storage/repositories/site-records.js';

/**
 * The whole site as one JSON document (`shpalta export`, `shpalta import --json`): content,
 * accounts without their password hashes, revisions and the audit log. Derived data (listings,
 * the search index) and transient data (sessions, sign-in failures, presence, the change log)
 * are left out and rebuilt or started afresh; media files are not in it, only their records.
 *
 * The document is written one record per line, so that both ends stream it:
 *
 *   {"format":"shpalta-export","version":1,"exportedAt":"…",
 *   "sections":[
 *   {…},
 *   {…}
 *   ],
 *   …
 *   "auditLog":[
 *   ]}
 *
 * A document in any other layout (pretty-printed by hand, say) is read whole instead.
 *
 * Ids are kept: an article's public URL ends in its id, so links into the site survive a move
 * to another database. That is why an import needs an empty database.
 */
export type TransferCounts = Record<Part, number> & { revisions: number };

/** Records per transaction on import: articles carry their revisions, so fewer. */
const ARTICLE_BATCH = 100;
const ROW_BATCH = 1000;

// ---------------------------------------------------------------------------------------------
// Export

/**
 * Writes the export to `file` (through a temporary file, so a failed export leaves no half
 * document), from one consistent snapshot of the database.
 */
export async function exportSite(database: Database, file: string, now = new Date()): Promise<TransferCounts> {
  const tmp = `${file}.partial-${process.pid}`;
  const out = createWriteStream(tmp);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const counts: TransferCounts = { sections: 0, media: 0, authors: 0, tags: 0, users: 0, articles: 0, auditLog: 0, revisions: 0 };
  try {
    await write(`${JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString() }).slice(0, -1)},`);
    await database.engine.snapshot(database.db).execute(async (trx) => {
      for (const part of PARTS) {
        await write(`\n"${part}":[`);
        let pending: string | null = null;
        for await (const record of exportRecords(trx, part, (n) => (counts.revisions += n))) {
          if (pending !== null) await write(`\n${pending},`);
          pending = JSON.stringify(record);
          counts[part]++;
        }
        if (pending !== null) await write(`\n${pending}`);
        await write(part === 'auditLog' ? '\n]}\n' : '\n],');
      }
    });
    out.end();
    await once(out, 'finish');
    await fs.rename(tmp, file);
    return counts;
  } catch (e) {
    out.destroy();
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportOptions {
  /** Empty a database that holds content first (only once the whole file has been checked). */
  force?: boolean;
  now?: Date;
  /** The longest record (line) read (DEFAULT_IMPORT_LIMITS.maxRecordBytes). */
  maxRecordBytes?: number;
}

/**
 * Loads an export into an empty database. The file is read twice: first every record is checked
 * (its shape, unique keys, and that every reference names a record of the file), and only then
 * written, a batch per transaction. Should a write still fail, what was written is removed
 * again: the database is left empty, never half-filled.
 */
export async function importSite(database: Database, file: string, o: ImportOptions = {}): Promise<TransferCounts> {
  const counts = await checkDocument(file, o.maxRecordBytes);
  const held = await countContent(database.db);
  const total = Object.values(held).reduce((a, b) => a + b, 0);
  if (total > 0 && !o.force) {
    const what = Object.entries(held).filter(([, n]) => n > 0).map(([t, n]) => `${n} ${t}`).join(', ');
    throw errors.notEmpty(what);
  }
  if (total > 0) await emptyDatabase(database);
  try {
    await writeDocument(database, file, o.now ?? new Date(), o.maxRecordBytes);
  } catch (e) {
    await emptyDatabase(database);
    throw errors.importFailed(file, e);
  }
  return counts;
}

/**
 * The first pass: every problem of the file found before anything is written, the editor's
 * limits included (core/limits.ts): an article the newsroom could not save is not imported.
 */
async function checkDocument(file: string, maxRecordBytes?: number): Promise<TransferCounts> {
  const seen = Object.fromEntries(PARTS.map((p) => [p, new Set<number>()])) as Record<Part, Set<number>>;
  const unique = new Map<string, Set<string>>();
  const later: Array<{ line: number | null; where: string; part: Part; id: number; field: string }> = [];
  const counts: TransferCounts = { sections: 0, media: 0, authors: 0, tags: 0, users: 0, articles: 0, auditLog: 0, revisions: 0 };
  const revisionIds = new Set<number>();
  const correctionIds = new Set<number>();
  const bylines = new Map<number, number>();
  for await (const item of readDocument(file, maxRecordBytes)) {
    const where = `${item.part}[${item.index}] (id ${item.value.id})`;
    const fail = (message: string) => malformed(file, item.line, `${where}: ${message}`);
    const refs = (part: Part, field: string, ids: Array<number | null | undefined>) => {
      for (const i of ids) if (i !== null && i !== undefined && !seen[part].has(i)) throw fail(`${field} ${i} is not ${article(part)} in the file`);
    };
    const name = (value: string, max: number) => {
      if (value.length > max) throw fail(tooLong('name', value.length, max));
    };
    const distinct = (key: string, value: string | null) => {
      if (value === null) return;
      const set = unique.get(key) ?? new Set<string>();
      if (set.has(value)) throw fail(`${key} '${value}' appears twice`);
      set.add(value);
      unique.set(key, set);
    };
    if (seen[item.part].has(item.value.id)) throw fail('the id appears twice');
    seen[item.part].add(item.value.id);
    counts[item.part]++;
    switch (item.part) {
      case 'sections':
        name(item.value.name, NAME_LIMITS.section);
        if (item.value.path.split('/').length > MAX_SECTION_DEPTH) throw fail(`the section path '${item.value.path}' is ${item.value.path.split('/').length} levels deep; sections go ${MAX_SECTION_DEPTH} levels deep at most`);
        if (item.value.parentId === null && RESERVED_ROOT_SLUGS.has(item.value.slug)) throw fail(`the top-level section slug '${item.value.slug}' is a path of the site's own (/${item.value.slug}/): rename the section`);
        distinct('section path', item.value.path);
        if (item.value.parentId !== null) later.push({ line: item.line, where, part: 'sections', id: item.value.parentId, field: 'parentId' });
        break;
      case 'media':
        distinct('media storageKey', item.value.storageKey);
        distinct('media sha256', item.value.sha256);
        if (item.value.uploadedBy !== null) later.push({ line: item.line, where, part: 'users', id: item.value.uploadedBy, field: 'uploadedBy' });
        break;
      case 'authors':
        name(item.value.name, NAME_LIMITS.author);
        distinct('author slug', item.value.slug);
        refs('media', 'photoMediaId', [item.value.photoMediaId]);
        break;
      case 'tags':
        name(item.value.name, NAME_LIMITS.tag);
        distinct('tag slug', item.value.slug);
        break;
      case 'users':
        distinct('user email', item.value.email.toLowerCase());
        refs('authors', 'authorId', [item.value.authorId]);
        // An account's byline is its own (a unique index): an export from before that rule may share one.
        if (item.value.authorId !== null && bylines.has(item.value.authorId)) {
          throw fail(`authorId ${item.value.authorId} is already the byline of user ${bylines.get(item.value.authorId)}: each account signs with an author of its own; export again from a database that has run migration 0009 (it splits shared bylines)`);
        }
        if (item.value.authorId !== null) bylines.set(item.value.authorId, item.value.id);
        break;
      case 'articles': {
        const a = item.value;
        const over = articleOverLimit({ ...a, authorCount: a.authorIds.length, tagCount: a.tagIds.length });
        if (over) throw fail(over.message);
        distinct('article slug', a.slug);
        distinct('article externalId', a.externalId);
        refs('sections', 'sectionId', [a.sectionId]);
        refs('authors', 'authorIds', a.authorIds);
        refs('tags', 'tagIds', a.tagIds);
        refs('media', 'photo.mediaId', [a.photo?.mediaId]);
        refs('media', 'body mediaId', a.body.flatMap((b) => blockMediaIds(b as Block)));
        refs('users', 'createdBy', [a.createdBy]);
        if (new Set(a.authorIds).size !== a.authorIds.length) throw fail('authorIds names an author twice');
        if (new Set(a.tagIds).size !== a.tagIds.length) throw fail('tagIds names a tag twice');
        for (const [i, r] of a.revisions.entries()) {
          if (revisionIds.has(r.id)) throw fail(`revisions[${i}]: the revision id ${r.id} appears twice`);
          revisionIds.add(r.id);
          refs('users', `revisions[${i}].userId`, [r.userId]);
        }
        counts.revisions += a.revisions.length;
        for (const [i, c] of a.corrections.entries()) {
          if (correctionIds.has(c.id)) throw fail(`corrections[${i}]: the correction id ${c.id} appears twice`);
          correctionIds.add(c.id);
          refs('users', `corrections[${i}].userId`, [c.userId]);
          if (c.note.length > ARTICLE_LIMITS.correctionNote) throw fail(`corrections[${i}]: ${tooLong('the note', c.note.length, ARTICLE_LIMITS.correctionNote)}`);
        }
        if (a.corrections.length > ARTICLE_LIMITS.corrections) throw fail(tooMany('corrections', a.corrections.length, ARTICLE_LIMITS.corrections));
        for (const target of a.recap?.articleIds ?? []) later.push({ line: item.line, where, part: 'articles', id: target, field: 'recap.articleIds' });
        for (const target of linkedArticleIds(articleRichTexts(a.body as Block[], a.recap as Recap | null))) later.push({ line: item.line, where, part: 'articles', id: target, field: 'a link in the text to articleId' });
        break;
      }
      case 'auditLog':
        refs('users', 'userId', [item.value.userId]);
        break;
    }
  }
  for (const r of later) {
    if (!seen[r.part].has(r.id)) throw malformed(file, r.line, `${r.where}: ${r.field} ${r.id} is not ${article(r.part)} in the file`);
  }
  return counts;
}

const article = (part: Part) =>
  ({ sections: 'a section', media: 'a media item', authors: 'an author', tags: 'a tag', users: 'a user', articles: 'an article', auditLog: 'an audit entry' })[part];

/** The second pass: the checked file into the database, a batch per transaction. */
async function writeDocument(database: Database, file: string, now: Date, maxRecordBytes?: number) {
  // Imported accounts get a password nobody knows: each must be given a new one.
  const unusable = await hashPassword(randomBytes(32).toString('base64url'));
  let batch: Item[] = [];
  let batchPart: Part | null = null;
  const uploads: Array<{ id: number; user: number }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    await inTransaction(database, (tx) => writeBatch(tx, items, unusable, uploads, now));
  };
  for await (const item of readDocument(file, maxRecordBytes)) {
    // Sections in one batch: a child's parent is set once the whole tree is in.
    const size = item.part === 'articles' ? ARTICLE_BATCH : item.part === 'sections' ? Infinity : ROW_BATCH;
    if (item.part !== batchPart || batch.length >= size) await flush();
    batchPart = item.part;
    batch.push(item);
  }
  await flush();
  await database.db.transaction().execute(async (trx) => {
    await setMediaUploaders(trx, uploads);
    // Rows came with their ids: new rows must be numbered after them.
    await database.engine.continueIds(trx, ['sections', 'media', 'authors', 'tags', 'users', 'articles', 'article_revisions', 'article_corrections', 'audit_log']);
    await recordChange(trx, [changeKeys.site, changeKeys.home], now);
  });
}

