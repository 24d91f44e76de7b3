import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The tables as Kysely sees them. Both databases store the same columns; where their types
 * differ (timestamps are text in SQLite and timestamptz in PostgreSQL, booleans 0/1 or
 * boolean) the repositories convert through storage/values.ts.
 */
type Timestamp = string | Date;
type Flag = number | boolean;

export interface SectionsTable {
  id: Generated<number>;
  parent_id: number | null;
  slug: string;
  name: string;
  /** Slugs from the root, joined by '/': unique, and the section's URL. */
  path: string;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string | null;
  photo_media_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MediaTable {
  id: Generated<number>;
  /** Key in the media store, e.g. 'ab/abcdef….jpg'. */
  storage_key: string;
  sha256: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  caption: string;
  credit: string;
  alt: string;
  created_at: Timestamp;
}

export interface ArticlesTable {
  id: Generated<number>;
  /** Where an imported article came from (the file's base name): re-imports update it. */
  external_id: string | null;
  slug: string;
  title: string;
  subtitle: string | null;
  lead: string;
  /** JSON array of core Block. */
  body: string;
  status: string;
  section_id: number | null;
  source: string | null;
  photo_media_id: number | null;
  photo_caption: string | null;
  photo_credit: string | null;
  photo_alt: string | null;
  /** JSON of core Recap, or null. */
  recap: string | null;
  published_at: Timestamp | null;
  published_time_known: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface Schema {
  sections: SectionsTable;
  authors: AuthorsTable;
  tags: TagsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_authors: ArticleAuthorsTable;
  article_tags: ArticleTagsTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type SectionRow = Selectable<SectionsTable>;
export type TagRow = Selectable<TagsTable>;
export type AuthorRow = Selectable<AuthorsTable>;
export type MediaRow = Selectable<MediaTable>;
