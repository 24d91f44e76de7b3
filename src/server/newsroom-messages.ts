import type { ShpaltaError } from '../core/errors.js';
import { uk } from '../core/i18n/uk.js';

/** Two lowercase Latin words a space apart: a sentence in English ('is not', 'the body'). A file name, 'JPEG, PNG' or a list of keys is none. */
const ENGLISH_PHRASE = /\b[a-z]{2,} [a-z]{2,}\b/;
const CYRILLIC = /[а-яіїєґ]/i;

/** Whether a message is said in Ukrainian: Cyrillic, and no English phrase past its field's path. */
export const isUkrainian = (message: string) => CYRILLIC.test(message) && !ENGLISH_PHRASE.test(message.replace(/^[\w.[\]]+: /, ''));

/**
 * The words the newsroom API answers an error with. The editor shows them to a writer, so none
 * may be English: a message of our own is Ukrainian already; a framework's, a library's or one
 * written for the command line is replaced by its code's Ukrainian (uk.apiErrors), a field's
 * keeping the field's path before it, as the editor expects ('photo.mediaId: має неприпустиме значення',
 * 'name: Таке значення вже є: виберіть інше.').
 */
export function newsroomMessage(e: ShpaltaError): string {
  if (isUkrainian(e.message)) return e.message;
  const field = e.location.field;
  if (e.code === 'INVALID_INPUT' && field) return `${field}: ${uk.validation.invalid}`;
  const text = uk.apiErrors[e.code] ?? uk.apiErrors.INTERNAL!;
  return field ? `${field}: ${text}` : text;
}
