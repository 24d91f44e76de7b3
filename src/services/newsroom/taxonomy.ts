import type { Kysely } from 'kysely';
import { z } from 'zod';
import { changeKeys } from '../../core/change-keys.js';
import { errors } from '../../core/errors.js';
import { MAX_SECTION_DEPTH, NAME_LIMITS } from '../../core/limits.js';
import { TAG_KINDS, type TagKind, type TagRef } from '../../core/model.js';
import { slugify } from '../../core/slug.js';
import type { Database } from '../../storage/database.js';
import { recordChange } from '../../storage/repositories/change-log.js';
import { ensureTag, tagIdByName } from '../../storage/repositories/people-and-tags.js';
import { ensureSectionPath, sectionChainByPath } from '../../storage/repositories/sections.js';
import {
  articlesTagged,
  listsHoldingArticlesOf,
  renameSection,
  sectionById,
  sectionsInMenuOrder,
  setSectionPosition,
  siblingNamed,
  siblingPositions,
  tagById,
  tagNamedLike,
  tagsByName,
  updateTagRow,
  type SectionItem,
} from '../../storage/repositories/taxonomy.js';

export type { SectionItem } from '../../storage/repositories/taxonomy.js';
import type { Schema } from '../../storage/schema.js';
import { suggestNames } from '../../storage/search/names.js';
import { indexArticles } from '../../storage/search/index-article.js';
import { recordAudit } from '../../storage/repositories/audit.js';

/*
 * Editors rename tags and sections, change a tag's kind, add and reorder sections. Slugs and
 * paths never change here: every link to a tag or a section keeps working. What changes is
 * what pages print, so each write returns the change keys of everything showing the old name;
 * the caller notifies this instance's caches after the commit, other instances read
 * content_changes, written in the same transaction.
 */

const name = (what: 'tag' | 'section') => z.string().trim().min(1, `a ${what} needs a name`).max(NAME_LIMITS[what], `at most ${NAME_LIMITS[what]} characters`);

export const tagChange = z.object({ name: name('tag').optional(), kind: z.enum(TAG_KINDS).optional() });
export const newSection = z.object({ name: name('section'), parentId: z.number().int().positive().nullable().default(null) });
/** `position`: the place among its siblings, from 0; the others move to make room. */
export const sectionChange = z.object({ name: name('section').optional(), position: z.number().int().min(0).max(10_000).optional() });

export type TagChange = z.output<typeof tagChange>;
export type NewSection = z.output<typeof newSection>;
export type SectionChange = z.output<typeof sectionChange>;

/** A section with its subsections, in menu order. */
export interface SectionNode extends SectionItem {
  children: SectionNode[];
}

export interface Written<T> {
  value: T;
  /** Cache keys to notify once the transaction has committed (already in content_changes). */
  changed: string[];
  /** Their change's id in content_changes, for ChangeFeed.notify. */
  changeIds?: number[];
}

/** Renames a tag or changes its kind. Its slug stays; a name another tag has (in any letter case) is a CONFLICT. */
export async function updateTag(database: Database, userId: number, tagId: number, change: TagChange, now: Date): Promise<Written<TagRef>> {
  return database.db.transaction().execute(async (trx) => {
    const before = await tagById(trx, tagId);
    if (!before) throw errors.notFound(`Tag ${tagId}`);
    const after: TagRef = { ...before, name: change.name ?? before.name, kind: change.kind ?? before.kind };
    const renamed = after.name !== before.name;
    if (!renamed && after.kind === before.kind) return { value: after, changed: [] };
    if (renamed) {
      // The same slug means the same tag to the importer ('Зеленський' and 'зеленський'): two such would confuse it and readers.
      const taken = await tagNamedLike(trx, tagId, after.name, slugify(after.name));
      if (taken) throw errors.conflict('name', `name: another tag (${taken.id}) is already called '${taken.name}': choose another name, or keep this one`);
    }
    await updateTagRow(trx, tagId, after, now);
    // Search finds articles by their tags' names: the old name must stop finding them.
    if (renamed) await indexArticles({ db: trx, engine: database.engine }, await articlesTagged(trx, tagId));
    const changed = [changeKeys.tag(tagId), changeKeys.home, ...(await listsHoldingArticlesOf(trx, { tagId }))];
    await recordAudit(trx, { userId, action: 'tag.update', targetKind: 'tag', targetId: tagId, details: { from: { name: before.name, kind: before.kind }, to: { name: after.name, kind: after.kind } } }, now);
    return { value: after, changed, changeIds: await recordChange(trx, changed, now) };
  });
}

/** Another section under the same parent with this name: the importer finds sections by name, so names are unique among siblings. */
async function refuseSiblingName(db: Kysely<Schema>, parentId: number | null, sectionName: string, exceptId: number | null) {
  const taken = await siblingNamed(db, parentId, sectionName, exceptId);
  if (taken) throw errors.conflict('name', `name: the section /${taken.path}/ already has this name at this level: choose another`);
}

/**
 * Adds a section at the end of its parent's (or the top level). The slug is the name
 * transliterated, as for imported sections; at the top level it never takes one of the site's
 * own paths ('search', 'tag', …): such a name gets 'search-2'.
 */
export async function createSection(database: Database, userId: number, input: NewSection, now: Date): Promise<Written<SectionItem>> {
  return database.db.transaction().execute(async (trx) => {
    const parent = input.parentId === null ? null : await sectionById(trx, input.parentId);
    if (input.parentId !== null && !parent) throw errors.invalidInput('parentId', `parentId: there is no section ${input.parentId}`);
    if (parent && parent.path.split('/').length >= MAX_SECTION_DEPTH) throw errors.invalidInput('parentId', `parentId: /${parent.path}/ is at the deepest level; sections go at most ${MAX_SECTION_DEPTH} deep`);
    await refuseSiblingName(trx, input.parentId, input.name, null);
    const chain = parent ? await sectionChainByPath(trx, parent.path) : [];
    const changed: string[] = [];
    const made = await ensureSectionPath(trx, [...chain.map((s) => s.name), input.name], now, changed);
    const leaf = made.at(-1)!;
    // ensureSectionPath walks by names; names are unique among siblings, so it walked to this parent.
    if ((made.at(-2)?.id ?? null) !== input.parentId) throw new Error(`createSection: section path by names led elsewhere than parent ${input.parentId}`);
    const keys = [...new Set([...changed, changeKeys.site, changeKeys.home, ...(parent ? [changeKeys.section(parent.id)] : [])])];
    await recordAudit(trx, { userId, action: 'section.create', targetKind: 'section', targetId: leaf.id, details: { name: leaf.name, path: leaf.path } }, now);
    return { value: (await sectionById(trx, leaf.id))!, changed: keys, changeIds: await recordChange(trx, keys, now) };
  });
}

/** Renames a section (its slug and path stay) or moves it among its siblings. */
export async function updateSection(database: Database, userId: number, sectionId: number, change: SectionChange, now: Date): Promise<Written<SectionItem>> {
  return database.db.transaction().execute(async (trx) => {
    const before = await sectionById(trx, sectionId);
    if (!before) throw errors.notFound(`Section ${sectionId}`);
    const renamed = change.name !== undefined && change.name !== before.name;
    if (renamed) await refuseSiblingName(trx, before.parentId, change.name!, sectionId);
    const moved = change.position !== undefined && (await reorder(trx, before.parentId, sectionId, change.position, now));
    if (!renamed && !moved) return { value: before, changed: [] };
    const changed = [changeKeys.section(sectionId), changeKeys.site, changeKeys.home];
    if (renamed) {
      await renameSection(trx, sectionId, change.name!, now);
      // Every list holding an article of this section or below: its feed prints the section's name.
      changed.push(...(await listsHoldingArticlesOf(trx, { sectionId })));
    }
    const after = (await sectionById(trx, sectionId))!;
    await recordAudit(
      trx,
      { userId, action: 'section.update', targetKind: 'section', targetId: sectionId, details: { from: { name: before.name, position: before.position }, to: { name: after.name, position: after.position } } },
      now,
    );
    return { value: after, changed, changeIds: await recordChange(trx, changed, now) };
  });
}

/** Puts a section at `position` among its siblings and renumbers them 0, 1, 2…; false when nothing moved. */
async function reorder(db: Kysely<Schema>, parentId: number | null, sectionId: number, position: number, now: Date): Promise<boolean> {
  const siblings = await siblingPositions(db, parentId);
  const others = siblings.filter((s) => s.id !== sectionId);
  const at = Math.min(position, others.length);
  if (siblings.findIndex((s) => s.id === sectionId) === at && siblings.every((s, i) => s.position === i)) return false;
  const order = [...others.slice(0, at).map((s) => s.id), sectionId, ...others.slice(at).map((s) => s.id)];
  const was = new Map(siblings.map((s) => [s.id, s.position]));
  for (const [i, id] of order.entries()) {
    if (was.get(id) !== i) await setSectionPosition(db, id, i, now);
  }
  return true;
}

/** Every section as a tree, in menu order (position, then id). */
export async function sectionTree(db: Kysely<Schema>): Promise<SectionNode[]> {
  const nodes = new Map((await sectionsInMenuOrder(db)).map((r) => [r.id, { ...r, children: [] as SectionNode[] }]));
  const roots: SectionNode[] = [];
  for (const n of nodes.values()) (n.parentId !== null && nodes.get(n.parentId) ? nodes.get(n.parentId)!.children : roots).push(n);
  return roots;
}

export const TAGS_PAGE_SIZE = 50;

/** Tags for the newsroom's list: by name prefix in any grammatical case when `q` is given (most used first), else by name a page at a time. */
export async function listTags(db: Kysely<Schema>, o: { q: string; page: number }): Promise<{ items: TagRef[]; hasNext: boolean }> {
  if (o.q.trim()) {
    const found = (await suggestNames(db, o.q, TAGS_PAGE_SIZE)).filter((s) => s.kind === 'tag');
    return { items: found.map((t) => ({ id: t.id, name: t.name, slug: t.slug, kind: t.type as TagKind })), hasNext: false };
  }
  return tagsByName(db, TAGS_PAGE_SIZE, (o.page - 1) * TAGS_PAGE_SIZE);
}

/** A tag added while tagging (anyone who writes may); a name already taken gives that tag back, unchanged. */
export async function addTag(database: Database, userId: number, tag: { name: string; kind: TagKind }, now: Date): Promise<TagRef> {
  return database.db.transaction().execute(async (trx) => {
    const existed = (await tagIdByName(trx, tag.name)) !== null;
    const made = await ensureTag(trx, tag, now);
    if (!existed) await recordAudit(trx, { userId, action: 'tag.create', targetKind: 'tag', targetId: made.id, details: { name: made.name, kind: made.kind } }, now);
    return made;
  });
}
