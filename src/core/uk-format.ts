import { kyivLocalToUtc, kyivParts, type KyivParts } from './kyiv-time.js';

// Genitive: Ukrainian says "7 січня", never the nominative "7 січень".
const MONTHS_GENITIVE = [
  'січня', 'лютого', 'березня', 'квітня', 'травня', 'червня',
  'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня',
] as const;

export interface FormatDateOptions {
  withTime?: boolean;
  /** Reference instant for relative dates; defaults to the current time. */
  now?: Date;
  /** "сьогодні, 09:30" / "вчора, 18:00" / "7 січня, 14:05"; always shows the time. */
  relative?: boolean;
}

export interface PluralForms {
  one: string;
  few: string;
  many: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const clock = (p: KyivParts): string => `${pad2(p.hour)}:${pad2(p.minute)}`;
const dayMonth = (p: KyivParts): string => `${p.day} ${MONTHS_GENITIVE[p.month - 1]}`;

const sameDay = (a: KyivParts, b: { year: number; month: number; day: number }): boolean =>
  a.year === b.year && a.month === b.month && a.day === b.day;

function previousDay(p: KyivParts): { year: number; month: number; day: number } {
  // Calendar arithmetic on a UTC date avoids any DST effect on the day length.
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day - 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Ukrainian date in Kyiv time: "7 січня 2026", optionally with ", 14:05". */
export function formatDate(date: Date, opts: FormatDateOptions = {}): string {
  const p = kyivParts(date);
  if (opts.relative) {
    const today = kyivParts(opts.now ?? new Date());
    if (sameDay(p, today)) return `сьогодні, ${clock(p)}`;
    if (sameDay(p, previousDay(today))) return `вчора, ${clock(p)}`;
    if (p.year === today.year) return `${dayMonth(p)}, ${clock(p)}`;
    return `${dayMonth(p)} ${p.year}, ${clock(p)}`;
  }
  const full = `${dayMonth(p)} ${p.year}`;
  return opts.withTime ? `${full}, ${clock(p)}` : full;
}

/**
 * A moment as a sentence says it, in Kyiv time: '5 грудня 2026 о 14:05'. 'Об' before a vowel:
 * 11 reads 'об одинадцятій'.
 */
export function formatDateAt(date: Date): string {
  const p = kyivParts(date);
  return `${dayMonth(p)} ${p.year} ${atClock(clock(p))}`;
}

/** A wall-clock time with its preposition: 'о 14:05', 'об 11:05' (11 reads 'об одинадцятій'). */
export function atClock(time: string): string {
  return `${time.startsWith('11:') ? 'об' : 'о'} ${time}`;
}

/**
 * When something changed, as a page says it to a reader at `now`: the time alone today (day
 * null), the day and month this year ('5 грудня'), with the year before ('5 грудня 2025'). Kyiv time.
 */
export function changeMoment(date: Date, now: Date): { day: string | null; time: string } {
  const p = kyivParts(date);
  const today = kyivParts(now);
  if (sameDay(p, today)) return { day: null, time: clock(p) };
  return { day: p.year === today.year ? dayMonth(p) : `${dayMonth(p)} ${p.year}`, time: clock(p) };
}

/**
 * Until when changeMoment(date, now) stays what a reader at a later time would be told: the next
 * Kyiv midnight for a change of today, the next Kyiv new year for one of this year; null after.
 */
export function changeMomentValidUntil(date: Date, now: Date): Date | null {
  const p = kyivParts(date);
  const today = kyivParts(now);
  if (sameDay(p, today)) return kyivLocalToUtc(today.year, today.month, today.day + 1);
  if (p.year === today.year) return kyivLocalToUtc(today.year + 1, 1, 1);
  return null;
}

/** 24-hour Kyiv wall-clock time, "09:30". */
export function formatTime(date: Date): string {
  return clock(kyivParts(date));
}

const pluralRules = new Intl.PluralRules('uk');

/** Noun form agreeing with n: 1 стаття, 3 статті, 5 статей, 21 стаття. */
export function pluralUk(n: number, forms: PluralForms): string {
  switch (pluralRules.select(n)) {
    case 'one':
      return forms.one;
    case 'few':
      return forms.few;
    case 'many':
      return forms.many;
    default:
      // "other" only covers fractions, which take the genitive singular
      // ("1,5 статті") — the same word as the "few" form.
      return forms.few;
  }
}

const NBSP = '\u00A0';
const plainNumber = new Intl.NumberFormat('uk', { useGrouping: false, maximumFractionDigits: 2 });

/** Ukrainian number style: comma decimals, groups only from five digits ("5000", "12 345"). */
function formatNumberUk(n: number): string {
  const text = plainNumber.format(n);
  if (Math.abs(n) < 10_000) return text;
  return text.replace(/\d+/, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, NBSP));
}

/** Number and agreeing noun: "5 статей", "12 345 статей" (non-breaking group space). */
export function countUk(n: number, forms: PluralForms): string {
  // Agree with the number as shown, so 21.001 ("21") still reads "21 стаття".
  const shown = Math.round(n * 100) / 100;
  return `${formatNumberUk(n)} ${pluralUk(shown, forms)}`;
}
