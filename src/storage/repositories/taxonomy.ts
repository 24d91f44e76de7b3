import type { Kysely } from 'kysely';
import { listKey } from '../../core/change-keys.js';
import { nameTerms } from '../../core/search/names.js';
import type { TagKind, TagRef } from '../../core/model.js';
import type { Schema } from '../schema.js';
import { fromDate } from '../values.js';

/** A section as the newsroom edits it. */
export interface SectionItem {
  id: number;
  name: string;
  slug: string;
  path: string;
  parentId: number | null;
  position: number;
}

const sectionColumns = ['id', 'name', 'slug', 'path', 'parent_id', 'position'] as const;
const toSectionItem = (r: { id: number; name: string; slug: string; path: string; parent_id: number | null; position: number }): SectionItem => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  path: r.path,
  parentId: r.parent_id,
  position: r.position,
});

export async function sectionById(db: Kysely<Schema>, id: number): Promise<SectionItem | null> {
  const r = await db.selectFrom('sections').select(sectionColumns).where('id', '=', id).executeTakeFirst();
  return r ? toSectionItem(r) : null;
}

/** Every section in menu order (position, then id). */
export async function sectionsInMenuOrder(db: Kysely<Schema>): Promise<SectionItem[]> {
  return (await db.selectFrom('sections').select(sectionColumns).orderBy('position').orderBy('id').execute()).map(toSectionItem);
}

/** A section under `parentId` called `name` (other than `exceptId`), or null. */
export async function siblingNamed(db: Kysely<Schema>, parentId: number | null, name: string, exceptId: number | null): Promise<{ id: number; path: string } | null> {
  let q = db.selectFrom('sections').select(['id', 'path']).where('name', '=', name);
  q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) ?? null;
}

export async function renameSection(db: Kysely<Schema>, id: number, name: string, now: Date): Promise<void> {
  await db.updateTable('sections').set({ name, search_terms: nameTerms(name), updated_at: fromDate(now) }).where('id', '=', id).execute();
}

/** The sections under `parentId` (or the top level) in their order. */
export async function siblingPositions(db: Kysely<Schema>, parentId: number | null): Promise<Array<{ id: number; position: number }>> {
  const q = db.selectFrom('sections').select(['id', 'position']);
  return (parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId)).orderBy('position').orderBy('id').execute();
}

export async function setSectionPosition(db: Kysely<Schema>, id: number, position: number, now: Date): Promise<void> {
  await db.updateTable('sections').set({ position, updated_at: fromDate(now) }).where('id', '=', id).execute();
}

export async function tagById(db: Kysely<Schema>, id: number): Promise<TagRef | null> {
  const r = await db.selectFrom('tags').select(['id', 'name', 'slug', 'kind']).where('id', '=', id).executeTakeFirst();
  return r ? { ...r, kind: r.kind as TagKind } : null;
}

/** Another tag than `exceptId` with this name or this slug, or null. */
export async function tagNamedLike(db: Kysely<Schema>, exceptId: number, name: string, slug: string): Promise<{ id: number; name: string } | null> {
  return (
    (await db
      .selectFrom('tags')
      .select(['id', 'name'])
      .where('id', '!=', exceptId)
      .where((eb) => eb.or([eb('name', '=', name), eb('slug', '=', slug)]))
      .executeTakeFirst()) ?? null
  );
}

export async function updateTagRow(db: Kysely<Schema>, id: number, tag: { name: string; kind: TagKind }, now: Date): Promise<void> {
  await db.updateTable('tags').set({ name: tag.name, kind: tag.kind, search_terms: nameTerms(tag.name), updated_at: fromDate(now) }).where('id', '=', id).execute();
}

export async function articlesTagged(db: Kysely<Schema>, tagId: number): Promise<number[]> {
  return (await db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId).execute()).map((r) => r.article_id);
}

/**
 * The list keys of every list page and feed holding a published article that has this tag, or
 * is in this section or below: feeds print the section and tag names of every item.
 */
export async function listsHoldingArticlesOf(db: Kysely<Schema>, of: { tagId: number } | { sectionId: number }): Promise<string[]> {
  const articles =
    'tagId' in of
      ? db.selectFrom('article_tags').select('article_id').where('tag_id', '=', of.tagId)
      : db.selectFrom('article_listings').select('article_id').where('list_kind', '=', 'section').where('list_id', '=', of.sectionId);
  const rows = await db.selectFrom('article_listings').select(['list_kind', 'list_id']).distinct().where('article_id', 'in', articles).execute();
  return rows.map((r) => listKey(r.list_kind, r.list_id));
}

/** Tags by name, a page at a time; `hasNext` from one row more. */
export async function tagsByName(db: Kysely<Schema>, limit: number, offset: number): Promise<{ items: TagRef[]; hasNext: boolean }> {
  const rows = await db.selectFrom('tags').select(['id', 'name', 'slug', 'kind']).orderBy('name').orderBy('id').limit(limit + 1).offset(offset).execute();
  return { items: rows.slice(0, limit).map((r) => ({ ...r, kind: r.kind as TagKind })), hasNext: rows.length > limit };
}
