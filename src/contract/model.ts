/**
 * The content model as the editor and the server both see it. core/model.ts and core/roles.ts
 * hold the server's lists of these values and are checked against these types.
 */

/** draft -> review (awaiting an editor) -> scheduled or published -> unpublished (core/roles.ts says who may). */
export type ArticleStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished';

/** Newsroom roles, least to most (core/roles.ts ROLES). */
export type Role = 'contributor' | 'author' | 'editor' | 'admin';

/** The workflow's steps (core/roles.ts TRANSITIONS). */
export type WorkflowStep = 'submit' | 'reject' | 'publish' | 'schedule' | 'unschedule' | 'unpublish';

/**
 * Inline marks on a text run, as ProseMirror's JSON writes them (`{ type, attrs }`). A link goes
 * either to an address (http, https or mailto: `href`) or to one of our articles by id
 * (`articleId`), printed with that article's current URL, or as plain text while it is not
 * public. Exactly one of the two is set.
 */
export type Mark =
  | { type: 'bold' }
  | { type: 'italic' }
  | { type: 'link'; attrs: LinkAttrs };

export type LinkAttrs = { href: string; articleId: null } | { href: null; articleId: number };

/** A run of text with its marks (ProseMirror's text node; `marks` is absent when there are none). */
export interface TextRun {
  type: 'text';
  /** Never empty. */
  text: string;
  marks?: Mark[];
}

/** A line break inside a paragraph, quote, caption or list item (ProseMirror's `hard_break`). */
export interface HardBreak {
  type: 'hardBreak';
}

export type Inline = TextRun | HardBreak;

/** Text with inline marks: a paragraph's, heading's, quote's, caption's or list item's content. */
export type RichText = Inline[];

export type SocialPlatform = 'telegram' | 'x' | 'facebook' | 'instagram' | 'youtube' | 'tiktok' | 'threads' | 'bluesky';

/**
 * A post on a social platform as quoted, with its provenance: who posted it where and when, and
 * who captured it when (the post may be deleted later; the block keeps what was seen).
 */
export interface SocialPostBlock {
  type: 'social';
  platform: SocialPlatform;
  /** The post's own address (https). */
  url: string;
  /** The account's display name: 'Володимир Зеленський'. */
  accountName: string;
  /** The account's handle without '@': 'V_Zelenskiy_official'. */
  handle: string;
  /** When it was posted (ISO 8601 with offset), when known. */
  postedAt: string | null;
  /** The post's text as quoted; line breaks kept. */
  text: string;
  /** A photo of the post's, stored in our media library, with its credit. */
  media: { mediaId: number; alt: string; credit: string } | null;
  /** When the quote was taken (ISO 8601). */
  capturedAt: string;
  /** Who took it: the account's id and its name then. */
  capturedBy: { id: number; name: string } | null;
}

/** Body blocks. Text is rich (marks on runs, escaped on output); attribution, credit, alt and titles are plain. */
export type Block =
  | { type: 'paragraph'; content: RichText }
  | { type: 'heading'; level: 2 | 3; content: RichText }
  | { type: 'quote'; content: RichText; attribution?: string }
  | { type: 'image'; mediaId?: number; src?: string; caption?: RichText; credit?: string; alt?: string }
  | { type: 'list'; ordered: boolean; items: RichText[] }
  | { type: 'embed'; url: string; title?: string }
  | SocialPostBlock;

export type BlockType = Block['type'];

/** 'Нагадаємо, …': the reminder of an earlier story, with typed links to the earlier articles. */
export interface Recap {
  paragraphs: RichText[];
  articleIds: number[];
}

/** What an editor marks a published article's change as (core/model.ts CORRECTION_KINDS). */
export type CorrectionKind = 'correction' | 'update';

/** A person's grammatical gender, for the verbs that name them ('опублікувала', 'опублікував'); 'unknown' takes a neutral wording. */
export type Gender = 'feminine' | 'masculine' | 'unknown';

/** A newsroom account as the editor names it: in notes, revisions, a conflict, a returned article. */
export interface PersonRef {
  id: number;
  name: string;
  gender: Gender;
}
