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
  /** The name's search terms, space-separated (filters and suggestions). */
  search_terms: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string | null;
  photo_media_id: number | null;
  /** The name's search terms, space-separated (filters and suggestions). */
  search_terms: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: string;
  /** The name's search terms, space-separated (filters and suggestions). */
  search_terms: Generated<string>;
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
  /** Widths of the WebP variants made for srcset, e.g. '480,960'; '' when none. */
  variant_widths: Generated<string>;
  /** The account that uploaded it in the newsroom; null for imports. */
  uploaded_by: Generated<number | null>;
  created_at: Timestamp;
}

export interface ArticlesTable {
  id: Generated<number>;
  /** Where an imported article came from (the file's base name): re-imports update it. */
  external_id: string | null;
  /** sha256 of the imported file and its photo; an unchanged re-import is skipped. */
  source_hash: string | null;
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
  is_main: Generated<Flag>;
  is_breaking: Generated<Flag>;
  /** Bumped by every editor save: a save names the version it started from (optimistic locking). */
  version: Generated<number>;
  /** The account that created it in the newsroom; null for imports. */
  created_by: Generated<number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the row was last written by anything (Last-Modified); updated_at is the editorial change. */
  changed_at: Timestamp;
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

/** Precomputed lists: one row per published article per section (and ancestor), tag and author. */
export interface ArticleListingsTable {
  list_kind: ListKind;
  list_id: number;
  article_id: number;
  published_at: Timestamp;
}

export type ListKind = 'section' | 'tag' | 'author';

export interface ContentChangesTable {
  id: Generated<number>;
  /** Space-separated cache keys ('article:12 tag-list:3 home'). */
  keys: string;
  created_at: Timestamp;
}

/** PostgreSQL's search index; SQLite's is the FTS5 table search_fts, reached through raw SQL. */
export interface SearchDocumentsTable {
  article_id: number;
  tsv: string;
  /** The article's, for the newest-first candidate pass. */
  published_at: Timestamp;
  /** Generated: tsv's title and tag lexemes (weights A and B). */
  head: Generated<string>;
}

export interface UsersTable {
  id: Generated<number>;
  /** Lower case. */
  email: string;
  name: string;
  role: string;
  /** argon2id, PHC string. */
  password_hash: string;
  /** The byline this account signs with: chosen or made with the account, never shared (unique). */
  author_id: number | null;
  disabled: Generated<Flag>;
  /** The password was handed out (a one-time password): the account changes it before anything else. */
  must_change_password: Generated<Flag>;
  /** Grammatical gender for the verbs that name the account ('feminine', 'masculine'); null: unknown. */
  gender: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A note on an article: the newsroom's thread about it, never shown to readers. */
export interface ArticleNotesTable {
  id: Generated<number>;
  article_id: number;
  user_id: number | null;
  body: string;
  created_at: Timestamp;
}

/** An editor's mark on a published article (migration 0016): a correction or an update, newest first on the page. */
export interface ArticleCorrectionsTable {
  id: Generated<number>;
  article_id: number;
  /** 'correction' or 'update'. */
  kind: string;
  note: Generated<string>;
  user_id: number | null;
  created_at: Timestamp;
}

/** An invitation or password reset: a one-time link, stored as the sha256 of its token. */
export interface PasswordLinksTable {
  token_hash: string;
  user_id: number;
  purpose: string;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  /** sha256 (hex) of the cookie's token. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: Generated<string>;
  user_agent: Generated<string>;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  /** What a failure counts against: 'ip:…', 'account:…|…' (services/newsroom/sign-in-throttle.ts). */
  key: string;
  at: Timestamp;
}

/** Where an account has signed in: a device (sha256 of its cookie's token) or an address. */
export interface SignInClientsTable {
  user_id: number;
  kind: 'device' | 'address';
  key: string;
  last_seen_at: Timestamp;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  user_id: number | null;
  kind: string;
  /** JSON of the editor's article (services/newsroom/editor-article.ts). */
  snapshot: string;
  /** A correction's or update's note, on the revision of that kind. */
  note: Generated<string | null>;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  action: string;
  target_kind: string;
  target_id: number | null;
  details: Generated<string>;
}

export interface ArticlePresenceTable {
  article_id: number;
  user_id: number;
  seen_at: Timestamp;
}

/** An account's unpublished changes to an article (migration 0008): one per article and account. */
export interface ArticleWorkingCopiesTable {
  /** No foreign key: the copy outlives a deleted article, for its owner. */
  article_id: number;
  user_id: number;
  base_version: number;
  /** JSON of the editor's fields. */
  fields: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Schema {
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  sign_in_clients: SignInClientsTable;
  password_links: PasswordLinksTable;
  article_notes: ArticleNotesTable;
  article_corrections: ArticleCorrectionsTable;
  article_revisions: ArticleRevisionsTable;
  audit_log: AuditLogTable;
  article_presence: ArticlePresenceTable;
  article_working_copies: ArticleWorkingCopiesTable;
  search_documents: SearchDocumentsTable;
  content_changes: ContentChangesTable;
  article_listings: ArticleListingsTable;
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
