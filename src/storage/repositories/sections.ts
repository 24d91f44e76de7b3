import type { Kysely } from 'kysely';
import { errors } from '../../core/errors.js';
import { MAX_SECTION_DEPTH } from '../../core/limits.js';
import { RESERVED_ROOT_SLUGS, type SectionRef } from '../../core/model.js';
import { changeKeys } from '../../core/change-keys.js';
import { nameTerms } from '../../core/search/names.js';
import { slugify } from '../../core/slug.js';
import type { Schema, SectionRow } from '../schema.js';
import { fromDate } from '../values.js';
import { firstFreeSlug } from './slugs.js';

const toRef = (r: Pick<SectionRow, 'id' | 'name' | 'slug' | 'path'>): SectionRef => ({ id: r.id, name: r.name, slug: r.slug, path: r.path });

export async function listSectionNames(db: Kysely<Schema>): Promise<string[]> {
  const rows = await db.selectFrom('sections').select('name').execute();
  return rows.map((r) => r.name);
}

/**
 * Finds or creates each level of a section path by name ('Світ', 'Політика') and returns the
 * chain from the root. A slug is unique among its siblings, so the path is unique.
 */
export async function ensureSectionPath(db: Kysely<Schema>, names: string[], now: Date, changed: string[] = []): Promise<SectionRef[]> {
  // Public paths deeper than this are refused unread (routes/public/pages.ts): such a section could never be shown.
  if (names.length > MAX_SECTION_DEPTH) throw errors.invalidInput('sections', `sections: ${names.join(' › ')} is ${names.length} levels deep; sections go at most ${MAX_SECTION_DEPTH} deep`);
  const chain: SectionRef[] = [];
  let parent: SectionRef | null = null;
  for (const name of names) {
    let query = db.selectFrom('sections').select(['id', 'name', 'slug', 'path']).where('name', '=', name);
    query = parent ? query.where('parent_id', '=', parent.id) : query.where('parent_id', 'is', null);
    let row = await query.executeTakeFirst();
    if (!row) {
      const prefix: string = parent ? `${parent.path}/` : '';
      const slug = await firstFreeSlug(
        slugify(name),
        async (candidates) => {
          const rows = await db
            .selectFrom('sections')
            .select('path')
            .where('path', 'in', candidates.map((c) => prefix + c))
            .execute();
          return rows.map((r) => r.path.slice(prefix.length));
        },
        parent ? new Set() : RESERVED_ROOT_SLUGS,
      );
      const position = await db
        .selectFrom('sections')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_id', parent ? '=' : 'is', parent ? parent.id : null)
        .executeTakeFirstOrThrow();
      row = await db
        .insertInto('sections')
        .values({ parent_id: parent?.id ?? null, name, slug, path: prefix + slug, position: Number(position.n), search_terms: nameTerms(name), created_at: fromDate(now), updated_at: fromDate(now) })
        .returning(['id', 'name', 'slug', 'path'])
        .executeTakeFirstOrThrow();
      // A new section changes the menu and its parent's page.
      changed.push(changeKeys.site);
    }
    parent = toRef(row);
    chain.push(parent);
  }
  return chain;
}

/** The chain from the root to the section with this path, read in one query; none for a path deeper than any section. */
export async function sectionChainByPath(db: Kysely<Schema>, path: string): Promise<SectionRef[]> {
  const parts = path.split('/', MAX_SECTION_DEPTH + 1);
  if (parts.length > MAX_SECTION_DEPTH) return [];
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  const rows = await db.selectFrom('sections').select(['id', 'name', 'slug', 'path']).where('path', 'in', prefixes).execute();
  return rows.sort((a, b) => a.path.length - b.path.length).map(toRef);
}

export async function childSections(db: Kysely<Schema>, parentId: number | null): Promise<SectionRef[]> {
  const q = db.selectFrom('sections').select(['id', 'name', 'slug', 'path']);
  const rows = await (parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId)).orderBy('position').orderBy('id').execute();
  return rows.map(toRef);
}

/** Every section with its parent, in path order (the editor's section picker). */
export async function allSections(db: Kysely<Schema>): Promise<Array<{ id: number; name: string; path: string; parentId: number | null }>> {
  const rows = await db.selectFrom('sections').select(['id', 'name', 'path', 'parent_id']).orderBy('path').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, path: r.path, parentId: r.parent_id }));
}

/** The top-level sections in the menu's order. */
export async function topSections(db: Kysely<Schema>): Promise<Array<{ name: string; path: string }>> {
  return db.selectFrom('sections').select(['name', 'path']).where('parent_id', 'is', null).orderBy('position').orderBy('id').execute();
}
