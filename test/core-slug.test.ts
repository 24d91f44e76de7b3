import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugify, withSuffix } from '../src/core/slug.js';

test('required results', () => {
  assert.equal(slugify('Президент після саміту «коаліції охочих»'), 'prezydent-pislia-samitu-koalitsii-okhochykh');
  assert.equal(slugify('Зеленський'), 'zelenskyi');
  assert.equal(slugify('Ївано-Франківськ'), 'yivano-frankivsk');
  assert.equal(slugify('Стів Віткофф'), 'stiv-vitkoff');
  assert.equal(slugify('КМДА'), 'kmda');
  assert.equal(slugify('Об’єднання'), 'obiednannia');
});

test('apostrophes are dropped before transliteration', () => {
  assert.equal(slugify("м'ята"), 'miata');
  assert.equal(slugify('Короп’є'), 'koropie');
  assert.equal(slugify('ʼЯ'), 'ya');
  assert.equal(slugify("O'Brien's"), 'obriens');
});

test('NFC normalisation of decomposed input', () => {
  assert.equal(slugify('Київ'.normalize('NFD')), 'kyiv');
});

test('Latin diacritics are stripped', () => {
  assert.equal(slugify('Café Größe Łódź Ærø'), 'cafe-grosse-lodz-aero');
});

test('runs of other characters become one hyphen, trimmed', () => {
  assert.equal(slugify('  — 5 фактів: що відомо?! — '), '5-faktiv-shcho-vidomo');
  assert.equal(slugify('COVID-19 & ЗСУ / 2026'), 'covid-19-zsu-2026');
});

test('input without letters or digits gives an empty slug', () => {
  assert.equal(slugify(''), '');
  assert.equal(slugify(' «—» !? '), '');
  assert.equal(slugify("'ʼ’"), '');
});

test('cut at a hyphen boundary, never leaving a trailing hyphen', () => {
  assert.equal(slugify('один два три', 10), 'odyn-dva');
  assert.equal(slugify('один два три', 8), 'odyn-dva');
  assert.equal(slugify('один два три', 9), 'odyn-dva');
  assert.equal(slugify('один два три', 7), 'odyn');
  // A single word longer than the limit is cut hard.
  assert.equal(slugify('Дніпропетровщина', 6), 'dnipro');
  assert.equal(slugify('абв', 0), '');
  const long = slugify('Президент після саміту «коаліції охочих» '.repeat(5));
  assert.ok(long.length <= 80);
  assert.match(long, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('withSuffix keeps slugs unique', () => {
  assert.equal(withSuffix('kyiv', 1), 'kyiv');
  assert.equal(withSuffix('kyiv', 2), 'kyiv-2');
  assert.equal(withSuffix('kyiv', 3), 'kyiv-3');
  assert.throws(() => withSuffix('kyiv', 0), RangeError);
  assert.throws(() => withSuffix('kyiv', 1.5), RangeError);
});
