/**
 * Ukrainian-to-Latin transliteration per Cabinet of Ministers of Ukraine
 * resolution No. 55 of 27.01.2010 — the system used in passports and on
 * road signs, so readers recognise the spelling of names and places.
 */

// Letters whose Latin form does not depend on position in the word.
const FIXED: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z',
  и: 'y', і: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ь: '',
  // Not Ukrainian, but they turn up in quotes and names; the resolution is
  // silent on them, so use the nearest Ukrainian-style equivalents.
  ы: 'y', э: 'e', ъ: '',
};

// [word-initial form, elsewhere form]
const POSITIONAL: Readonly<Record<string, readonly [string, string]>> = {
  є: ['ye', 'ie'],
  ї: ['yi', 'i'],
  й: ['y', 'i'],
  ю: ['yu', 'iu'],
  я: ['ya', 'ia'],
  ё: ['yo', 'io'],
};

// U+02BC and U+02B9 are only ever apostrophes; the others double as quotes,
// backticks or primes, so they are dropped only inside a Cyrillic word.
const ALWAYS_APOSTROPHES = new Set(['\u02BC', '\u02B9']);
const APOSTROPHES = new Set(["'", '\u2019', '\u02BC', '`', '\u2018', '\u2032', '\u02B9']);

const LETTER = /\p{L}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

const isLetter = (c: string | undefined): boolean => c !== undefined && LETTER.test(c);
const isUpper = (c: string | undefined): boolean =>
  c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();

function isDroppedApostrophe(chars: readonly string[], i: number): boolean {
  const c = chars[i];
  if (c === undefined || !APOSTROPHES.has(c)) return false;
  if (ALWAYS_APOSTROPHES.has(c)) return true;
  const prev = chars[i - 1];
  const next = chars[i + 1];
  return isLetter(prev) && isLetter(next) &&
    (CYRILLIC.test(prev ?? '') || CYRILLIC.test(next ?? ''));
}

/** Nearest letter in the given direction, looking through in-word apostrophes. */
function neighbourLetter(chars: readonly string[], i: number, step: 1 | -1): string | undefined {
  let j = i + step;
  while (isDroppedApostrophe(chars, j)) j += step;
  const c = chars[j];
  return isLetter(c) ? c : undefined;
}

/** Shapes a multi-letter Latin form after the case of its source letter and its word. */
function applyCase(latin: string, source: string, chars: readonly string[], i: number): string {
  if (!isUpper(source) || latin.length === 0) return latin;
  // An all-caps word (КМДА, ЩЕДРИК) keeps every output letter upper-case;
  // a capitalised word (Щербухи) gets only the first one.
  const next = neighbourLetter(chars, i, 1);
  const allCaps = next !== undefined ? isUpper(next) : isUpper(neighbourLetter(chars, i, -1));
  return allCaps ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
}

export function transliterate(text: string): string {
  // NFC so a decomposed й (и + breve) or ї (і + diaeresis) maps as one letter.
  const chars = Array.from(text.normalize('NFC'));
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (isDroppedApostrophe(chars, i)) continue;
    const lower = c.toLowerCase();
    let latin: string | undefined;
    const positional = POSITIONAL[lower];
    if (positional !== undefined) {
      latin = neighbourLetter(chars, i, -1) === undefined ? positional[0] : positional[1];
    } else if (lower === 'г' && neighbourLetter(chars, i, -1)?.toLowerCase() === 'з') {
      // "зг" is written "zgh" so that it cannot be read as "zh" (ж).
      latin = 'gh';
    } else {
      latin = FIXED[lower];
    }
    out += latin === undefined ? c : applyCase(latin, c, chars, i);
  }
  return out;
}
