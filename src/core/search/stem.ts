import { stemmer } from '@orama/stemmers/ukrainian';

/**
 * A Ukrainian stem for search: the Snowball-style stemmer of @orama/stemmers, then rules for
 * what it leaves apart (measured on test/search-eval): past-tense verbs (ухвалив/ухвалила),
 * -ов/-ев surnames (Буданов/Будановим), the і of a closed final syllable (рік/року,
 * Львів/Львова), consonant changes before -і (безпека/безпеці, нога/нозі, муха/мусі), and a
 * short table of words it gets wrong. The same function serves indexing and queries, so a rule
 * only has to send every form of a word to one stem, not to a real root.
 */
const EXCEPTIONS: Record<string, string> = {
  київ: 'києв',
  одеси: 'одес',
  одеса: 'одес',
  одесі: 'одес',
  одесу: 'одес',
  одесою: 'одес',
  ірпінь: 'ірпен',
  ірпеня: 'ірпен',
  ірпені: 'ірпен',
  ірпенем: 'ірпен',
  піч: 'печ',
  рік: 'рок',
  сша: 'сша',
  оон: 'оон',
};

const VOWELS = 'аеєиіїоуюя';
const VOWEL_END = /[аеєиіїоуюя]+$/;
const SOFT_FINAL: Record<string, string> = { ц: 'к', з: 'г', с: 'х' };

export function stem(word: string): string {
  const exception = EXCEPTIONS[word];
  if (exception) return exception;
  if (word.length <= 2 || !/[а-яіїєґ]/.test(word)) return word;
  let s = stemmer(word);
  // ухвалила / ухвалили / ухвалило -> ухвал, as ухвалив
  if (/л[аои]$|л[аои]ся$|лось$/.test(word) && /[аиіяе]л$/.test(s) && s.length >= 6) s = s.slice(0, -2);
  // ухвалено / підписано -> ухвал / підпис
  if (/[еа]но$/.test(word) && /[еа]н$/.test(s) && s.length >= 6) s = s.slice(0, -2);
  // Trailing vowels the stemmer leaves on some forms: коаліці, підписа, сімє.
  if (s.length > 3) s = s.replace(VOWEL_END, "") || s;
  // Будаков / Будакова / Будаковим -> будак
  if (/(ов|ев|єв)$/.test(s) && s.length >= 6) s = s.slice(0, -2);
  // рік / року, Львів / Львова, ніч / ночі: the final closed syllable's і alternates with о.
  s = s.replace(/і([^аеєиіїоуюя'ь]{1,2})$/, (m, tail: string) => (s.length >= 3 && !VOWELS.includes(tail[0]!) ? `о${tail}` : m));
  // безпека / безпеці, нога / нозі, муха / мусі
  const last = s.at(-1)!;
  if (SOFT_FINAL[last] && s.length >= 3) s = s.slice(0, -1) + SOFT_FINAL[last];
  return s;
}
