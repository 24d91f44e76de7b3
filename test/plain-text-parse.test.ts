import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlainArticle, toBlock } from '../src/core/plain-text/parse.js';
import { ShpaltaError } from '../src/core/errors.js';
import { referenceArticle as referencePath, withoutReference } from './helpers/databases.js';
import { plainText, richText } from '../src/core/rich-text.js';

// Compiled to dist/test/*.js: the project root is dist/test/x.js → ../../..
const here = fileURLToPath(import.meta.url);
const projectRoot = path.resolve(here, '../../..');
const fixturesDir = path.join(projectRoot, 'test/fixtures/plain');
const REFERENCE_FILE = '000_56c201d3acdcaa1f.txt';

const fixture = (name: string) => readFileSync(path.join(fixturesDir, name), 'utf8');
const parseFixture = (name: string) => parsePlainArticle(fixture(name), name);

test('fixture paths resolve', () => {
  assert.ok(existsSync(path.join(fixturesDir, 'kmda-no-photo.txt')), `fixtures missing at ${fixturesDir}`);
});

test('reference article: every field', { skip: withoutReference }, () => {
  const a = parsePlainArticle(readFileSync(referencePath, 'utf8'), REFERENCE_FILE);
  assert.deepEqual(a.date, { year: 2026, month: 1, day: 7, hour: null, minute: null });
  assert.deepEqual(a.sectionWords, ['Світ', 'Політика']);
  assert.equal(a.title, 'Президент після саміту «коаліції охочих» провів переговори з американцями');
  assert.deepEqual(a.authors, ['Іванна Гончар']);
  assert.equal(a.source, 'glavcom.ua');
  assert.deepEqual(a.photo, {
    caption: 'Зеленський зустрівся з Стівеном Віткоффом і Джаредом Кушнером',
    credit: 'Офіс президента',
  });
  assert.equal(
    a.lead,
    '7 січня в Парижі делегації України, США та країн Європи продовжать роботу над гарантіями безпеки й базовою рамкою для закінчення війни',
  );

  assert.equal(a.body.length, 6);
  assert.deepEqual(
    a.body.map((b) => b.type),
    ['paragraph', 'quote', 'paragraph', 'paragraph', 'paragraph', 'paragraph'],
  );
  const quotes = a.body.filter((b) => b.type === 'quote');
  assert.equal(quotes.length, 1);
  const quote = quotes[0]!;
  assert.ok(quote.type === 'quote');
  const quoted = plainText(quote.content);
  assert.ok(quoted.startsWith('З командою Президента США'), quoted);
  assert.ok(quoted.endsWith('відбудова'), quoted);
  assert.deepEqual(quote.content, [{ type: 'text', text: quoted }], 'the plain format gives one unmarked run');
  assert.equal(quote.attribution, 'написав Зеленський');
  const first = a.body[0]!;
  assert.ok(first.type === 'paragraph');
  assert.ok(plainText(first.content).startsWith('У Парижі після саміту'));
  assert.ok(plainText(first.content).endsWith('пише «Главком».'));
  const lastBody = a.body[5]!;
  assert.ok(lastBody.type === 'paragraph' && plainText(lastBody.content).startsWith('У Парижі працюватиме українська делегація'));

  assert.ok(a.recap);
  assert.equal(a.recap.length, 2);
  assert.ok(a.recap[0]!.startsWith('Нагадаємо, 6 січня'), a.recap[0]);
  assert.ok(a.recap[1]!.startsWith('За підсумками зустрічі'), a.recap[1]);
  // The Теги: line is neither body nor recap.
  assert.ok(!a.recap.some((p) => p.startsWith('Теги')));

  assert.deepEqual(a.tagWords, ['Володимир', 'Зеленський', 'переговори', 'США', 'Джаред', 'Кушнер', 'Стів', 'Віткофф']);
});

test('reference article: BOM, CRLF line ends and NFD input parse the same', { skip: withoutReference }, () => {
  const text = readFileSync(referencePath, 'utf8');
  const plain = parsePlainArticle(text, REFERENCE_FILE);
  assert.deepEqual(parsePlainArticle(`\uFEFF${text.replace(/\n/g, '\r\n')}`, REFERENCE_FILE), plain);
  assert.deepEqual(parsePlainArticle(text.normalize('NFD'), REFERENCE_FILE), plain);
});

test('kmda-no-photo: one section, time of day, no photo, no recap', () => {
  const a = parseFixture('kmda-no-photo.txt');
  assert.deepEqual(a.date, { year: 2026, month: 3, day: 12, hour: 9, minute: 40 });
  assert.deepEqual(a.sectionWords, ['Київ']);
  assert.equal(a.title, 'КМДА оновить сорок зупинок громадського транспорту на лівому березі');
  assert.deepEqual(a.authors, ['Дарина Ткачук']);
  assert.equal(a.source, 'shpalta.media');
  assert.equal(a.photo, null);
  assert.equal(a.recap, null);
  assert.ok(a.lead.startsWith('До кінця квітня'));
  assert.deepEqual(a.body, [
    {
      type: 'paragraph',
      content: richText('Про це в середу на брифінгу розповів заступник голови КМДА Віталій Коваленко. Першими оновлять зупинки на Харківському шосе та проспекті Бажана.'),
    },
    {
      type: 'quote',
      content: richText('Нові павільйони матимуть освітлення, лавки й табло з часом прибуття транспорту'),
      attribution: 'сказав Коваленко',
    },
    { type: 'paragraph', content: richText('Роботи фінансують з міського бюджету, підрядника обрали через Prozorro.') },
  ]);
  assert.deepEqual(a.tagWords, ['КМДА', 'Віталій', 'Коваленко', 'транспорт', 'Київ']);
});

test('deep-sections: three sections, photo, «Name» paragraph, quote and recap', () => {
  const a = parseFixture('deep-sections.txt');
  assert.deepEqual(a.date, { year: 2026, month: 2, day: 3, hour: 18, minute: 15 });
  assert.deepEqual(a.sectionWords, ['Україна', 'Економіка', 'Енергетика']);
  assert.equal(a.title, 'Енергетики повернули світло в 120 тисяч домівок на Полтавщині');
  assert.deepEqual(a.authors, ['Максим Левчук']);
  assert.equal(a.source, 'shpalta.media');
  assert.deepEqual(a.photo, { caption: 'Ремонтна бригада на підстанції під Полтавою', credit: 'пресслужба обленерго' });
  assert.equal(
    a.lead,
    'За добу енергетики відновили електропостачання для 120 тисяч родин у Полтавській області після нічної атаки.',
  );
  assert.equal(a.body.length, 3);
  assert.deepEqual(a.body[0], {
    type: 'paragraph',
    content: richText('«Укренерго» повідомило, що графіки відключень у регіоні сьогодні не застосовуватимуть.'),
  });
  assert.equal(a.body[1]!.type, 'paragraph');
  assert.deepEqual(a.body[2], {
    type: 'quote',
    content: richText('Ми відновили живлення лікарень і котелень у першу чергу. Решта споживачів отримає світло до вечора'),
    attribution: 'написала Ірина Савчук у Facebook',
  });
  assert.deepEqual(a.recap, [
    'Нагадаємо, у ніч на 2 лютого під ударом опинилися дві підстанції в Полтавському районі.',
    'Тоді без світла залишилися понад 200 тисяч споживачів.',
  ]);
  assert.deepEqual(a.tagWords, ['Укренерго', 'Полтавщина', 'Ірина', 'Савчук', 'енергетика']);
});

test('two-authors: co-authors in the byline, source, date without time', () => {
  const a = parseFixture('two-authors.txt');
  assert.deepEqual(a.date, { year: 2025, month: 12, day: 19, hour: null, minute: null });
  assert.deepEqual(a.sectionWords, ['Культура']);
  assert.deepEqual(a.authors, ['Олена Мирна', 'Тарас Бондар']);
  assert.equal(a.source, 'zmist.info');
  assert.equal(a.photo, null);
  assert.equal(a.recap, null);
  assert.equal(a.lead, 'Колекціонер передав місту понад триста радіоприймачів, зібраних за сорок років.');
  assert.equal(a.body.length, 2);
  assert.deepEqual(a.tagWords, ['Житомир', 'музей', 'радіо']);
});

const malformed: Array<[file: string, line: number]> = [
  ['bad-date.txt', 1],
  ['no-date.txt', 1],
  ['no-blank-after-title.txt', 3],
  ['empty-credit.txt', 8],
  ['tags-not-last.txt', 12],
  // Byline ends on line 6; the lead was expected after it, where the file ends.
  ['no-lead.txt', 7],
];

for (const [file, line] of malformed) {
  test(`malformed ${file}: IMPORT_FORMAT at ${file}:${line}`, () => {
    const text = fixture(file);
    assert.throws(
      () => parsePlainArticle(text, file),
      (e: unknown) => {
        assert.ok(e instanceof ShpaltaError, `expected a ShpaltaError, got ${String(e)}`);
        assert.equal(e.code, 'IMPORT_FORMAT');
        assert.equal(e.location.file, file);
        assert.equal(e.location.line, line, e.message);
        assert.ok(e.describe().startsWith(`${file}:${line}: `), e.describe());
        return true;
      },
    );
  });
}

test('malformed: the file name passed in is reported, whatever it is', () => {
  const text = fixture('bad-date.txt');
  assert.throws(
    () => parsePlainArticle(text, 'incoming/2026/лютий.txt'),
    (e: unknown) => e instanceof ShpaltaError && e.location.file === 'incoming/2026/лютий.txt' && e.location.line === 1,
  );
});

test('malformed: an impossible time of day is reported on line 1', () => {
  const text = fixture('kmda-no-photo.txt').replace('09:40', '24:10');
  assert.throws(
    () => parsePlainArticle(text, 'time.txt'),
    (e: unknown) => e instanceof ShpaltaError && e.code === 'IMPORT_FORMAT' && e.location.line === 1,
  );
});

test('toBlock: a quote without attribution', () => {
  assert.deepEqual(toBlock('«Ми готові працювати далі».'), { type: 'quote', content: richText('Ми готові працювати далі') });
  assert.deepEqual(toBlock('«Ми готові працювати далі.»'), { type: 'quote', content: richText('Ми готові працювати далі.') });
  assert.ok(!('attribution' in toBlock('«Ми готові працювати далі»')));
});

test('toBlock: a quote with attribution after a dash', () => {
  assert.deepEqual(toBlock('«Світло повернемо до вечора», – сказала Ірина Савчук.'), {
    type: 'quote',
    content: richText('Світло повернемо до вечора'),
    attribution: 'сказала Ірина Савчук',
  });
  assert.deepEqual(toBlock('«Світло повернемо до вечора» — сказав Максим Левчук'), {
    type: 'quote',
    content: richText('Світло повернемо до вечора'),
    attribution: 'сказав Максим Левчук',
  });
});

test('toBlock: a paragraph that opens with a «Name» is not a quote', () => {
  const text = '«Укренерго» повідомило, що графіки відключень сьогодні не застосовуватимуть.';
  assert.deepEqual(toBlock(text), { type: 'paragraph', content: richText(text) });
  const text2 = '«Главком» пише, що переговори тривали три години.';
  assert.deepEqual(toBlock(text2), { type: 'paragraph', content: richText(text2) });
  // A dash after the name reads like an attribution, but a name alone is not a statement.
  const text3 = '«Укренерго» – оператор системи – повідомило про нові графіки.';
  assert.deepEqual(toBlock(text3), { type: 'paragraph', content: richText(text3) });
  const text4 = '«Нафтогаз України» – найбільша компанія галузі.';
  assert.deepEqual(toBlock(text4), { type: 'paragraph', content: richText(text4) });
});

test('toBlock: nested «…«…»…» quotes close at the matching »', () => {
  assert.deepEqual(toBlock('«Ми назвали проєкт «Світло» не випадково», – сказала Ірина Савчук.'), {
    type: 'quote',
    content: richText('Ми назвали проєкт «Світло» не випадково'),
    attribution: 'сказала Ірина Савчук',
  });
  assert.deepEqual(toBlock('«Працюємо з «Укренерго» щодня».'), { type: 'quote', content: richText('Працюємо з «Укренерго» щодня') });
  // The inner » must not end the quote: the text after it is not an attribution.
  const text = '«Проєкт «Світло» стартував», а потім про нього забули.';
  assert.deepEqual(toBlock(text), { type: 'paragraph', content: richText(text) });
});

test('toBlock: an unclosed « leaves an ordinary paragraph', () => {
  const text = '«Ми готові працювати далі, – сказав Коваленко.';
  assert.deepEqual(toBlock(text), { type: 'paragraph', content: richText(text) });
  const nested = '«Ми назвали проєкт «Світло», – сказала Ірина Савчук.';
  assert.deepEqual(toBlock(nested), { type: 'paragraph', content: richText(nested) });
});

test('toBlock: text that does not open with « is a paragraph', () => {
  const text = 'Коваленко сказав: «Ми готові».';
  assert.deepEqual(toBlock(text), { type: 'paragraph', content: richText(text) });
});
