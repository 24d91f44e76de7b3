import type { Kysely } from 'kysely';
import type { Article, AuthorRef, Block, TagKind, TagRef } from '../../core/model.js';
import type { Schema } from '../schema.js';
import { fromDate, toDate } from '../values.js';
import { sectionChains } from './articles.js';
import { toMediaRef, withBlockMedia } from './media.js';

/** An account's unpublished changes to one article (migration 0008). */
export interface WorkingCopyRow {
  articleId: number;
  userId: number;
  baseVersion: number;
  /** The editor's fields as they were sent (validated by the service before they were stored). */
  fields: unknown;
  createdAt: Date;
  updatedAt: Date;
}

const columns = ['article_id', 'user_id', 'base_version', 'fields', 'created_at', 'updated_at'] as const;

function toCopy(r: { article_id: number; user_id: number; base_version: number; fields: string; created_at: string | Date; updated_at: string | Date }): WorkingCopyRow {
  return { articleId: r.article_id, userId: r.user_id, baseVersion: r.base_version, fields: JSON.parse(r.fields), createdAt: toDate(r.created_at), updatedAt: toDate(r.updated_at) };
}

/** This account's copy of this article, or null. Never another account's: the key holds both. */
export async function getWorkingCopy(db: Kysely<Schema>, articleId: number, userId: number): Promise<WorkingCopyRow | null> {
  const r = await db.selectFrom('article_working_copies').select(columns).where('article_id', '=', articleId).where('user_id', '=', userId).executeTakeFirst();
  return r ? toCopy(r) : null;
}

/** Writes (or replaces) this account's copy of this article. */
export async function putWorkingCopy(db: Kysely<Schema>, c: { articleId: number; userId: number; baseVersion: number; fields: unknown }, now: Date): Promise<WorkingCopyRow> {
  const at = fromDate(now);
  const fields = JSON.stringify(c.fields);
  await db
    .insertInto('article_working_copies')
    .values({ article_id: c.articleId, user_id: c.userId, base_version: c.baseVersion, fields, created_at: at, updated_at: at })
    .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ base_version: c.baseVersion, fields, updated_at: at }))
    .execute();
  return (await getWorkingCopy(db, c.articleId, c.userId))!;
}

/** Removes this account's copy of this article; true when there was one. */
export async function deleteWorkingCopy(db: Kysely<Schema>, articleId: number, userId: number): Promise<boolean> {
  const r = await db.deleteFrom('article_working_copies').where('article_id', '=', articleId).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** This account's copies, newest first, with the article's current title and status (null: it is gone). */
export async function listWorkingCopies(db: Kysely<Schema>, userId: number, limit: number): Promise<Array<WorkingCopyRow & { article: { title: string; status: string; version: number } | null }>> {
  const rows = await db
    .selectFrom('article_working_copies as w')
    .leftJoin('articles as a', 'a.id', 'w.article_id')
    .select(['w.article_id', 'w.user_id', 'w.base_version', 'w.fields', 'w.created_at', 'w.updated_at', 'a.title', 'a.status', 'a.version'])
    .where('w.user_id', '=', userId)
    .orderBy('w.updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toCopy(r), article: r.status !== null && r.title !== null && r.version !== null ? { title: r.title, status: r.status, version: r.version } : null }));
}

/** What the preview needs of an editor's fields: ids only, as the editor sends them. */
export interface PreviewFields {
  title: string;
  subtitle: string | null;
  lead: string;
  body: Block[];
  sectionId: number | null;
  authorIds: number[];
  tagIds: number[];
  source: string | null;
  photo: { mediaId: number; caption: string; credit: string; alt: string } | null;
  recap: Article['recap'];
  isMain: boolean;
  isBreaking: boolean;
}

/**
 * The stored article with these fields in place of its own, names and media resolved as
 * getArticle resolves them: what readers would see after 'Оновити'. Ids that no longer exist
 * (a deleted tag) are left out, as a save would refuse them.
 */
export async function articleWithFields(db: Kysely<Schema>, stored: Article, f: PreviewFields): Promise<Article> {
  const [section, authorRows, tagRows, photoRow, body] = await Promise.all([
    f.sectionId ? db.selectFrom('sections').select('path').where('id', '=', f.sectionId).executeTakeFirst() : undefined,
    f.authorIds.length ? db.selectFrom('authors').select(['id', 'name', 'slug']).where('id', 'in', f.authorIds).execute() : [],
    f.tagIds.length ? db.selectFrom('tags').select(['id', 'name', 'slug', 'kind']).where('id', 'in', f.tagIds).execute() : [],
    f.photo ? db.selectFrom('media').select(['id', 'storage_key', 'width', 'height', 'mime', 'variant_widths']).where('id', '=', f.photo.mediaId).executeTakeFirst() : undefined,
    withBlockMedia(db, f.body),
  ]);
  const chains = await sectionChains(db, [section?.path ?? null]);
  const authors = new Map(authorRows.map((a): [number, AuthorRef] => [a.id, a]));
  const tags = new Map(tagRows.map((t): [number, TagRef] => [t.id, { ...t, kind: t.kind as TagKind }]));
  return {
    ...stored,
    title: f.title,
    subtitle: f.subtitle || null,
    lead: f.lead,
    body,
    sections: section ? (chains.get(section.path) ?? []) : [],
    authors: f.authorIds.flatMap((id) => authors.get(id) ?? []),
    tags: f.tagIds.flatMap((id) => tags.get(id) ?? []),
    source: f.source || null,
    photo: f.photo ? { media: photoRow ? toMediaRef(photoRow) : null, caption: f.photo.caption, credit: f.photo.credit, alt: f.photo.alt } : null,
    recap: f.recap && (f.recap.paragraphs.length || f.recap.articleIds.length) ? f.recap : null,
    isMain: f.isMain,
    isBreaking: f.isBreaking,
  };
}
