import { transliterate } from './transliterate.js';

// Every spelling an editor's keyboard or a wire copy may use for the apostrophe.
const APOSTROPHES = /['\u2019\u02BC`\u2018\u2032\u02B9]/g;

// Latin letters that NFKD does not decompose into a base letter plus a mark.
const LATIN_EXTRAS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};

/** URL-safe slug of a headline or name: lower-case a–z, 0–9 and single hyphens. */
export function slugify(text: string, maxLength = 80): string {
  // Apostrophes go first so "м'ята" reads as one word and я stays "ia".
  const latin = transliterate(text.normalize('NFC').replace(APOSTROPHES, ''))
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => LATIN_EXTRAS[c] ?? c);
  const slug = latin.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return truncate(slug, maxLength);
}

function truncate(slug: string, maxLength: number): string {
  if (slug.length <= maxLength) return slug;
  if (maxLength <= 0) return '';
  const cut = slug.slice(0, maxLength);
  // Prefer whole words; a single over-long word is cut hard rather than lost.
  const boundary = slug[maxLength] === '-' ? maxLength : cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : cut).replace(/-+$/, '');
}

/** Disambiguates a taken slug: n = 1 is the slug itself, then "slug-2", "slug-3"… */
export function withSuffix(slug: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Slug suffix must be a positive integer, got ${n}`);
  }
  return n === 1 ? slug : `${slug}-${n}`;
}
