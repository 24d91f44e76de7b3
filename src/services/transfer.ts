import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { changeKeys } from '../core/change-keys.js';
import { errors } from '../core/errors.js';
import { articleOverLimit, MAX_SECTION_DEPTH, NAME_LIMITS, tooLong } from '../core/limits.js';
import { nameTerms } from '../core/search/names.js';
import { RESERVED_ROOT_SLUGS } from '../core/model.js';
import { inTransaction, type Database } from '../storage/database.js';
import type { Store } from '../storage/engine.js';
import { afterArticleWrite } from '../storage/repositories/article-writes.js';
import { recordChange } from '../storage/repositories/change-log.js';
import type { Schema } from '../storage/schema.js';
import { fromDate, fromFlag, toDate, toFlag } from '../storage/values.js';
import { hashPassword } from './newsroom/auth.js';
import { EXPORT_FORMAT, EXPORT_VERSION, PARTS, malformed, readDocument, type Item, type Part, type Records } from './transfer-document.js';

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

const ARTICLE_BATCH = 100;
const ROW_BATCH = 1000;

const iso = (v: string | Date) => toDate(v).toISOString();
const isoOrNull = (v: string | Date | null) => (v === null ? null : iso(v));

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
        for await (const record of exportRecords(trx, part, counts)) {
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

async function* exportRecords(db: Kysely<Schema>, part: Part, counts: TransferCounts): AsyncGenerator<unknown> {
  switch (part) {
    case 'sections':
      for (const r of await db.selectFrom('sections').selectAll().orderBy('id').execute()) {
        yield { id: r.id, parentId: r.parent_id, slug: r.slug, name: r.name, path: r.path, position: r.position, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
      }
      return;
    case 'media':
      for await (const r of byId(db, 'media')) {
        yield {
          id: r.id, storageKey: r.storage_key, sha256: r.sha256, mime: r.mime, width: r.width, height: r.height, bytes: r.bytes,
          caption: r.caption, credit: r.credit, alt: r.alt, variantWidths: r.variant_widths, uploadedBy: r.uploaded_by, createdAt: iso(r.created_at),
        };
      }
      return;
    case 'authors':
      for await (const r of byId(db, 'authors')) {
        yield { id: r.id, slug: r.slug, name: r.name, bio: r.bio, photoMediaId: r.photo_media_id, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
      }
      return;
    case 'tags':
      for await (const r of byId(db, 'tags')) yield { id: r.id, slug: r.slug, name: r.name, kind: r.kind, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
      return;
    case 'users':
      // Never the password hash: an export is handed around more freely than a backup.
      for await (const r of byId(db, 'users')) {
        yield { id: r.id, email: r.email, name: r.name, role: r.role, authorId: r.author_id, disabled: toFlag(r.disabled), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
      }
      return;
    case 'articles':
      for await (const record of exportArticles(db)) {
        counts.revisions += record.revisions.length;
        yield record;
      }
      return;
    case 'auditLog':
      for await (const r of byId(db, 'audit_log')) {
        yield { id: r.id, at: iso(r.at), userId: r.user_id, action: r.action, targetKind: r.target_kind, targetId: r.target_id, details: JSON.parse(r.details) as unknown };
      }
      return;
  }
}

/** Every row of a table in id order, a page at a time. */
async function* byId<T extends 'media' | 'authors' | 'tags' | 'users' | 'audit_log'>(db: Kysely<Schema>, table: T) {
  for (let after = 0; ; ) {
    const rows = await db.selectFrom(table as 'media').selectAll().where('id', '>', after).orderBy('id').limit(ROW_BATCH).execute();
    if (rows.length === 0) return;
    for (const r of rows) yield r as unknown as import('kysely').Selectable<Schema[T]>;
    after = rows[rows.length - 1]!.id;
  }
}

async function* exportArticles(db: Kysely<Schema>) {
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('articles').selectAll().where('id', '>', after).orderBy('id').limit(ARTICLE_BATCH).execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const [authors, tags, revisions] = await Promise.all([
      db.selectFrom('article_authors').selectAll().where('article_id', 'in', ids).orderBy('article_id').orderBy('position').execute(),
      db.selectFrom('article_tags').selectAll().where('article_id', 'in', ids).orderBy('article_id').orderBy('position').execute(),
      db.selectFrom('article_revisions').selectAll().where('article_id', 'in', ids).orderBy('id').execute(),
    ]);
    for (const r of rows) {
      const photo = r.photo_media_id === null && r.photo_caption === null && r.photo_credit === null && r.photo_alt === null
        ? null
        : { mediaId: r.photo_media_id, caption: r.photo_caption, credit: r.photo_credit, alt: r.photo_alt };
      yield {
        id: r.id, externalId: r.external_id, sourceHash: r.source_hash, slug: r.slug, title: r.title, subtitle: r.subtitle, lead: r.lead,
        body: JSON.parse(r.body) as unknown, status: r.status, sectionId: r.section_id, source: r.source, photo,
        recap: r.recap === null ? null : (JSON.parse(r.recap) as unknown),
        publishedAt: isoOrNull(r.published_at), publishedTimeKnown: toFlag(r.published_time_known), isMain: toFlag(r.is_main), isBreaking: toFlag(r.is_breaking),
        version: r.version, createdBy: r.created_by, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
        authorIds: authors.filter((x) => x.article_id === r.id).map((x) => x.author_id),
        tagIds: tags.filter((x) => x.article_id === r.id).map((x) => x.tag_id),
        revisions: revisions
          .filter((x) => x.article_id === r.id)
          .map((x) => ({ id: x.id, version: x.version, userId: x.user_id, kind: x.kind, snapshot: JSON.parse(x.snapshot) as unknown, createdAt: iso(x.created_at) })),
      };
    }
    after = ids[ids.length - 1]!;
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

const CONTENT_TABLES = ['articles', 'sections', 'authors', 'tags', 'media', 'users'] as const;

/** Rows in the tables an import fills; zero means the database is empty. */
export async function countContent(db: Kysely<Schema>): Promise<Record<(typeof CONTENT_TABLES)[number], number>> {
  const out = {} as Record<(typeof CONTENT_TABLES)[number], number>;
  for (const t of CONTENT_TABLES) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
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
        refs('media', 'body image mediaId', a.body.map((b) => (b.type === 'image' ? b.mediaId : undefined)));
        refs('users', 'createdBy', [a.createdBy]);
        if (new Set(a.authorIds).size !== a.authorIds.length) throw fail('authorIds names an author twice');
        if (new Set(a.tagIds).size !== a.tagIds.length) throw fail('tagIds names a tag twice');
        for (const [i, r] of a.revisions.entries()) {
          if (revisionIds.has(r.id)) throw fail(`revisions[${i}]: the revision id ${r.id} appears twice`);
          revisionIds.add(r.id);
          refs('users', `revisions[${i}].userId`, [r.userId]);
        }
        counts.revisions += a.revisions.length;
        for (const target of a.recap?.articleIds ?? []) later.push({ line: item.line, where, part: 'articles', id: target, field: 'recap.articleIds' });
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
  const db = database.db;
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
  await db.transaction().execute(async (trx) => {
    // Media name their uploader, who comes later in the file.
    for (const u of uploads) await trx.updateTable('media').set({ uploaded_by: u.user }).where('id', '=', u.id).execute();
    // Rows came with their ids: new rows must be numbered after them.
    await database.engine.continueIds(trx, ['sections', 'media', 'authors', 'tags', 'users', 'articles', 'article_revisions', 'audit_log']);
    await recordChange(trx, [changeKeys.site, changeKeys.home], now);
  });
}

async function writeBatch(store: Store, items: Item[], unusable: string, uploads: Array<{ id: number; user: number }>, now: Date) {
  const trx = store.db;
  const articleIds: number[] = [];
  // Sections: parents first, whatever the file's order.
  const ordered = items[0]?.part === 'sections' ? [...items].sort((a, b) => depth(a) - depth(b)) : items;
  for (const item of ordered) {
    switch (item.part) {
      case 'sections': {
        const s = item.value;
        await trx.insertInto('sections').values({ id: s.id, parent_id: null, slug: s.slug, name: s.name, path: s.path, position: s.position, search_terms: nameTerms(s.name), created_at: fromDate(new Date(s.createdAt)), updated_at: fromDate(new Date(s.updatedAt)) }).execute();
        break;
      }
      case 'media': {
        const m = item.value;
        await trx.insertInto('media').values({
          id: m.id, storage_key: m.storageKey, sha256: m.sha256, mime: m.mime, width: m.width, height: m.height, bytes: m.bytes,
          caption: m.caption, credit: m.credit, alt: m.alt, variant_widths: m.variantWidths, uploaded_by: null, created_at: fromDate(new Date(m.createdAt)),
        }).execute();
        if (m.uploadedBy !== null) uploads.push({ id: m.id, user: m.uploadedBy });
        break;
      }
      case 'authors': {
        const a = item.value;
        await trx.insertInto('authors').values({ id: a.id, slug: a.slug, name: a.name, bio: a.bio, photo_media_id: a.photoMediaId, search_terms: nameTerms(a.name), created_at: fromDate(new Date(a.createdAt)), updated_at: fromDate(new Date(a.updatedAt)) }).execute();
        break;
      }
      case 'tags': {
        const t = item.value;
        await trx.insertInto('tags').values({ id: t.id, slug: t.slug, name: t.name, kind: t.kind, search_terms: nameTerms(t.name), created_at: fromDate(new Date(t.createdAt)), updated_at: fromDate(new Date(t.updatedAt)) }).execute();
        break;
      }
      case 'users': {
        const u = item.value;
        await trx.insertInto('users').values({
          id: u.id, email: u.email.toLowerCase(), name: u.name, role: u.role, password_hash: unusable, author_id: u.authorId, disabled: fromFlag(u.disabled),
          created_at: fromDate(new Date(u.createdAt)), updated_at: fromDate(new Date(u.updatedAt)),
        }).execute();
        break;
      }
      case 'articles':
        await writeArticle(trx, item.value);
        articleIds.push(item.value.id);
        break;
      case 'auditLog': {
        const l = item.value;
        await trx.insertInto('audit_log').values({ id: l.id, at: fromDate(new Date(l.at)), user_id: l.userId, action: l.action, target_kind: l.targetKind, target_id: l.targetId, details: JSON.stringify(l.details) }).execute();
        break;
      }
    }
  }
  if (ordered[0]?.part === 'sections') {
    for (const item of ordered) if (item.part === 'sections' && item.value.parentId !== null) await trx.updateTable('sections').set({ parent_id: item.value.parentId }).where('id', '=', item.value.id).execute();
  }
  // What the site reads precomputed (the search index, the section, tag and author lists) and the change log.
  await afterArticleWrite(store, articleIds, { before: new Map(), now });
}

const depth = (item: Item) => (item.part === 'sections' ? item.value.path.split('/').length : 0);

async function writeArticle(trx: Kysely<Schema>, a: Records['articles']) {
  await trx.insertInto('articles').values({
    id: a.id, external_id: a.externalId, source_hash: a.sourceHash, slug: a.slug, title: a.title, subtitle: a.subtitle, lead: a.lead,
    body: JSON.stringify(a.body), status: a.status, section_id: a.sectionId, source: a.source,
    photo_media_id: a.photo?.mediaId ?? null, photo_caption: a.photo?.caption ?? null, photo_credit: a.photo?.credit ?? null, photo_alt: a.photo?.alt ?? null,
    recap: a.recap === null ? null : JSON.stringify(a.recap),
    published_at: a.publishedAt === null ? null : fromDate(new Date(a.publishedAt)), published_time_known: fromFlag(a.publishedTimeKnown),
    is_main: fromFlag(a.isMain), is_breaking: fromFlag(a.isBreaking), version: a.version, created_by: a.createdBy,
    created_at: fromDate(new Date(a.createdAt)), updated_at: fromDate(new Date(a.updatedAt)), changed_at: fromDate(new Date()),
  }).execute();
  if (a.authorIds.length) await trx.insertInto('article_authors').values(a.authorIds.map((author_id, position) => ({ article_id: a.id, author_id, position }))).execute();
  if (a.tagIds.length) await trx.insertInto('article_tags').values(a.tagIds.map((tag_id, position) => ({ article_id: a.id, tag_id, position }))).execute();
  for (const r of a.revisions) {
    await trx.insertInto('article_revisions').values({ id: r.id, article_id: a.id, version: r.version, user_id: r.userId, kind: r.kind, snapshot: JSON.stringify(r.snapshot), created_at: fromDate(new Date(r.createdAt)) }).execute();
  }
}

/**
 * Removes all content, accounts and what hangs off them (the change log and the migration
 * bookkeeping stay). One transaction: it happens wholly or not at all.
 */
export async function emptyDatabase(database: Database): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const t of ['article_presence', 'sessions', 'login_failures', 'article_revisions', 'audit_log', 'article_listings', 'article_tags', 'article_authors'] as const) {
      await trx.deleteFrom(t).execute();
    }
    await database.engine.clearSearchIndex(trx);
    for (const t of ['articles', 'users', 'authors', 'tags', 'media'] as const) await trx.deleteFrom(t).execute();
    // A parent may not go before its children (restrict): cut the tree first.
    await trx.updateTable('sections').set({ parent_id: null }).execute();
    await trx.deleteFrom('sections').execute();
  });
}
