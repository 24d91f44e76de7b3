/**
 * The editor's types. The JSON shapes it shares with the server (docs/newsroom-api.md) are
 * the contract's (src/contract/); what is declared here is the editor's own.
 */
import type { ArticleFields } from '../../contract/article.js';
import type { Block } from '../../contract/model.js';

export type { ArticleFields, ConflictLabels, EditorArticle, FormBlock, PhotoFields, WorkingCopy } from '../../contract/article.js';
export type { EditorBoot as Boot } from '../../contract/editor-boot.js';
export type { MediaItem, MediaPage } from '../../contract/media.js';
export type { ArticleStatus, Block, BlockType, CorrectionKind, Gender, PersonRef, Recap, RichText, Role, SocialPostBlock, WorkflowStep } from '../../contract/model.js';

/**
 * The fields as the editor holds them: the body may keep placeholders (a pasted image not yet
 * uploaded, an embed without its address, a social post not filled in yet) that payloadOf leaves out of what is sent.
 */
export type ArticleDraft = Omit<ArticleFields, 'body'> & { body: Block[] };

export const FIELD_NAMES: Array<keyof ArticleFields> = ['title', 'subtitle', 'lead', 'body', 'sectionId', 'authorIds', 'tagIds', 'source', 'photo', 'recap', 'isMain', 'isBreaking', 'slug'];

export interface Person {
  id: number;
  name: string;
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
