/**
 * Times are stored as UTC instants; readers and editors see Kyiv wall-clock
 * time. The offset always comes from the tz database via Intl, so DST rule
 * changes (Ukraine has debated abolishing DST) need only a Node/ICU update.
 */

export interface KyivParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday, as Date#getDay */
  weekday: number;
}

const TIME_ZONE = 'Europe/Kyiv';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

// Created once: constructing a DateTimeFormat is far costlier than using one.
const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

interface FullParts extends KyivParts {
  second: number;
}

function assertValid(date: Date): void {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
}

function fullParts(date: Date): FullParts {
  assertValid(date);
  const ms = date.getTime();
  if (ms < WHOLE_HOUR_SWITCHES_SINCE) return formattedParts(date);
  // Since 1991 Kyiv's clocks have changed only on the hour (UTC), so one offset holds for a
  // whole UTC hour: asked of Intl once per hour, not per date shown on a page or imported.
  const hourKey = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hourKey);
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear();
    offset = offsetFrom(formattedParts(date), ms);
    offsets.set(hourKey, offset);
  }
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay(),
  };
}

/** 1991-01-01T00:00:00Z. */
const WHOLE_HOUR_SWITCHES_SINCE = Date.UTC(1991, 0, 1);
const offsets = new Map<number, number>();

function formattedParts(date: Date): FullParts {
  const f: Record<string, string> = {};
  for (const part of formatter.formatToParts(date)) f[part.type] = part.value;
  const num = (key: string): number => Number(f[key]);
  const year = num('year');
  const month = num('month');
  const day = num('day');
  // Some ICU versions print midnight as "24" even with h23.
  const hour = num('hour') % 24;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour, minute: num('minute'), second: num('second'), weekday };
}

/** Kyiv calendar date and wall-clock time of an instant. */
export function kyivParts(date: Date): KyivParts {
  const { year, month, day, hour, minute, weekday } = fullParts(date);
  return { year, month, day, hour, minute, weekday };
}

/** Milliseconds to add to UTC to get Kyiv wall-clock time at that instant. */
function offsetFrom(p: FullParts, epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

const offsetMs = (epochMs: number): number => offsetFrom(fullParts(new Date(epochMs)), epochMs);

/**
 * UTC instant of a Kyiv wall-clock time. A time skipped by the spring switch
 * (03:00–03:59 on the last Sunday of March) is moved an hour forward; a time
 * repeated in autumn resolves to its first, summer-time occurrence.
 */
export function kyivLocalToUtc(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wall)) return new Date(Number.NaN);
  // Offsets a day either side cover both sides of any switch near this time.
  const before = offsetMs(wall - DAY_MS);
  const after = offsetMs(wall + DAY_MS);
  const candidates = before === after ? [before] : [before, after];
  const valid = candidates
    .map((offset) => wall - offset)
    .filter((instant) => offsetMs(instant) + instant === wall);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In the gap: reading the wall time with the pre-switch offset lands the
  // same distance past the switch, i.e. one hour later on the clock.
  return new Date(wall - before);
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** ISO 8601 in Kyiv time with its offset, e.g. 2026-01-07T14:05:00+02:00. */
export function kyivOffsetIso(date: Date): string {
  const p = fullParts(date);
  const offsetMinutes = Math.round(offsetFrom(p, date.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
    `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}
