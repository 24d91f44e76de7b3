import type { TagKind } from './model.js';
import { MULTI_WORD_ENTITIES, guessSingleWordKind, isPersonalName } from './entities.js';

export interface NamedTag {
  name: string;
  kind: TagKind;
}

/** Apostrophes in three spellings and letter case must not make two names differ. */
export const nameKey = (s: string) => s.normalize('NFC').replace(/['’ʼ`]/g, "'").toLocaleLowerCase('uk');

/**
 * Groups the words of a 'Теги:' line, where tags are separated by single spaces although some
 * are several words. In order of trust: the longest run of words that names a tag already
 * stored (or a known several-word entity), then a personal name (given name + surname), then
 * one word.
 */
export function splitTags(words: string[], known: Iterable<NamedTag>): NamedTag[] {
  // Stored tags first: on a tie in length (the sort is stable) the newsroom's own tag wins.
  const phrases = phraseIndex([...known, ...MULTI_WORD_ENTITIES]);
  const out: NamedTag[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = longestPhrase(words, i, phrases);
    if (phrase) {
      out.push({ name: phrase.value.name, kind: phrase.value.kind });
      i += phrase.length;
    } else if (isPersonalName(words[i]!, words[i + 1])) {
      out.push({ name: `${words[i]} ${words[i + 1]}`, kind: 'person' });
      i += 2;
    } else {
      out.push({ name: words[i]!, kind: guessSingleWordKind(words[i]!) });
      i += 1;
    }
  }
  return dedupe(out);
}

/** Groups breadcrumb words into section names, using the names of sections already stored. */
export function splitSectionWords(words: string[], knownNames: Iterable<string>): string[] {
  const phrases = phraseIndex([...knownNames].map((name) => ({ name })));
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = longestPhrase(words, i, phrases);
    const length = phrase?.length ?? 1;
    out.push(phrase ? phrase.value.name : words[i]!);
    i += length;
  }
  return out;
}

type PhraseIndex<T> = Map<string, Array<{ words: string[]; value: T }>>;

function phraseIndex<T extends { name: string }>(items: T[]): PhraseIndex<T> {
  const index: PhraseIndex<T> = new Map();
  for (const item of items) {
    const words = item.name.split(/\s+/).filter(Boolean).map(nameKey);
    if (words.length === 0) continue;
    const list = index.get(words[0]!) ?? [];
    list.push({ words, value: item });
    index.set(words[0]!, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

function longestPhrase<T>(words: string[], at: number, index: PhraseIndex<T>): { value: T; length: number } | null {
  const candidates = index.get(nameKey(words[at]!));
  if (!candidates) return null;
  for (const c of candidates) {
    if (c.words.every((w, k) => words[at + k] !== undefined && nameKey(words[at + k]!) === w)) {
      return { value: c.value, length: c.words.length };
    }
  }
  return null;
}

function dedupe(tags: NamedTag[]): NamedTag[] {
  const seen = new Set<string>();
  return tags.filter((t) => (seen.has(nameKey(t.name)) ? false : (seen.add(nameKey(t.name)), true)));
}
