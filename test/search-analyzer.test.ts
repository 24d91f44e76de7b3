import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { analyze, mayHoldTerms, normalizeWord, queryTerms, termOf, termStarts, tokenize } from '../src/core/search/analyzer.js';
import { snippet, type SnippetPart } from '../src/core/search/snippet.js';
import { demoDir, projectRoot, referenceArticle } from './helpers/databases.js';

/** Every word's term: a word may not vanish (stop words are tested on their own). */
const termsOf = (words: string[]) =>
  words.map((w) => {
    const t = analyze(w);
    assert.equal(t.length, 1, `'${w}' gives one term, not ${JSON.stringify(t)}`);
    return t[0]!;
  });

/** All the words give one and the same term. */
function sameTerm(words: string[], message?: string) {
  const terms = termsOf(words);
  assert.equal(new Set(terms).size, 1, `${message ?? words.join(' / ')}: ${words.map((w, i) => `${w}→${terms[i]}`).join(', ')}`);
  return terms[0]!;
}

const marked = (parts: SnippetPart[]) => parts.filter((p) => p.mark).map((p) => p.text);
const joined = (parts: SnippetPart[]) => parts.map((p) => p.text).join('');
const termSet = (q: string) => new Set(analyze(q));

describe('analyzer: normalisation', () => {
  test('NFC and NFD input give the same terms', () => {
    const text = 'Йорданія, їжак і ґанок: Зеленський зустрівся з Віткоффом у Києві';
    const nfd = text.normalize('NFD');
    assert.notEqual(nfd, text, 'the NFD form really differs (й, ї are decomposed)');
    assert.deepEqual(analyze(nfd), analyze(text));
    assert.equal(analyze(text).length, 7, 'і, з and у are stop words, the other seven words stay');
  });

  test('stress marks are dropped: за́мок is замок', () => {
    sameTerm(['за́мок', 'замок']);
    sameTerm(['Зеле́нський', 'Зеленський']);
    assert.deepEqual(analyze('Ви́ступ у за́мку'), analyze('Виступ у замку'));
  });

  test('the apostrophes ’ \' ʼ ` give one term', () => {
    sameTerm(['об’єкт', "об'єкт", 'обʼєкт', 'об`єкт']);
    sameTerm(['м’ята', "м'ята", 'мʼята']);
    assert.notEqual(termOf('об’єкт'), termOf('об'), 'not cut at the apostrophe');
  });

  test('an apostrophe word is one token, and offsets point at the text as given', () => {
    const text = "Свіжа м'ята й об’єкт «П’ятниця»";
    const tokens = tokenize(text);
    assert.deepEqual(tokens.map((t) => t.text), ['Свіжа', "м'ята", 'й', 'об’єкт', 'П’ятниця']);
    for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.text);
    assert.equal(tokens[2]!.term, null, 'й is a stop word');
    const stressed = 'Старий за́мок над рікою';
    for (const t of tokenize(stressed)) assert.equal(stressed.slice(t.start, t.end), t.text);
    assert.equal(tokenize(stressed)[1]!.term, termOf('замок'));
    // A decomposed text: the offsets still index it, not its NFC form.
    const nfd = 'Йорданія та Україна: Зеленський їде'.normalize('NFD');
    const nfdTokens = tokenize(nfd);
    for (const t of nfdTokens) assert.equal(nfd.slice(t.start, t.end), t.text);
    assert.deepEqual(nfdTokens.map((t) => t.term), tokenize(nfd.normalize('NFC')).map((t) => t.term));
  });

  test('case folding: upper, lower and title case give one term', () => {
    sameTerm(['ПЕРЕГОВОРИ', 'Переговори', 'переговори']);
    sameTerm(['ЗЕЛЕНСЬКИЙ', 'Зеленський', 'зеленський']);
    sameTerm(['КИЇВ', 'Київ', 'київ']);
    sameTerm(['БЕЗПЕКА', 'Безпека', 'безпека']);
    sameTerm(['КОАЛІЦІЯ', 'Коаліція', 'коаліція']);
    sameTerm(['ВІДБУДОВА', 'Відбудова', 'відбудова']);
    sameTerm(['БУДАНОВА', 'Буданова', 'буданова']);
  });

  // stem() treats a capitalised word as a name (Ярослав is not a past tense), so a name typed in
  // lower case, or a common word opening a headline, gets another term than its other spelling.
  test('a word typed in lower case finds the capitalised word (a name, a sentence’s first word)', () => {
    const pairs = [['Ярослав', 'ярослав'], ['Стів', 'стів'], ['Нордстрем', 'нордстрем'], ['Ніч', 'ніч'], ['Зустріч', 'зустріч'], ['Відбудують', 'відбудують']];
    const apart = pairs.filter(([a, b]) => !queryTerms(b!).includes(termOf(a!)!)).map(([a, b]) => `${a}→${termOf(a!)} ${b}→${queryTerms(b!).join('|')}`);
    assert.deepEqual(apart, []);
    assert.deepEqual(queryTerms('Ярослав'), [termOf('Ярослав')], 'typed with a capital: the name only');
  });

  test('Latin look-alikes inside a Cyrillic word are folded; a Latin word is left alone', () => {
    sameTerm(['Kиїв', 'Київ'], 'Kиїв with a Latin K');
    sameTerm(['Xарків', 'Харків'], 'Xарків with a Latin X');
    sameTerm(['пеpеговори', 'переговори'], 'пеpеговори with a Latin p');
    sameTerm(['кoаліція', 'коаліція'], 'кoаліція with a Latin o');
    assert.deepEqual(analyze('backstop'), ['backstop']);
    assert.deepEqual(analyze('Kyiv'), ['kyiv']);
    assert.deepEqual(analyze('BACKSTOP Kyiv'), ['backstop', 'kyiv']);
  });

  test('проект and проєкт, проектний and проєктний are one', () => {
    sameTerm(['проект', 'проєкт', 'Проект', 'проєкту']);
    sameTerm(['проектний', 'проєктний']);
  });

  test('stop words are dropped', () => {
    for (const w of ['і', 'та', 'що', 'на', 'І', 'Та', 'ЩО']) assert.deepEqual(analyze(w), [], `'${w}' is a stop word`);
    assert.deepEqual(analyze('Київ і Львів та Харків, що на сході'), analyze('Київ Львів Харків сході'));
  });
});

describe('analyzer: stems', () => {
  const groups = [
    ['Зеленський', 'Зеленського', 'Зеленському'],
    ['Віткофф', 'Віткоффом', 'Віткоффа'],
    ['Буданов', 'Буданова', 'Будановим'],
    ['переговори', 'переговорів', 'переговорах'],
    ['коаліція', 'коаліції', 'коаліцію'],
    ['Київ', 'Києва', 'Києві'],
    ['Львів', 'Львова', 'Львові'],
    ['Харків', 'Харкова', 'Харкові'],
    ['рік', 'року', 'років'],
    ['безпека', 'безпеці'],
    ['нога', 'нозі'],
    ['ухвалив', 'ухвалила', 'ухвалили'],
    ['підписав', 'підписала', 'підписано'],
    ['Ярослав', 'Ярослава'],
  ];

  test('each group of forms maps to one term', () => {
    for (const g of groups) sameTerm(g);
  });

  test('and the groups are not merged with each other', () => {
    const terms = groups.map((g) => termsOf(g)[0]!);
    assert.equal(new Set(terms).size, groups.length, terms.join(', '));
  });

  test('words that only look alike stay apart', () => {
    assert.notEqual(sameTerm(['місто', 'міста']), sameTerm(['мости', 'мостів']), 'місто is not міст (a bridge)');
    assert.notEqual(termOf('міста'), termOf('мости'));
    assert.notEqual(termOf('Київ'), termOf('кий'));
    assert.notEqual(termOf('Києва'), termOf('кия'));
  });
});

describe('analyzer: what a text must hold to match, found without tokenizing it', () => {
  // Every word of the demo articles, the search evaluation's articles and (when there) the reference article.
  const texts = [
    ...fs.readdirSync(demoDir).map((f) => path.join(demoDir, f)),
    ...fs.readdirSync(path.join(projectRoot, 'test/search-eval/articles')).map((f) => path.join(projectRoot, 'test/search-eval/articles', f)),
    ...(fs.existsSync(referenceArticle) ? [referenceArticle] : []),
  ].map((f) => fs.readFileSync(f, 'utf8'));

  test("a term's start begins its normalised word, and the word's text may hold it", () => {
    const words = new Set(texts.flatMap((t) => tokenize(t).map((w) => w.text)));
    assert.ok(words.size > 3000, `${words.size} words`);
    for (const word of words) {
      const term = termOf(word);
      if (!term) continue;
      const [start] = termStarts([term]);
      assert.ok(normalizeWord(word).startsWith(start!), `${word} → ${term}`);
      assert.ok(mayHoldTerms(`Сказано: ${word}.`, termStarts([term])), word);
    }
  });

  test('the forms the analyzer folds are found too; a text without the terms is not', () => {
    const kyiv = termStarts(queryTerms('Київ'));
    for (const text of ['У Kиєві (латинська K)', 'У Ки́єві', 'Мешканці КИЄВА', 'У Києві']) assert.ok(mayHoldTerms(text, kyiv), text);
    assert.ok(mayHoldTerms('Ґанок відремонтували', termStarts(queryTerms('ганок'))));
    assert.ok(mayHoldTerms('Новий проект закону', termStarts(queryTerms('проєктом'))));
    assert.ok(mayHoldTerms('Об’єкт енергетики', termStarts(queryTerms("об'єкти"))));
    assert.ok(!mayHoldTerms('Синоптики обіцяють дощ і вітер.', termStarts(queryTerms('Зеленського'))));
    assert.ok(!mayHoldTerms('Синоптики обіцяють дощ і вітер.', termStarts(queryTerms('енергетики'))));
  });
});

describe('snippet', () => {
  const article = [
    'Сторони говорили й про подальші напрями співпраці.',
    'У Парижі після саміту «коаліції охочих» президент України Володимир Зеленський зустрівся з представниками команди президента США Стівом Віткоффом і Джаредом Кушнером. Про це Зеленського повідомили.',
  ];

  test('marks the query’s words as the article wrote them', () => {
    const parts = snippet(article, termSet('Зеленський Віткофф'));
    assert.deepEqual(marked(parts), ['Зеленський', 'Віткоффом', 'Зеленського']);
    assert.equal(joined(parts), article[1], 'the whole short paragraph, nothing added or lost');
    const one = snippet(['Про це Зеленського повідомили.'], termSet('Зеленський'));
    assert.deepEqual(one, [
      { text: 'Про це ', mark: false },
      { text: 'Зеленського', mark: true },
      { text: ' повідомили.', mark: false },
    ]);
  });

  test('picks the paragraph and window with the most distinct terms', () => {
    const filler = (n: number) => Array<string>(n).fill('слово').join(' ');
    const paragraphs = [
      `Переговори, переговори і ще раз переговори. ${filler(10)}`,
      `${filler(60)} Переговори у Парижі тривали до ночі. ${filler(60)}`,
    ];
    const parts = snippet(paragraphs, termSet('переговори Париж'));
    assert.deepEqual(marked(parts), ['Переговори', 'Парижі'], 'two distinct terms beat three hits of one');
    assert.equal(parts[0]!.text, '… ', 'cut at the start: an ellipsis');
    assert.equal(parts.at(-1)!.text, ' …', 'cut at the end: an ellipsis');
    const text = joined(parts).slice(2, -2);
    assert.ok(paragraphs[1]!.includes(text), 'the rest is a passage of the paragraph as written');
    assert.ok(text.split(/\s+/).length <= 40, 'about 32 words, not the whole paragraph');
  });

  test('a snippet of a decomposed (NFD) text still marks the right words', () => {
    const nfd = 'Йорданія та Україна: Зеленський зустрівся з королем.'.normalize('NFD');
    const parts = snippet([nfd], termSet('Зеленський'));
    assert.deepEqual(marked(parts), ['Зеленський'.normalize('NFD')]);
    assert.equal(joined(parts), nfd);
  });

  test('no ellipsis when nothing was cut, and a plain start when nothing matched', () => {
    const parts = snippet(['Коротко про головне.'], termSet('Віткофф'));
    assert.deepEqual(parts, [{ text: 'Коротко про головне.', mark: false }]);
  });
});
