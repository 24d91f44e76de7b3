/**
 * Words, characters and the reading time of the body as it stands, agreeing in number
 * ('1 слово', '3 слова', '5 слів'), for the line under the writing surface.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { countUk } from '../../../core/uk-format.js';
import { t } from '../strings.js';

/** A reader's pace: words a minute, for news prose in Ukrainian. */
const WORDS_PER_MINUTE = 180;

export interface Counts {
  words: number;
  characters: number;
  minutes: number;
}

/** What a reader reads of a document: its text blocks' text and the quoted social posts. */
export function countsOf(doc: PMNode): Counts {
  let text = '';
  doc.descendants((node) => {
    if (node.isTextblock) text += `${node.textBetween(0, node.content.size, '\n', '\n')}\n`;
    else if (node.type.name === 'social') text += `${(node.attrs.post as { text?: string } | null)?.text ?? ''}\n`;
    return !node.isTextblock;
  });
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’ʼ-]*/gu)?.length ?? 0;
  const characters = [...text.replace(/\n/g, '')].length;
  return { words, characters, minutes: words ? Math.max(1, Math.round(words / WORDS_PER_MINUTE)) : 0 };
}

const forms = (key: 'words' | 'characters' | 'minutes') => ({ one: t(`counts.${key}.one`), few: t(`counts.${key}.few`), many: t(`counts.${key}.many`) });

/** '312 слів · 2045 знаків · читати 2 хвилини'. */
export function describeCounts(c: Counts): string {
  return t('counts.line', { words: countUk(c.words, forms('words')), characters: countUk(c.characters, forms('characters')), time: c.minutes ? countUk(c.minutes, forms('minutes')) : t('counts.noTime') });
}
