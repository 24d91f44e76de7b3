import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kyivLocalToUtc, kyivOffsetIso, kyivParts } from '../src/core/kyiv-time.js';

const utc = (iso: string): Date => new Date(iso);

test('kyivParts in winter and summer', () => {
  assert.deepEqual(kyivParts(utc('2026-01-07T12:05:00Z')),
    { year: 2026, month: 1, day: 7, hour: 14, minute: 5, weekday: 3 });
  assert.deepEqual(kyivParts(utc('2026-07-01T12:00:00Z')),
    { year: 2026, month: 7, day: 1, hour: 15, minute: 0, weekday: 3 });
});

test('kyivParts across midnight and new year', () => {
  assert.deepEqual(kyivParts(utc('2025-12-31T21:59:00Z')),
    { year: 2025, month: 12, day: 31, hour: 23, minute: 59, weekday: 3 });
  assert.deepEqual(kyivParts(utc('2025-12-31T22:00:00Z')),
    { year: 2026, month: 1, day: 1, hour: 0, minute: 0, weekday: 4 });
  // Sunday is 0, as Date#getDay.
  assert.equal(kyivParts(utc('2026-03-28T22:00:00Z')).weekday, 0);
});

test('kyivParts at the spring switch, 2026-03-29', () => {
  const before = kyivParts(utc('2026-03-29T00:59:00Z'));
  const after = kyivParts(utc('2026-03-29T01:00:00Z'));
  assert.deepEqual([before.day, before.hour, before.minute], [29, 2, 59]);
  assert.deepEqual([after.day, after.hour, after.minute], [29, 4, 0]);
});

test('kyivParts at the autumn switch, 2026-10-25', () => {
  const before = kyivParts(utc('2026-10-25T00:59:00Z'));
  const after = kyivParts(utc('2026-10-25T01:00:00Z'));
  assert.deepEqual([before.day, before.hour, before.minute], [25, 3, 59]);
  assert.deepEqual([after.day, after.hour, after.minute], [25, 3, 0]);
});

test('kyivLocalToUtc on ordinary days', () => {
  assert.equal(kyivLocalToUtc(2026, 1, 7, 14, 5).toISOString(), '2026-01-07T12:05:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 7, 1).toISOString(), '2026-06-30T21:00:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 1, 1).toISOString(), '2025-12-31T22:00:00.000Z');
});

test('kyivLocalToUtc around the spring switch', () => {
  assert.equal(kyivLocalToUtc(2026, 3, 29, 0, 0).toISOString(), '2026-03-28T22:00:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 3, 29, 2, 59).toISOString(), '2026-03-29T00:59:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 3, 29, 4, 0).toISOString(), '2026-03-29T01:00:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 3, 30, 0, 0).toISOString(), '2026-03-29T21:00:00.000Z');
  // 03:00–03:59 does not exist that night; it moves an hour forward.
  assert.equal(kyivLocalToUtc(2026, 3, 29, 3, 0).toISOString(), '2026-03-29T01:00:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 3, 29, 3, 30).toISOString(), '2026-03-29T01:30:00.000Z');
});

test('kyivLocalToUtc around the autumn switch', () => {
  assert.equal(kyivLocalToUtc(2026, 10, 25, 0, 0).toISOString(), '2026-10-24T21:00:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 10, 25, 2, 59).toISOString(), '2026-10-24T23:59:00.000Z');
  // 03:00–03:59 happens twice; the first (summer-time) one wins.
  assert.equal(kyivLocalToUtc(2026, 10, 25, 3, 0).toISOString(), '2026-10-25T00:00:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 10, 25, 3, 30).toISOString(), '2026-10-25T00:30:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 10, 25, 4, 0).toISOString(), '2026-10-25T02:00:00.000Z');
  assert.equal(kyivLocalToUtc(2026, 10, 26, 0, 0).toISOString(), '2026-10-25T22:00:00.000Z');
});

test('kyivLocalToUtc round-trips every quarter hour of both switch days', () => {
  for (const [month, day] of [[3, 29], [10, 25]] as const) {
    for (let m = 0; m < 24 * 60; m += 15) {
      const hour = Math.floor(m / 60);
      const minute = m % 60;
      if (month === 3 && hour === 3) continue; // skipped wall time
      const p = kyivParts(kyivLocalToUtc(2026, month, day, hour, minute));
      assert.deepEqual([p.year, p.month, p.day, p.hour, p.minute], [2026, month, day, hour, minute]);
    }
  }
});

test('kyivOffsetIso', () => {
  assert.equal(kyivOffsetIso(utc('2026-01-07T12:05:00Z')), '2026-01-07T14:05:00+02:00');
  assert.equal(kyivOffsetIso(utc('2026-07-01T12:00:42.999Z')), '2026-07-01T15:00:42+03:00');
  assert.equal(kyivOffsetIso(utc('2026-03-29T00:59:59Z')), '2026-03-29T02:59:59+02:00');
  assert.equal(kyivOffsetIso(utc('2026-03-29T01:00:00Z')), '2026-03-29T04:00:00+03:00');
  assert.equal(kyivOffsetIso(utc('2026-10-25T00:30:00Z')), '2026-10-25T03:30:00+03:00');
  assert.equal(kyivOffsetIso(utc('2026-10-25T01:30:00Z')), '2026-10-25T03:30:00+02:00');
  assert.equal(kyivOffsetIso(utc('2025-12-31T22:00:00Z')), '2026-01-01T00:00:00+02:00');
  // The offset string must describe the same instant.
  assert.equal(new Date(kyivOffsetIso(utc('2026-10-25T01:30:00Z'))).toISOString(), '2026-10-25T01:30:00.000Z');
});

test('invalid dates are rejected', () => {
  assert.throws(() => kyivParts(new Date('nope')), RangeError);
  assert.throws(() => kyivOffsetIso(new Date(Number.NaN)), RangeError);
  assert.ok(Number.isNaN(kyivLocalToUtc(Number.NaN, 1, 1).getTime()));
});
