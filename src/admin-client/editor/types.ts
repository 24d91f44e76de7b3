/** What the server sends and the editor keeps: the JSON shapes of docs/newsroom-api.md. */

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'quote'; text: string; attribution?: string }
  | { type: 'image'; mediaId?: number; src?: string; caption?: string; credit?: string; alt?: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'embed'; url: string; title?: string };

export type BlockType = Block['type'];

export interface PhotoFields {
  mediaId: number | null;
  caption: string;
  credit: string;
  alt: string;
}

export interface Recap {
  paragraphs: string[];
  articleIds: number[];
}

/** The fields a writer edits: what PUT and POST send. */
export interface ArticleFields {
  title: string;
  subtitle: string | null;
  lead: string;
  body: Block[];
  sectionId: number | null;
  authorIds: number[];
  tagIds: number[];
  source: string | null;
  photo: PhotoFields | null;
  recap: Recap | null;
  isMain: boolean;
  isBreaking: boolean;
  slug: string;
}

export const FIELD_NAMES: Array<keyof ArticleFields> = ['title', 'subtitle', 'lead', 'body', 'sectionId', 'authorIds', 'tagIds', 'source', 'photo', 'recap', 'isMain', 'isBreaking', 'slug'];

export type Status = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished';
export type Role = 'contributor' | 'author' | 'editor' | 'admin';
export type Step = 'submit' | 'reject' | 'publish' | 'schedule' | 'unpublish';

/** Names the server sends with a conflict for the ids of the stored article (server: ConflictLabels). */
export interface ConflictLabels {
  tags: Tag[];
  articles: Array<{ id: number; title: string }>;
}

export interface EditorArticle extends ArticleFields {
  id: number;
  version: number;
  status: Status;
  publishedAt: string | null;
  createdBy: number | null;
  updatedAt: string;
  url: string;
}

export interface Person {
  id: number;
  name: string;
}

export interface Media {
  id: number;
  url: string;
  width: number;
  height: number;
  caption: string;
  credit: string;
  alt: string;
  variantWidths: number[];
}

export interface Tag {
  id: number;
  name: string;
  kind: string;
}

export interface Section {
  id: number;
  name: string;
  path: string;
  parentId: number | null;
}

/** A string table: nested objects of plain strings with {placeholders}. */
export interface Strings {
  [key: string]: string | Strings;
}

/** This account's unpublished changes to a live article, kept on the server (services/newsroom/working-copy.ts). */
export interface WorkingCopy {
  articleId: number;
  /** The version the changes were made on. */
  baseVersion: number;
  article: ArticleFields;
  createdAt: string;
  updatedAt: string;
  /** Names for the ids the copy holds (sent when the copy is read). */
  labels?: ConflictLabels;
}

/** The JSON the server embeds in the page. */
export interface Boot {
  article: EditorArticle | null;
  editable: boolean;
  editors: Person[];
  csrfToken: string;
  user: { id: number; name: string; role: Role; authorId: number | null };
  siteUrl: string;
  /** core/roles.ts TRANSITIONS: which statuses each step starts from and the least role. */
  transitions: Record<Step, { from: Status[]; to: Status; min: Role }>;
  roles: Role[];
  statuses: Record<Status, string>;
  tagKinds: Record<string, string>;
  strings: Strings;
  /** This account's working copy of the article (or of one deleted meanwhile, when `article` is null). */
  workingCopy: WorkingCopy | null;
}
