import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countUk, formatDate, formatDateAt, formatTime, pluralUk } from '../src/core/uk-format.js';

const utc = (iso: string): Date => new Date(iso);
const ARTICLE = { one: 'стаття', few: 'статті', many: 'статей' };

test('formatDate: day without leading zero, genitive month, no "р."', () => {
  assert.equal(formatDate(utc('2026-01-07T12:05:00Z')), '7 січня 2026');
  assert.equal(formatDate(utc('2026-01-07T12:05:00Z'), { withTime: true }), '7 січня 2026, 14:05');
});

test('formatDate: all twelve genitive month names', () => {
  const months = ['січня', 'лютого', 'березня', 'квітня', 'травня', 'червня',
    'липня', 'серпня', 'вересня', 'жовтня', 'листопада', 'грудня'];
  months.forEach((name, i) => {
    assert.equal(formatDate(utc(`2026-${String(i + 1).padStart(2, '0')}-15T09:00:00Z`)), `15 ${name} 2026`);
  });
});

test('formatDate uses the Kyiv calendar day, not the UTC one', () => {
  // 23:30 UTC on 31 December is already New Year in Kyiv.
  assert.equal(formatDate(utc('2025-12-31T23:30:00Z'), { withTime: true }), '1 січня 2026, 01:30');
  assert.equal(formatDate(utc('2026-07-01T21:00:00Z'), { withTime: true }), '2 липня 2026, 00:00');
});

test('formatDate withTime on both sides of the DST switches', () => {
  assert.equal(formatDate(utc('2026-03-29T00:59:00Z'), { withTime: true }), '29 березня 2026, 02:59');
  assert.equal(formatDate(utc('2026-03-29T01:00:00Z'), { withTime: true }), '29 березня 2026, 04:00');
  assert.equal(formatDate(utc('2026-10-25T00:30:00Z'), { withTime: true }), '25 жовтня 2026, 03:30');
  assert.equal(formatDate(utc('2026-10-25T01:30:00Z'), { withTime: true }), '25 жовтня 2026, 03:30');
});

test('relative: today, yesterday, this year, another year', () => {
  const now = utc('2026-01-07T12:00:00Z'); // 14:00 in Kyiv
  assert.equal(formatDate(utc('2026-01-07T07:30:00Z'), { relative: true, now }), 'сьогодні, 09:30');
  assert.equal(formatDate(utc('2026-01-06T16:00:00Z'), { relative: true, now }), 'вчора, 18:00');
  assert.equal(formatDate(utc('2026-01-05T12:05:00Z'), { relative: true, now }), '5 січня, 14:05');
  assert.equal(formatDate(utc('2025-12-31T12:05:00Z'), { relative: true, now }), '31 грудня 2025, 14:05');
});

test('relative: midnight boundaries are Kyiv midnights', () => {
  const now = utc('2026-01-07T12:00:00Z');
  // Kyiv midnight of 7 January is 2026-01-06T22:00Z.
  assert.equal(formatDate(utc('2026-01-06T22:00:00Z'), { relative: true, now }), 'сьогодні, 00:00');
  assert.equal(formatDate(utc('2026-01-06T21:59:00Z'), { relative: true, now }), 'вчора, 23:59');
  // Kyiv midnight of 6 January is 2026-01-05T22:00Z.
  assert.equal(formatDate(utc('2026-01-05T22:00:00Z'), { relative: true, now }), 'вчора, 00:00');
  assert.equal(formatDate(utc('2026-01-05T21:59:00Z'), { relative: true, now }), '5 січня, 23:59');
  // Just after Kyiv midnight "now" is a new day although UTC still says yesterday.
  const justAfter = utc('2026-01-06T22:01:00Z');
  assert.equal(formatDate(utc('2026-01-06T21:30:00Z'), { relative: true, now: justAfter }), 'вчора, 23:30');
  assert.equal(formatDate(utc('2026-01-06T22:00:30Z'), { relative: true, now: justAfter }), 'сьогодні, 00:00');
});

test('relative: yesterday across month, year and DST boundaries', () => {
  assert.equal(formatDate(utc('2025-12-31T20:00:00Z'), { relative: true, now: utc('2026-01-01T10:00:00Z') }),
    'вчора, 22:00');
  assert.equal(formatDate(utc('2026-02-28T10:00:00Z'), { relative: true, now: utc('2026-03-01T10:00:00Z') }),
    'вчора, 12:00');
  // The spring-forward day has only 23 hours.
  assert.equal(formatDate(utc('2026-03-28T22:30:00Z'), { relative: true, now: utc('2026-03-29T21:30:00Z') }),
    'вчора, 00:30');
  assert.equal(formatDate(utc('2026-03-29T20:59:00Z'), { relative: true, now: utc('2026-03-29T21:30:00Z') }),
    'вчора, 23:59');
  // The fall-back day has 25 hours.
  assert.equal(formatDate(utc('2026-10-24T21:00:00Z'), { relative: true, now: utc('2026-10-25T21:59:00Z') }),
    'сьогодні, 00:00');
  assert.equal(formatDate(utc('2026-10-25T22:00:00Z'), { relative: true, now: utc('2026-10-26T08:00:00Z') }),
    'сьогодні, 00:00');
});

test('without relative, now is ignored', () => {
  const now = utc('2026-01-07T12:00:00Z');
  assert.equal(formatDate(utc('2026-01-07T07:30:00Z'), { now }), '7 січня 2026');
});

test('formatTime is zero-padded 24-hour Kyiv time', () => {
  assert.equal(formatTime(utc('2026-01-07T07:30:00Z')), '09:30');
  assert.equal(formatTime(utc('2026-07-07T07:30:00Z')), '10:30');
  assert.equal(formatTime(utc('2026-01-07T21:05:00Z')), '23:05');
  assert.equal(formatTime(utc('2026-01-07T22:00:00Z')), '00:00');
});

test('pluralUk picks one/few/many', () => {
  const cases: ReadonlyArray<readonly [number, string]> = [
    [0, 'статей'], [1, 'стаття'], [2, 'статті'], [3, 'статті'], [4, 'статті'], [5, 'статей'],
    [11, 'статей'], [12, 'статей'], [14, 'статей'], [21, 'стаття'], [22, 'статті'], [25, 'статей'],
    [101, 'стаття'], [111, 'статей'], [1000, 'статей'], [1.5, 'статті'],
  ];
  for (const [n, form] of cases) assert.equal(pluralUk(n, ARTICLE), form, String(n));
});

test('countUk: number, space, form; NBSP groups from five digits', () => {
  assert.equal(countUk(1, ARTICLE), '1 стаття');
  assert.equal(countUk(5, ARTICLE), '5 статей');
  assert.equal(countUk(21, ARTICLE), '21 стаття');
  assert.equal(countUk(9999, ARTICLE), '9999 статей');
  assert.equal(countUk(12345, ARTICLE), '12\u00A0345 статей');
  assert.equal(countUk(1234567, ARTICLE), '1\u00A0234\u00A0567 статей');
  assert.equal(countUk(10002, ARTICLE), '10\u00A0002 статті');
  assert.equal(countUk(1.5, ARTICLE), '1,5 статті');
});

test('formatDateAt: a moment as a sentence says it, in Kyiv time, with "об" before eleven', () => {
  assert.equal(formatDateAt(utc('2026-12-05T12:05:00Z')), '5 грудня 2026 о 14:05');
  assert.equal(formatDateAt(utc('2026-07-01T08:30:00Z')), '1 липня 2026 об 11:30');
  assert.equal(formatDateAt(utc('2026-07-01T21:00:00Z')), '2 липня 2026 о 00:00');
});
