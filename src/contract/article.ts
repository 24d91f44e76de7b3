/** The article form: what the editor sends and the server answers (docs/newsroom-api.md, "Articles"). */
import type { ArticleStatus, Block, Recap, RichText } from './model.js';

/**
 * A body block as the form carries it: an image names a stored media item and has all its
 * texts (its caption rich, as in the body). (The editor also holds placeholders, a pasted image
 * not uploaded yet, as a Block.)
 */
export type FormBlock = Exclude<Block, { type: 'image' }> | { type: 'image'; mediaId: number; caption: RichText; credit: string; alt: string };

/** The lead photo: a stored media item with the article's own caption, credit and alt. */
export interface PhotoFields {
  mediaId: number;
  caption: string;
  credit: string;
  alt: string;
}

/**
 * The fields a writer edits: what POST and PUT send, never the status or version. The server's
 * zod schema (services/newsroom/articles.ts articleFields) is checked to produce exactly this.
 */
export interface ArticleFields {
  title: string;
  subtitle: string | null;
  lead: string;
  body: FormBlock[];
  sectionId: number | null;
  authorIds: number[];
  tagIds: number[];
  source: string | null;
  photo: PhotoFields | null;
  recap: Recap | null;
  isMain: boolean;
  isBreaking: boolean;
  /** Empty: made from the title. */
  slug: string;
}

/** The editor's view of a stored article. */
export interface EditorArticle extends ArticleFields {
  id: number;
  version: number;
  status: ArticleStatus;
  publishedAt: string | null;
  createdBy: number | null;
  updatedAt: string;
  /** The public path, '/svit/polityka/<slug>-<id>.html'. */
  url: string;
}

/** Names for the ids a stored article holds (its tags, the articles its recap and text link to), which the editor that meets it in a conflict may never have seen. */
export interface ConflictLabels {
  tags: Array<{ id: number; name: string; kind: string }>;
  articles: Array<{ id: number; title: string }>;
}

/** An account's unpublished changes to a live article, kept on the server (docs/newsroom-api.md, "Working copies"). */
export interface WorkingCopy {
  articleId: number;
  /** The version the changes were made on: 'Оновити' saves over it. */
  baseVersion: number;
  article: ArticleFields;
  createdAt: string;
  updatedAt: string;
  /** Names for the ids the copy holds (sent when the copy is read). */
  labels?: ConflictLabels;
}
