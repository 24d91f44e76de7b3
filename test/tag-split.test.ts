import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameKey, splitSectionWords, splitTags, type NamedTag } from '../src/core/tag-split.js';
import { GIVEN_NAMES } from '../src/core/entities.js';

const words = (line: string) => line.split(' ');
const split = (line: string, known: NamedTag[] = []) => splitTags(words(line), known);

test('reference tags line: names, topics and places in order', () => {
  assert.deepEqual(split('Володимир Зеленський переговори США Джаред Кушнер Стів Віткофф'), [
    { name: 'Володимир Зеленський', kind: 'person' },
    { name: 'переговори', kind: 'topic' },
    { name: 'США', kind: 'place' },
    { name: 'Джаред Кушнер', kind: 'person' },
    { name: 'Стів Віткофф', kind: 'person' },
  ]);
});

test('an organisation in capitals right before a person stays apart', () => {
  assert.deepEqual(split('КМДА Віталій Коваленко транспорт Київ'), [
    { name: 'КМДА', kind: 'organisation' },
    { name: 'Віталій Коваленко', kind: 'person' },
    { name: 'транспорт', kind: 'topic' },
    { name: 'Київ', kind: 'place' },
  ]);
});

test('a place right before a person stays apart', () => {
  assert.deepEqual(split('Полтавщина Ірина Савчук енергетика'), [
    { name: 'Полтавщина', kind: 'place' },
    { name: 'Ірина Савчук', kind: 'person' },
    { name: 'енергетика', kind: 'topic' },
  ]);
});

test('a stored several-word tag wins', () => {
  const known: NamedTag[] = [{ name: 'коаліція охочих', kind: 'topic' }];
  assert.deepEqual(split('коаліція охочих Париж', known), [
    { name: 'коаліція охочих', kind: 'topic' },
    { name: 'Париж', kind: 'place' },
  ]);
  // Without it the words are three tags.
  assert.deepEqual(
    split('коаліція охочих Париж').map((t) => t.name),
    ['коаліція', 'охочих', 'Париж'],
  );
});

test('a stored tag matches whatever the case and apostrophe, and keeps its stored spelling', () => {
  const known: NamedTag[] = [
    { name: 'Коаліція Охочих', kind: 'topic' },
    { name: 'зобов’язання щодо гарантій', kind: 'topic' },
  ];
  assert.deepEqual(split("КОАЛІЦІЯ охочих зобов'язання ЩОДО гарантій", known), [
    { name: 'Коаліція Охочих', kind: 'topic' },
    { name: 'зобов’язання щодо гарантій', kind: 'topic' },
  ]);
  // U+02BC (modifier letter apostrophe) too.
  assert.deepEqual(split('зобовʼязання щодо гарантій', known), [{ name: 'зобов’язання щодо гарантій', kind: 'topic' }]);
});

test('a stored tag wins over a personal-name guess', () => {
  const known: NamedTag[] = [{ name: 'Ірина Савчук', kind: 'person' }, { name: 'Тарас Бондар фонд', kind: 'organisation' }];
  assert.deepEqual(split('Тарас Бондар фонд культура', known), [
    { name: 'Тарас Бондар фонд', kind: 'organisation' },
    { name: 'культура', kind: 'topic' },
  ]);
});

test('a stored tag wins over a built-in entity with the same words', () => {
  const known: NamedTag[] = [{ name: 'Збройні Сили', kind: 'topic' }];
  assert.deepEqual(split('Збройні сили мобілізація', known), [
    { name: 'Збройні Сили', kind: 'topic' },
    { name: 'мобілізація', kind: 'topic' },
  ]);
});

test('the longest stored run wins over a shorter one', () => {
  const known: NamedTag[] = [
    { name: 'гарантії безпеки', kind: 'topic' },
    { name: 'гарантії', kind: 'topic' },
  ];
  assert.deepEqual(
    split('гарантії безпеки гарантії', known).map((t) => t.name),
    ['гарантії безпеки', 'гарантії'],
  );
});

test('two places side by side stay two places', () => {
  assert.deepEqual(split('Київ Львів'), [
    { name: 'Київ', kind: 'place' },
    { name: 'Львів', kind: 'place' },
  ]);
});

test('an unknown given name pairs with an -енко or -ський surname', () => {
  assert.ok(!GIVEN_NAMES.has('Ерве'), 'pick a given name that is not in the list');
  assert.deepEqual(split('Ерве Дзюбенко футбол'), [
    { name: 'Ерве Дзюбенко', kind: 'person' },
    { name: 'футбол', kind: 'topic' },
  ]);
  assert.deepEqual(split('Ерве Заславський'), [{ name: 'Ерве Заславський', kind: 'person' }]);
});

test('two capitalised words without a given name or a surname ending are two tags', () => {
  assert.deepEqual(split('Укренерго Нафтогаз').map((t) => t.name), ['Укренерго', 'Нафтогаз']);
});

test('built-in several-word entities stay one tag', () => {
  assert.deepEqual(split('Верховна Рада бюджет Велика Британія Білий дім'), [
    { name: 'Верховна Рада', kind: 'organisation' },
    { name: 'бюджет', kind: 'topic' },
    { name: 'Велика Британія', kind: 'place' },
    { name: 'Білий дім', kind: 'organisation' },
  ]);
});

test('duplicates are dropped, keeping the first', () => {
  assert.deepEqual(split('Київ транспорт київ Віталій Коваленко Транспорт Віталій Коваленко'), [
    { name: 'Київ', kind: 'place' },
    { name: 'транспорт', kind: 'topic' },
    { name: 'Віталій Коваленко', kind: 'person' },
  ]);
  assert.deepEqual(split('Офіс президента Офіс Президента').map((t) => t.name), ['Офіс президента']);
});

test('an empty tags line gives no tags', () => {
  assert.deepEqual(splitTags([], []), []);
});

test('nameKey folds case and apostrophes', () => {
  assert.equal(nameKey("Мар'ян"), nameKey('МАР’ЯН'));
  assert.equal(nameKey('Мар`ян'), nameKey('марʼян'));
  assert.equal(nameKey('Київ'.normalize('NFD')), nameKey('київ'));
});

test('splitSectionWords groups stored several-word section names', () => {
  assert.deepEqual(splitSectionWords(['Гроші', 'та', 'бізнес', 'Банки'], ['Гроші та бізнес']), ['Гроші та бізнес', 'Банки']);
  assert.deepEqual(splitSectionWords(['Світ', 'Політика'], []), ['Світ', 'Політика']);
  assert.deepEqual(splitSectionWords(['гроші', 'та', 'бізнес'], ['Гроші та бізнес']), ['Гроші та бізнес']);
  assert.deepEqual(splitSectionWords(['Гроші', 'Банки'], ['Гроші та бізнес']), ['Гроші', 'Банки']);
});
