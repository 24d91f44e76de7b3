import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isShpaltaError } from '../src/core/errors.js';
import { analyze } from '../src/core/search/analyzer.js';
import { parseQuery, type ParsedQuery } from '../src/core/search/query.js';

const t = (word: string) => analyze(word)[0]!;
/** Each clause's first reading per position: the term of the word as typed. */
const firsts = (must: ParsedQuery['must']) => must.map((clause) => clause.map((alts) => alts[0]!));
const iso = (d: Date | null) => d?.toISOString() ?? null;
const range = (q: ParsedQuery) => [iso(q.from), iso(q.to)];

/** parseQuery(input) throws INVALID_INPUT on the field 'q', with a Ukrainian message matching `message`. */
function rejects(input: string, message: RegExp) {
  assert.throws(
    () => parseQuery(input),
    (e: unknown) => {
      assert.ok(isShpaltaError(e), `a ShpaltaError for ${JSON.stringify(input)}`);
      assert.equal(e.code, 'INVALID_INPUT');
      assert.equal(e.location.field, 'q');
      assert.match(e.message, /[а-яіїєґ]/i, 'said in Ukrainian');
      assert.match(e.message, message);
      return true;
    },
    `${JSON.stringify(input)} is an error`,
  );
}

describe('parseQuery: words, phrases, exclusions', () => {
  test('words: each a term that must match, in any form; highlight keeps them as typed', () => {
    const q = parseQuery('переговори Зеленського');
    assert.deepEqual(firsts(q.must), [[t('переговори')], [t('Зеленський')]]);
    assert.deepEqual(firsts(q.must), [['переговор'], ['зеленськ']]);
    assert.deepEqual(q.not, []);
    assert.deepEqual(q.highlight, ['переговори', 'Зеленського']);
    assert.deepEqual([q.section, q.tag, q.author, q.from, q.to], [null, null, null, null, null]);
  });

  test('a word typed in lower case also stands for the name it may be', () => {
    assert.deepEqual(parseQuery('ярослав').must, [[[...new Set([t('ярослав'), t('Ярослав')])]]]);
    assert.ok(parseQuery('ярослав').must[0]![0]!.includes(t('Ярослав')));
    assert.deepEqual(parseQuery('Ярослав').must, [[[t('Ярослав')]]], 'a capital says it is the name');
  });

  test('a word given twice, in any of its forms, is asked for once', () => {
    assert.deepEqual(firsts(parseQuery('Київ Києва київ').must), [[t('Київ')]]);
    assert.deepEqual(firsts(parseQuery('переговори переговори Зеленського').must), [[t('переговори')], [t('Зеленський')]]);
    assert.deepEqual(firsts(parseQuery('"коаліції охочих" «коаліції охочих» охочих').must), [[t('коаліції'), t('охочих')], [t('охочих')]], 'a phrase is not a word');
  });

  test('stop words are left out of the query', () => {
    assert.deepEqual(firsts(parseQuery('Київ і Львів').must), [[t('Київ')], [t('Львів')]]);
  });

  test('a "quoted phrase" and a «phrase in guillemets» are one item of terms in order', () => {
    const phrase = [t('коаліції'), t('охочих')];
    assert.deepEqual(firsts(parseQuery('"коаліції охочих"').must), [phrase]);
    assert.deepEqual(firsts(parseQuery('«коаліції охочих»').must), [phrase]);
    const mixed = parseQuery('Париж "коаліції охочих" Зеленський');
    assert.deepEqual(firsts(mixed.must), [[t('Париж')], phrase, [t('Зеленський')]]);
    assert.deepEqual(mixed.highlight, ['Париж', 'коаліції охочих', 'Зеленський']);
  });

  test('-word and -"phrase" are excluded', () => {
    const q = parseQuery('Зеленський -Парижі -"коаліції охочих"');
    assert.deepEqual(firsts(q.must), [[t('Зеленський')]]);
    assert.deepEqual(q.not, [t('Парижі'), t('коаліції'), t('охочих')]);
    assert.deepEqual(q.highlight, ['Зеленський'], 'excluded words are not highlighted');
  });

  test('an unknown name:value is ordinary words', () => {
    const q = parseQuery('foo:bar переговори');
    assert.deepEqual(firsts(q.must), [['foo'], ['bar'], [t('переговори')]]);
    assert.deepEqual([q.section, q.tag, q.author, q.from, q.to], [null, null, null, null, null]);
    assert.deepEqual(firsts(parseQuery('Зеленський: переговори').must), [[t('Зеленський')], [t('переговори')]], 'a word before a colon');
  });
});

describe('parseQuery: filters', () => {
  test('розділ: / section: take a slug or a name, with words alongside', () => {
    const q = parseQuery('розділ:svit переговори');
    assert.equal(q.section, 'svit');
    assert.deepEqual(firsts(q.must), [[t('переговори')]]);
    assert.equal(parseQuery('section:sport').section, 'sport');
    assert.equal(parseQuery('розділ:Світ').section, 'Світ');
    assert.equal(parseQuery('Розділ:Світ').section, 'Світ', 'the filter’s name in any case');
    assert.deepEqual(firsts(parseQuery('section:sport').must), []);
  });

  test('тег: / tag:, with quoted multi-word values', () => {
    assert.equal(parseQuery('тег:Київ').tag, 'Київ');
    assert.equal(parseQuery('tag:kyiv').tag, 'kyiv');
    const q = parseQuery('тег:"Стів Віткофф" переговори');
    assert.equal(q.tag, 'Стів Віткофф');
    assert.deepEqual(firsts(q.must), [[t('переговори')]], 'the quoted value is not a phrase to find');
    assert.equal(parseQuery('tag:«Стів Віткофф»').tag, 'Стів Віткофф');
  });

  test('автор: / author:', () => {
    assert.equal(parseQuery('автор:"Іванна Гончар"').author, 'Іванна Гончар');
    assert.equal(parseQuery('author:Гончар').author, 'Гончар');
    const all = parseQuery('розділ:svit тег:США автор:"Іванна Гончар" переговори');
    assert.deepEqual([all.section, all.tag, all.author], ['svit', 'США', 'Іванна Гончар']);
    assert.deepEqual(firsts(all.must), [[t('переговори')]]);
  });
});

describe('parseQuery: dates are Kyiv days, as UTC instants', () => {
  test('a day: from Kyiv midnight to the next (winter, UTC+2)', () => {
    assert.deepEqual(range(parseQuery('дата:2026-01-07')), ['2026-01-06T22:00:00.000Z', '2026-01-07T22:00:00.000Z']);
    assert.deepEqual(range(parseQuery('date:2026-01-07')), ['2026-01-06T22:00:00.000Z', '2026-01-07T22:00:00.000Z']);
  });

  test('summer time (UTC+3)', () => {
    assert.deepEqual(range(parseQuery('дата:2026-07-01')), ['2026-06-30T21:00:00.000Z', '2026-07-01T21:00:00.000Z']);
    // Across the switch on the last Sunday of March: starts in winter time, ends in summer time.
    assert.deepEqual(range(parseQuery('дата:2026-03-01..2026-04-30')), ['2026-02-28T22:00:00.000Z', '2026-04-30T21:00:00.000Z']);
  });

  test('a range, inclusive of its last day', () => {
    assert.deepEqual(range(parseQuery('дата:2026-01-01..2026-01-31 переговори')), ['2025-12-31T22:00:00.000Z', '2026-01-31T22:00:00.000Z']);
    assert.deepEqual(range(parseQuery('дата:2026-01-07..2026-01-07')), ['2026-01-06T22:00:00.000Z', '2026-01-07T22:00:00.000Z'], 'one day');
  });

  test('a month and a year', () => {
    assert.deepEqual(range(parseQuery('дата:2026-01')), ['2025-12-31T22:00:00.000Z', '2026-01-31T22:00:00.000Z']);
    assert.deepEqual(range(parseQuery('дата:2026-12')), ['2026-11-30T22:00:00.000Z', '2026-12-31T22:00:00.000Z'], 'December ends at the new year');
    assert.deepEqual(range(parseQuery('дата:2025')), ['2024-12-31T22:00:00.000Z', '2025-12-31T22:00:00.000Z']);
    assert.deepEqual(range(parseQuery('дата:2026-01..2026-03')), ['2025-12-31T22:00:00.000Z', '2026-03-31T21:00:00.000Z']);
  });

  test('open ends', () => {
    assert.deepEqual(range(parseQuery('дата:..2026-01-31')), [null, '2026-01-31T22:00:00.000Z']);
    assert.deepEqual(range(parseQuery('дата:2026-01-01..')), ['2025-12-31T22:00:00.000Z', null]);
  });

  test('a leap day exists in a leap year', () => {
    assert.deepEqual(range(parseQuery('дата:2024-02-29')), ['2024-02-28T22:00:00.000Z', '2024-02-29T22:00:00.000Z']);
  });
});

describe('parseQuery: mistakes are INVALID_INPUT on q, in Ukrainian', () => {
  test('only exclusions', () => {
    rejects('-Київ', /виключеннями/);
    rejects('-Київ -"коаліції охочих"', /виключеннями/);
  });

  test('an empty filter', () => {
    rejects('тег:', /Після «тег:» вкажіть значення/);
    rejects('переговори тег:', /Після «тег:»/);
    rejects('автор:""', /Після «автор:»/);
    rejects('дата:', /Після «дата:» вкажіть значення, наприклад дата:2026-01-01\.\.2026-01-31/);
  });

  test('a date that is not one', () => {
    rejects('дата:2026-13-01', /Не розумію дату «2026-13-01»/);
    rejects('дата:2026-13', /Не розумію дату «2026-13»/);
    rejects('дата:вчора', /Не розумію дату «вчора»/);
    rejects('дата:2026-1-7', /Не розумію дату/);
    rejects('дата:2026-02-30', /Не розумію дату «2026-02-30»/);
    rejects('дата:2026-04-31', /Не розумію дату/);
    rejects('дата:2025-02-29', /Не розумію дату/);
    rejects('дата:2026-01-00', /Не розумію дату/);
    rejects('дата:2026-01-01..2026-02-01..2026-03-01', /Не розумію проміжок/);
  });

  test('a reversed range', () => {
    rejects('дата:2026-02-01..2026-01-01', /Початок проміжку дат пізніший за кінець/);
  });

  test('more than 500 characters', () => {
    rejects('переговори '.repeat(46), /до 500 символів/);
    assert.doesNotThrow(() => parseQuery('а'.repeat(500)), '500 is still fine');
  });
});
