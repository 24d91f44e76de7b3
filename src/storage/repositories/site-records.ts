import type { Kysely, Selectable } from 'kysely';
import { nameTerms } from '../../core/search/names.js';
import type { Item, Part, Records } from '../../core/transfer-format.js';
import type { Database } from '../database.js';
import type { Store } from '../engine.js';
import type { Schema } from '../schema.js';
import { fromDate, fromFlag, toDate, toFlag } from '../values.js';
import { afterArticleWrite } from './article-writes.js';

/*
 * The rows of a site export (services/transfer.ts): read part by part in id order, and written
 * back with their own ids into an empty database.
 */

/** Rows read per query on export: articles bring their authors, tags and revisions, so fewer. */
const ROW_BATCH = 1000;
const ARTICLE_BATCH = 100;

const iso = (v: string | Date) => toDate(v).toISOString();
const isoOrNull = (v: string | Date | null) => (v === null ? null : iso(v));

/** The records of one part, in id order; `onRevisions` counts the revisions the articles carry. */
export async function* exportRecords(db: Kysely<Schema>, part: Part, onRevisions: (n: number) => void): AsyncGenerator<unknown> {
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
        yield { id: r.id, email: r.email, name: r.name, role: r.role, authorId: r.author_id, disabled: toFlag(r.disabled), gender: r.gender, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
      }
      return;
    case 'articles':
      for await (const record of exportArticles(db)) {
        onRevisions(record.revisions.length);
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
    for (const r of rows) yield r as unknown as Selectable<Schema[T]>;
    after = rows[rows.length - 1]!.id;
  }
}

async function* exportArticles(db: Kysely<Schema>) {
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('articles').selectAll().where('id', '>', after).orderBy('id').limit(ARTICLE_BATCH).execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const [authors, tags, revisions, corrections] = await Promise.all([
      db.selectFrom('article_authors').selectAll().where('article_id', 'in', ids).orderBy('article_id').orderBy('position').execute(),
      db.selectFrom('article_tags').selectAll().where('article_id', 'in', ids).orderBy('article_id').orderBy('position').execute(),
      db.selectFrom('article_revisions').selectAll().where('article_id', 'in', ids).orderBy('id').execute(),
      db.selectFrom('article_corrections').selectAll().where('article_id', 'in', ids).orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
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
          .map((x) => ({ id: x.id, version: x.version, userId: x.user_id, kind: x.kind, snapshot: JSON.parse(x.snapshot) as unknown, note: x.note, createdAt: iso(x.created_at) })),
        corrections: corrections.filter((x) => x.article_id === r.id).map((x) => ({ id: x.id, kind: x.kind, note: x.note, userId: x.user_id, at: iso(x.created_at) })),
      };
    }
    after = ids[ids.length - 1]!;
  }
}

export const CONTENT_TABLES = ['articles', 'sections', 'authors', 'tags', 'media', 'users'] as const;

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
 * Writes a batch of one part's records with their ids (sections: parents first, whatever the
 * file's order), and articles through the write path. `uploads` collects media whose uploader
 * comes later in the file.
 */
export async function writeBatch(store: Store, items: Item[], unusable: string, uploads: Array<{ id: number; user: number }>, now: Date) {
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
          id: u.id, email: u.email.toLowerCase(), name: u.name, role: u.role, password_hash: unusable, author_id: u.authorId, disabled: fromFlag(u.disabled), gender: u.gender,
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
    await trx.insertInto('article_revisions').values({ id: r.id, article_id: a.id, version: r.version, user_id: r.userId, kind: r.kind, snapshot: JSON.stringify(r.snapshot), note: r.note, created_at: fromDate(new Date(r.createdAt)) }).execute();
  }
  for (const c of a.corrections) {
    await trx.insertInto('article_corrections').values({ id: c.id, article_id: a.id, kind: c.kind, note: c.note, user_id: c.userId, created_at: fromDate(new Date(c.at)) }).execute();
  }
}

/** Media name their uploader, who comes later in the file. */
export async function setMediaUploaders(db: Kysely<Schema>, uploads: Array<{ id: number; user: number }>): Promise<void> {
  for (const u of uploads) await db.updateTable('media').set({ uploaded_by: u.user }).where('id', '=', u.id).execute();
}

/**
 * Removes all content, accounts and what hangs off them (the change log and the migration
 * bookkeeping stay). One transaction: it happens wholly or not at all.
 */
export async function emptyDatabase(database: Database): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const t of ['article_presence', 'article_notes', 'article_corrections', 'sessions', 'password_links', 'login_failures', 'article_revisions', 'audit_log', 'article_listings', 'article_tags', 'article_authors'] as const) {
      await trx.deleteFrom(t).execute();
    }
    await database.engine.clearSearchIndex(trx);
    for (const t of ['articles', 'users', 'authors', 'tags', 'media'] as const) await trx.deleteFrom(t).execute();
    // A parent may not go before its children (restrict): cut the tree first.
    await trx.updateTable('sections').set({ parent_id: null }).execute();
    await trx.deleteFrom('sections').execute();
  });
}
