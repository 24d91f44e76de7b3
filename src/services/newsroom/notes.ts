import { errors } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import type { Actor } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { insertNote, listNotes, type ArticleNote } from '../../storage/repositories/notes.js';
import { authorizeArticle } from './article-access.js';

export type { ArticleNote };

export const MAX_NOTE_LENGTH = 2000;

/** The article's notes, for whoever may open the article in the newsroom. */
export async function articleNotes(database: Database, actor: Actor, articleId: number): Promise<ArticleNote[]> {
  await authorizeArticle(database.db, actor, articleId, 'read');
  return listNotes(database.db, articleId);
}

/** Adds a note to the article's thread: anyone who may open the article may write in it. */
export async function addNote(database: Database, actor: Actor, articleId: number, text: string, now: Date): Promise<ArticleNote[]> {
  await authorizeArticle(database.db, actor, articleId, 'read');
  const body = text.trim();
  if (!body) throw errors.invalidInput('body', uk.newsroomErrors.emptyNote);
  if (body.length > MAX_NOTE_LENGTH) throw errors.invalidInput('body', uk.newsroomErrors.longNote(MAX_NOTE_LENGTH));
  await insertNote(database.db, { articleId, userId: actor.id, body }, now);
  return listNotes(database.db, articleId);
}
