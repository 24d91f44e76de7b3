import { sql, type Kysely } from 'kysely';
import type { AuthorRef, MediaRef, TagKind, TagRef } from '../../core/model.js';
import { nameTerms } from '../../core/search/names.js';
import { slugify } from '../../core/slug.js';
import type { NamedTag } from '../../core/tag-split.js';
import type { Schema } from '../schema.js';
import { fromDate, toDate } from '../values.js';
import { toMediaRef } from './media.js';
import { firstFreeSlug, inChunks } from './slugs.js';

type SluggedTable = 'authors' | 'tags';

async function freeSlug(db: Kysely<Schema>, table: SluggedTable, name: string): Promise<string> {
  return firstFreeSlug(slugify(name), (candidates) =>
    inChunks(candidates, async (chunk) => (await db.selectFrom(table).select('slug').where('slug', 'in', chunk).execute()).map((r) => r.slug)),
  );
}

/** An author by exact name, created with a unique slug when new (imports: a file names its author). */
export async function ensureAuthor(db: Kysely<Schema>, name: string, now: Date): Promise<AuthorRef> {
  const found = await db.selectFrom('authors').select(['id', 'name', 'slug']).where('name', '=', name).executeTakeFirst();
  return found ?? insertAuthor(db, name, now);
}

/**
 * A new author with a unique slug, whoever else has that name (a new account's byline). A slug
 * that another transaction takes meanwhile (two people of one name added at once) is skipped
 * for the next free one: the insert waits for that transaction and then does nothing.
 */
export async function insertAuthor(db: Kysely<Schema>, name: string, now: Date): Promise<AuthorRef> {
  for (let tries = 1; ; tries++) {
    const slug = await freeSlug(db, 'authors', name);
    const row = await db
      .insertInto('authors')
      .values({ name, slug, bio: null, photo_media_id: null, search_terms: nameTerms(name), created_at: fromDate(now), updated_at: fromDate(now) })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning(['id', 'name', 'slug'])
      .executeTakeFirst();
    if (row) return row;
    if (tries >= 100) throw new Error(`no free slug for the author '${name}' after ${tries} tries`);
  }
}

/**
 * A tag by name. Names that differ only in case or apostrophe spelling transliterate to the
 * same slug, and are taken as the same tag: 'Зеленський' once, not twice.
 */
export async function ensureTag(db: Kysely<Schema>, tag: NamedTag, now: Date): Promise<TagRef> {
  const cols = ['id', 'name', 'slug', 'kind'] as const;
  const found =
    (await db.selectFrom('tags').select(cols).where('name', '=', tag.name).executeTakeFirst()) ??
    (await db.selectFrom('tags').select(cols).where('slug', '=', slugify(tag.name)).executeTakeFirst());
  if (found) return { ...found, kind: found.kind as TagKind };
  const slug = await freeSlug(db, 'tags', tag.name);
  const row = await db
    .insertInto('tags')
    .values({ name: tag.name, slug, kind: tag.kind, search_terms: nameTerms(tag.name), created_at: fromDate(now), updated_at: fromDate(now) })
    .returning(cols)
    .executeTakeFirstOrThrow();
  return { ...row, kind: row.kind as TagKind };
}

/**
 * Stored tags that could start at one of these words: those named by a single word among
 * them and the several-word ones beginning with one. Enough to split a 'Теги:' line without
 * loading every tag.
 */
export async function knownTagsFor(db: Kysely<Schema>, words: string[]): Promise<NamedTag[]> {
  if (words.length === 0) return [];
  const unique = [...new Set(words)];
  const rows = await db
    .selectFrom('tags')
    .select(['name', 'kind'])
    .where((eb) => eb.or([eb('name', 'in', unique), ...unique.map((w) => eb('name', 'like', `${w.replace(/[%_\\]/g, '')} %`))]))
    .execute();
  return rows.map((r) => ({ name: r.name, kind: r.kind as TagKind }));
}

/**
 * Whether a tag or an author is listed with a published article: what readers may see of it.
 * A name used only on drafts, scheduled or withdrawn articles is the newsroom's business.
 */
const listedPublished = (kind: 'tag' | 'author', ref: 't.id' | 'au.id') =>
  sql<boolean>`exists (select 1 from article_listings l where l.list_kind = ${kind} and l.list_id = ${sql.ref(ref)})`;

/** A tag readers may see (one with a published article), by slug. */
export async function publicTagBySlug(db: Kysely<Schema>, slug: string): Promise<(TagRef & { updatedAt: Date }) | null> {
  const row = await db
    .selectFrom('tags as t')
    .select(['t.id', 't.name', 't.slug', 't.kind', 't.updated_at'])
    .where('t.slug', '=', slug)
    .where(listedPublished('tag', 't.id'))
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, slug: row.slug, kind: row.kind as TagKind, updatedAt: toDate(row.updated_at) } : null;
}

export interface AuthorProfile extends AuthorRef {
  bio: string | null;
  photo: MediaRef | null;
  updatedAt: Date;
}

/** An author readers may see (one with a published article), by slug: an account that never published has no public page. */
export async function publicAuthorBySlug(db: Kysely<Schema>, slug: string): Promise<AuthorProfile | null> {
  const row = await db
    .selectFrom('authors as au')
    .leftJoin('media as m', 'm.id', 'au.photo_media_id')
    .select(['au.id', 'au.name', 'au.slug', 'au.bio', 'au.updated_at', 'm.id as media_id', 'm.storage_key', 'm.width', 'm.height', 'm.mime', 'm.variant_widths'])
    .where('au.slug', '=', slug)
    .where(listedPublished('author', 'au.id'))
    .executeTakeFirst();
  if (!row) return null;
  const photo =
    row.media_id !== null && row.storage_key !== null
      ? toMediaRef({ id: row.media_id, storage_key: row.storage_key, width: row.width ?? 0, height: row.height ?? 0, mime: row.mime ?? '', variant_widths: row.variant_widths ?? '' })
      : null;
  return { id: row.id, name: row.name, slug: row.slug, bio: row.bio, photo, updatedAt: toDate(row.updated_at) };
}

/** Every author, by name (the editor's byline picker). */
export async function allAuthors(db: Kysely<Schema>): Promise<Array<{ id: number; name: string; slug: string }>> {
  return db.selectFrom('authors').select(['id', 'name', 'slug']).orderBy('name').execute();
}

/** Authors' names by id, of those that exist. */
export async function authorNamesByIds(db: Kysely<Schema>, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = ids.length ? await db.selectFrom('authors').select(['id', 'name']).where('id', 'in', [...ids]).execute() : [];
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function authorExists(db: Kysely<Schema>, id: number): Promise<boolean> {
  return (await db.selectFrom('authors').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The id of the tag of exactly this name, or null. */
export async function tagIdByName(db: Kysely<Schema>, name: string): Promise<number | null> {
  return (await db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirst())?.id ?? null;
}

/** Every tag's name and kind (the import's catalogue of known names). */
export async function allTagNames(db: Kysely<Schema>): Promise<Array<{ name: string; kind: string }>> {
  return db.selectFrom('tags').select(['name', 'kind']).execute();
}
