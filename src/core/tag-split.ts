import type { TagKind } from './model.js';
import { MULTI_WORD_ENTITIES, guessSingleWordKind, isPersonalName } from './entities.js';

export interface NamedTag {
  name: string;
  kind: TagKind;
}

/** Apostrophes in three spellings and letter case must not make two names differ. */
export function nameKey(s: string): string {
  let key = nameKeys.get(s);
  if (key === undefined) {
    // Remembered: a bulk import asks for the same few thousand words a million times.
    if (nameKeys.size >= 50_000) nameKeys.clear();
    key = s.normalize('NFC').replace(/['’ʼ`]/g, "'").toLocaleLowerCase('uk');
    nameKeys.set(s, key);
  }
  return key;
}

const nameKeys = new Map<string, string>();

/**
 * Groups the words of a 'Теги:' line, where tags are separated by single spaces although some
 * are several words. In order of trust: the longest run of words that names a tag already
 * stored (or a known several-word entity), then a personal name (given name + surname), then
 * one word.
 */
export function splitTags(words: string[], known: Iterable<NamedTag>): NamedTag[] {
  // Stored tags first: on a tie in length (the sort is stable) the newsroom's own tag wins.
  const phrases = withEntities(phraseIndex([...known]));
  const keys = words.map(nameKey);
  const out: NamedTag[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = longestPhrase(keys, i, phrases);
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
  const index = phraseIndex([...knownNames].map((name) => ({ name })));
  const phrases: PhraseLookup<{ name: string }> = (key) => index.get(key);
  const keys = words.map(nameKey);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const phrase = longestPhrase(keys, i, phrases);
    const length = phrase?.length ?? 1;
    out.push(phrase ? phrase.value.name : words[i]!);
    i += length;
  }
  return out;
}

type PhraseIndex<T> = Map<string, Array<{ words: string[]; value: T }>>;

let entityIndex: PhraseIndex<NamedTag> | null = null;

/** Phrases that begin with a word (by its nameKey), longest first. */
type PhraseLookup<T> = (key: string) => Array<{ words: string[]; value: T }> | undefined;

/** The stored tags' phrases, then the known several-word entities' (indexed once). */
function withEntities(index: PhraseIndex<NamedTag>): PhraseLookup<NamedTag> {
  const entities = (entityIndex ??= phraseIndex(MULTI_WORD_ENTITIES));
  return (key) => {
    const own = index.get(key);
    const known = entities.get(key);
    if (!own || !known) return own ?? known;
    return [...own, ...known].sort((a, b) => b.words.length - a.words.length);
  };
}

/**
 * The keys of a name's words, remembered per name: a bulk import splits the tag lines of a
 * hundred thousand files against the same stored tags.
 */
function nameWords(name: string): string[] {
  let words = wordsOfName.get(name);
  if (words === undefined) {
    if (wordsOfName.size >= 50_000) wordsOfName.clear();
    words = name.split(/\s+/).filter(Boolean).map(nameKey);
    wordsOfName.set(name, words);
  }
  return words;
}

const wordsOfName = new Map<string, string[]>();

function phraseIndex<T extends { name: string }>(items: readonly T[]): PhraseIndex<T> {
  const index: PhraseIndex<T> = new Map();
  for (const item of items) {
    const words = nameWords(item.name);
    if (words.length === 0) continue;
    const list = index.get(words[0]!) ?? [];
    list.push({ words, value: item });
    index.set(words[0]!, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

/** The longest known phrase at `at`, the words given by their keys (nameKey). */
function longestPhrase<T>(keys: string[], at: number, phrases: PhraseLookup<T>): { value: T; length: number } | null {
  const candidates = phrases(keys[at]!);
  if (!candidates) return null;
  for (const c of candidates) {
    if (c.words.every((w, k) => keys[at + k] !== undefined && keys[at + k] === w)) {
      return { value: c.value, length: c.words.length };
    }
  }
  return null;
}

function dedupe(tags: NamedTag[]): NamedTag[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = nameKey(t.name);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
