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
  львів: 'львов',
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
  // Far more often the genitive plural of місто than the bridge: leave it with the cities.
  міст: 'міст',
  сша: 'сша',
  оон: 'оон',
};

const VOWEL_END = /[аеєиіїоуюя]+$/;
const SOFT_FINAL: Record<string, string> = { ц: 'к', з: 'г', с: 'х' };

/**
 * `capitalised`: the word was written with a capital (a name): its -ов/-ев/-ін surname or a
 * foreign -ем name is kept whole, as the stemmer would take those letters for an ending.
 */
export function stem(word: string, capitalised = false): string {
  const exception = EXCEPTIONS[word];
  if (exception) return exception;
  if (word.length <= 2 || !/[а-яіїєґ]/.test(word)) return word;
  const base = stemmer(word);
  let s = base;
  // ухвалила / ухвалили / ухвалило -> ухвал, as ухвалив
  if (/л[аои]$|л[аои]ся$|лось$/.test(word) && /[аиіяе]л$/.test(s) && s.length >= 6) s = s.slice(0, -2);
  // ухвалено / підписано -> ухвал / підпис
  if (/[еа]но$/.test(word) && /[еа]н$/.test(s) && s.length >= 6) s = s.slice(0, -2);
  // Trailing vowels the stemmer leaves on some forms: коаліці, підписа, сімє.
  if (s.length > 3) s = s.replace(VOWEL_END, '') || s;
  // відбудувати / відбудують / відбудований / відбудова -> відбуд
  if (!capitalised) s = s.replace(/(?<=.{4})(ув|юв|уют|юют|ован|йован)$/, '');
  // Будаков / Будакова / Будаковим -> будак; Харків / Харкова -> харк
  if (/(ов|ев|єв)$/.test(s) && s.length >= 6) s = s.slice(0, -2);
  // Ярослав, В’ячеслав: in a name, -ав is not a verb's past tense.
  if (capitalised && word === `${s}ав` && s.endsWith('сл')) s = word;
  // Нордстрем: -ем after two consonants is the name, not an instrumental ending.
  if (capitalised && word === `${s}ем` && /[^аеєиіїоуюя]{2}$/.test(s)) s = word;
  // рік / року, Львів / Львова, ніч / ночі: the і of a final closed syllable alternates with о.
  // Only for a word without an ending (місто keeps its і: міста, not мости), and not in names
  // (Стів, Стіва), whose few alternating places are exceptions above.
  if (s === word && !capitalised) s = s.replace(/і([^аеєиіїоуюя'ь]{1,2})$/, 'о$1');
  // безпека / безпеці, нога / нозі, муха / мусі
  const last = s.at(-1)!;
  if (SOFT_FINAL[last] && s.length >= 3) s = s.slice(0, -1) + SOFT_FINAL[last];
  return s;
}
