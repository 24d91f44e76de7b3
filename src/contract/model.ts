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

/** Body blocks. Text is plain (escaped on output); inline markup can come later as marks. */
export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'quote'; text: string; attribution?: string }
  | { type: 'image'; mediaId?: number; src?: string; caption?: string; credit?: string; alt?: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'embed'; url: string; title?: string };

export type BlockType = Block['type'];

/** 'Нагадаємо, …': the reminder of an earlier story, with typed links to the earlier articles. */
export interface Recap {
  paragraphs: string[];
  articleIds: number[];
}
