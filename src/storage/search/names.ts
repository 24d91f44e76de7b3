import { sql, type Kysely } from 'kysely';
import { prefixCandidates, nameTerms } from '../../core/search/names.js';
import { slugify } from '../../core/slug.js';
import type { Schema } from '../schema.js';

type NamedTable = 'tags' | 'authors' | 'sections';

/**
 * A filter's value as a record: by slug or section path ('sport', 'svit/polityka'), by exact
 * name, or by the name's terms in any case ('тег:Зеленського' is the tag Володимир Зеленський).
 * Null when nothing matches. Readers search with it: a tag or an author counts only once it has
 * a published article, so that whether 'Не знаємо тегу «…»' appears tells nothing of drafts.
 */
export async function resolveNamed(db: Kysely<Schema>, table: NamedTable, value: string): Promise<{ id: number; name: string } | null> {
  const slug = slugify(value);
  const kind = table === 'tags' ? 'tag' : 'author';
  const published = sql<boolean>`exists (select 1 from article_listings p where p.list_kind = ${kind} and p.list_id = ${sql.ref(`${table}.id`)})`;
  const bySlug = table === 'sections'
    ? await db.selectFrom('sections').select(['id', 'name']).where((eb) => eb.or([eb('path', '=', value.replace(/^\/|\/$/g, '')), eb('slug', '=', slug), eb('name', '=', value)])).orderBy('path').executeTakeFirst()
    : await db.selectFrom(table).select(['id', 'name']).where((eb) => eb.or([eb('slug', '=', slug), eb('name', '=', value)])).where(published).executeTakeFirst();
  if (bySlug) return bySlug;
  // Each word of the value, as its stem or its whole form, must be a term of the name.
  const wanted = value.trim().split(/\s+/).map((w) => nameTerms(w).trim().split(' ').filter(Boolean)).filter((f) => f.length);
  if (wanted.length === 0) return null;
  let byTerms = db
    .selectFrom(table)
    .select(['id', 'name', 'search_terms'])
    .where((eb) => eb.or(wanted[0]!.map((t) => eb('search_terms', 'like', `% ${t} %`))));
  if (table !== 'sections') byTerms = byTerms.where(published);
  const candidates = await byTerms.limit(200).execute();
  const hit = candidates.find((c) => wanted.every((forms) => forms.some((f) => c.search_terms.includes(` ${f} `))));
  return hit ? { id: hit.id, name: hit.name } : null;
}

export interface Suggestion {
  kind: 'tag' | 'author' | 'section';
  id: number;
  name: string;
  slug: string;
  /** A tag's kind (person, organisation, place, topic); 'person' for authors. */
  type: string;
  path: string;
}

/**
 * Tags, authors and sections whose name has a word starting with what was typed, in any case.
 * `publishedOnly` (what readers are offered): tags and authors with a published article, so
 * that a name used only on drafts stays in the newsroom.
 */
export async function suggestNames(db: Kysely<Schema>, typed: string, limit = 10, o: { publishedOnly?: boolean } = {}): Promise<Suggestion[]> {
  const prefixes = prefixCandidates(typed);
  if (prefixes.length === 0) return [];
  const like = (col: string) => sql.join(prefixes.map((p) => sql`${sql.ref(col)} like ${`% ${p}%`}`), sql` or `);
  const listed = (kind: 'tag' | 'author', col: string) =>
    o.publishedOnly ? sql` and exists (select 1 from article_listings p where p.list_kind = ${kind} and p.list_id = ${sql.ref(col)})` : sql``;
  const [tags, authors, sections] = await Promise.all([
    sql<{ id: number; name: string; slug: string; kind: string; uses: number | string }>`
      select t.id, t.name, t.slug, t.kind, (select count(*) from article_listings l where l.list_kind = 'tag' and l.list_id = t.id) as uses
      from tags t where (${like('t.search_terms')})${listed('tag', 't.id')} order by uses desc, t.name limit ${limit}`.execute(db),
    sql<{ id: number; name: string; slug: string }>`select a.id, a.name, a.slug from authors a where (${like('a.search_terms')})${listed('author', 'a.id')} order by a.name limit ${limit}`.execute(db),
    sql<{ id: number; name: string; slug: string; path: string }>`select id, name, slug, path from sections where ${like('search_terms')} order by path limit ${limit}`.execute(db),
  ]);
  const out: Suggestion[] = [
    ...tags.rows.map((t) => ({ kind: 'tag' as const, id: t.id, name: t.name, slug: t.slug, type: t.kind, path: `/tag/${t.slug}/` })),
    ...authors.rows.map((a) => ({ kind: 'author' as const, id: a.id, name: a.name, slug: a.slug, type: 'person', path: `/author/${a.slug}/` })),
    ...sections.rows.map((s) => ({ kind: 'section' as const, id: s.id, name: s.name, slug: s.slug, type: 'section', path: `/${s.path}/` })),
  ];
  return out.slice(0, limit);
}
