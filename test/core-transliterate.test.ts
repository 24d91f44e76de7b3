import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transliterate } from '../src/core/transliterate.js';

test('official examples of resolution No. 55', () => {
  const examples: ReadonlyArray<readonly [string, string]> = [
    ['Алушта', 'Alushta'], ['Борщагівка', 'Borshchahivka'], ['Вінниця', 'Vinnytsia'],
    ['Гадяч', 'Hadiach'], ['Ґалаґан', 'Galagan'], ['Єнакієве', 'Yenakiieve'],
    ['Житомир', 'Zhytomyr'], ['Закарпаття', 'Zakarpattia'], ['Іршава', 'Irshava'],
    ['Їжакевич', 'Yizhakevych'], ['Кадиївка', 'Kadyivka'], ['Йосипівка', 'Yosypivka'],
    ['Стрий', 'Stryi'], ['Олексій', 'Oleksii'], ['Юрій', 'Yurii'], ['Юрчишин', 'Yurchyshyn'],
    ['Яготин', 'Yahotyn'], ['Костянтин', 'Kostiantyn'], ["Знам'янка", 'Znamianka'],
    ['Феодосія', 'Feodosiia'], ['Хуст', 'Khust'], ['Щербухи', 'Shcherbukhy'],
    ['Гоща', 'Hoshcha'], ["Короп'є", 'Koropie'], ['Рівне', 'Rivne'], ['Згорани', 'Zghorany'],
    ['Розгон', 'Rozghon'],
  ];
  for (const [uk, latin] of examples) assert.equal(transliterate(uk), latin, uk);
});

test('every single letter in lower case', () => {
  const mid = 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя';
  assert.equal(transliterate(`а${mid}`), 'aabvhgdeiezhzyiiiklmnoprstufkhtschshshchiuia');
});

test('position-dependent letters: word start versus elsewhere', () => {
  assert.equal(transliterate('є ї й ю я'), 'ye yi y yu ya');
  assert.equal(transliterate('ає аї ай аю ая'), 'aie ai ai aiu aia');
  // Punctuation and hyphens start a new word.
  assert.equal(transliterate('«Юрій»'), '«Yurii»');
  assert.equal(transliterate('Івано-Їжаків'), 'Ivano-Yizhakiv');
});

test('зг is zgh in any case, but only as a pair', () => {
  assert.equal(transliterate('зг'), 'zgh');
  assert.equal(transliterate('ЗГОРАНИ'), 'ZGHORANY');
  assert.equal(transliterate('з гори'), 'z hory');
  assert.equal(transliterate('Жг'), 'Zhh');
});

test('capitalisation of multi-letter forms', () => {
  assert.equal(transliterate('Щука'), 'Shchuka');
  assert.equal(transliterate('ЩУКА'), 'SHCHUKA');
  assert.equal(transliterate('БОРЩ'), 'BORSHCH');
  assert.equal(transliterate('Щ.'), 'Shch.');
  assert.equal(transliterate('ЮРІЙ Юрій'), 'YURII Yurii');
  assert.equal(transliterate('ЗАКАРПАТТЯ'), 'ZAKARPATTIA');
  assert.equal(transliterate('КМДА'), 'KMDA');
  assert.equal(transliterate('Чернігів ХАРКІВ'), 'Chernihiv KHARKIV');
});

test('apostrophes of every spelling are dropped inside words', () => {
  for (const a of ["'", '\u2019', '\u02BC', '`', '\u2018', '\u2032', '\u02B9']) {
    assert.equal(transliterate(`Знам${a}янка`), 'Znamianka', `apostrophe U+${a.codePointAt(0)?.toString(16)}`);
    assert.equal(transliterate(`ОБ${a}ЄДНАННЯ`), 'OBIEDNANNIA');
  }
  assert.equal(transliterate('м’ята'), 'miata');
});

test('soft sign is dropped', () => {
  assert.equal(transliterate('Львів Ольга сільський'), 'Lviv Olha silskyi');
});

test('Russian letters get a sensible mapping', () => {
  assert.equal(transliterate('ы э ъ'), 'y e ');
  assert.equal(transliterate('объект'), 'obekt');
  assert.equal(transliterate('Ёлка её'), 'Yolka eio');
});

test('everything else passes through unchanged', () => {
  assert.equal(transliterate("Kyiv 2026, don't — O'Brien!"), "Kyiv 2026, don't — O'Brien!");
  assert.equal(transliterate('Заява №5: «ЄС»'), 'Zaiava №5: «YES»');
  assert.equal(transliterate(''), '');
});

test('decomposed й and ї are treated as one letter', () => {
  assert.equal(transliterate('Київ'.normalize('NFD')), 'Kyiv');
  assert.equal(transliterate('Стрий'.normalize('NFD')), 'Stryi');
});
