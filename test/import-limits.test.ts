import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ShpaltaError } from '../src/core/errors.js';
import { ARTICLE_LIMITS } from '../src/core/limits.js';
import { parsePlainArticle } from '../src/core/plain-text/parse.js';
import { decodeUtf8, forTerminal, invalidUtf8At } from '../src/core/untrusted-text.js';
import { importPaths, type ImportOutcome } from '../src/services/import-plain.js';
import { transitionArticle } from '../src/services/newsroom/articles.js';
import { localMediaStore } from '../src/storage/media-store.js';
import { listPublished } from '../src/storage/repositories/articles.js';
import { closeTestDatabases, tempDir, testDatabases } from './helpers/databases.js';
import { addUser } from './helpers/newsroom.js';
import { plainArticleText, type PlainArticle } from './helpers/site.js';

after(closeTestDatabases);

/*
 * Imports hold an article to the limits the editor holds it to (core/limits.ts): what an import
 * stores, the newsroom can save, publish and take down. A file over them, or not UTF-8, or with
 * control characters, is refused whole with FILE:LINE; the other files of the run still import.
 */

const text = (o: Partial<PlainArticle>) => plainArticleText(o);
const words = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`).join(' ');
const long = (n: number) => 'а'.repeat(n);

/** parsePlainArticle's error for this text: its line and message. */
function refusal(input: string): { line: number | undefined; message: string } {
  try {
    parsePlainArticle(input, 'x.txt');
  } catch (e) {
    assert.ok(e instanceof ShpaltaError, String(e));
    assert.equal(e.code, 'IMPORT_FORMAT');
    return { line: e.location.line, message: e.message };
  }
  assert.fail('the text was accepted');
}

// Lines of plainArticleText: 1 date, 2 title, 3 blank, 4 author, 5 source, 6 author, 7 blank, 8 lead, 9 blank, 10 body…
test('each editor limit is checked at its line: at the limit a file parses, one over it is refused', () => {
  const L = ARTICLE_LIMITS;
  const cases: Array<[string, (n: number) => Partial<PlainArticle>, number, number, RegExp]> = [
    ['title', (n) => ({ title: long(n) }), L.title, 2, /^the headline is 301 characters long; at most 300 are allowed$/],
    ['lead', (n) => ({ lead: long(n) }), L.lead, 8, /^the lead is 3,001 characters long/],
    ['paragraph', (n) => ({ body: ['Перший.', long(n)] }), L.paragraph, 12, /^the paragraph is 20,001 characters long; at most 20,000/],
    ['quote', (n) => ({ body: [`«${long(n - 20)} ${long(9)} ${long(9)}» – сказав він.`] }), L.quote, 10, /^the quotation is 5,001 characters long/],
    ['source', (n) => ({ source: long(n) }), L.source, 5, /^the source is 301 characters long/],
    ['caption', (n) => ({ photo: { caption: long(n), credit: 'Шпальта' } }), L.caption, 7, /^the photo caption is 1,001/],
    ['credit', (n) => ({ photo: { caption: 'Підпис', credit: long(n) } }), L.credit, 8, /^the photo credit is 301/],
    ['authors', (n) => ({ author: Array.from({ length: n }, (_, i) => `Автор${i}`).join(', ') }), L.authors, 4, /^21 authors; at most 20 are allowed$/],
    ['body', (n) => ({ body: Array.from({ length: n }, (_, i) => `Абзац ${i}.`) }), L.blocks, 10 + 2 * L.blocks, /^1,001 paragraphs in the body; at most 1,000/],
    ['recap', (n) => ({ recap: Array.from({ length: n }, (_, i) => `Нагадаємо, ${i}.`) }), L.recapParagraphs, 14 + 2 * L.recapParagraphs, /^21 recap paragraphs; at most 20/],
  ];
  for (const [what, make, max, line, message] of cases) {
    assert.doesNotThrow(() => parsePlainArticle(text(make(max)), 'x.txt'), `${what} at its limit`);
    const r = refusal(text(make(max + 1)));
    assert.equal(r.line, line, `${what}: ${r.message}`);
    assert.match(r.message, message, what);
  }
});

test('NUL bytes and control characters are refused at their line and column, never quoted', () => {
  const titleWithEscape = refusal(text({ title: '\u001b]0;pwned\u0007Заголовок' }));
  assert.deepEqual([titleWithEscape.line, titleWithEscape.message], [2, 'column 1: the control character U+001B, which no article text may hold']);
  const firstLine = refusal(`\u001b]0;retitled\u0007${text({})}`);
  assert.equal(firstLine.line, 1);
  assert.doesNotMatch(firstLine.message, /[\u0000-\u001f]/);
  const nul = refusal(text({ body: ['Перший.', 'Дру\u0000гий.'] }));
  assert.deepEqual([nul.line, nul.message], [12, 'column 4: a NUL byte (U+0000): is the file UTF-16, or not text at all?']);
  const c1 = refusal(text({ lead: 'Ð\u009fÑ\u0080ÐµÐ·Ð¸Ð´ÐµÐ½Ñ\u0082' })); // 'Президент' as UTF-8 read as Latin-1
  assert.deepEqual([c1.line, c1.message], [8, 'column 2: the control character U+009F, which no article text may hold']);
  assert.doesNotThrow(() => parsePlainArticle(text({ lead: 'Таб\tвсередині рядка.' }), 'x.txt'), 'a tab is text');
});

test('UTF-8 is checked on the bytes: the first bad byte is named by line and column', () => {
  const utf8 = Buffer.from(text({}));
  assert.deepEqual(decodeUtf8(utf8), { ok: true, text: text({}) });
  assert.deepEqual(decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])), { ok: true, text: text({}) }, 'a byte-order mark is dropped');
  // The lead in Windows-1251: 'До' is 0xC4 0xEE.
  const cp1251 = Buffer.concat([Buffer.from(text({}).split('\n').slice(0, 7).join('\n') + '\n'), Buffer.from([0xc4, 0xee, 0x20, 0x6b])]);
  assert.deepEqual(decodeUtf8(cp1251), { ok: false, line: 8, message: 'column 1: byte 0xC4 is not UTF-8 (is the file in Windows-1251?): save it as UTF-8' });
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text({}), 'utf16le')]);
  assert.deepEqual(decodeUtf8(utf16), { ok: false, line: 1, message: 'the file is UTF-16 (it begins with a UTF-16 byte-order mark): save it as UTF-8' });
  // What a validator must refuse: overlong forms, surrogates, past U+10FFFF, a cut sequence.
  for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xd0]]) assert.equal(invalidUtf8At(Buffer.from([0x41, ...bad])), 1, bad.join(','));
  assert.equal(invalidUtf8At(Buffer.from('Київ 𝄞 €', 'utf8')), -1);
});

test('what reaches the terminal shows control characters instead of obeying them', () => {
  assert.equal(forTerminal('a\u001b]0;pwned\u0007b'), 'a\\x1B]0;pwned\\x07b');
  assert.equal(forTerminal('\u009b31m \u202eгол \r\n\t'), '\\x9B31m \\u202Eгол \\x0D\\x0A\\x09');
  assert.equal(forTerminal('Київ — «Шпальта» ’'), 'Київ — «Шпальта» ’');
});

for (const tdb of testDatabases) {
  describe(`import limits (${tdb.dialect})`, () => {
    test('a file over a limit is refused whole, naming file and line; the other files of the run still import', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      const write = (name: string, content: string | Buffer) => fs.writeFileSync(path.join(dir, name), content);
      write('a-good.txt', text({ title: 'Добрий файл', tags: 'транспорт' }));
      write('b-title.txt', text({ title: long(301), tags: 'заголовок1' }));
      write('c-tags.txt', text({ title: 'Забагато тегів', tags: words(61, 'тегзайвий') }));
      write('d-deep.txt', text({ title: 'Глибоко', crumbs: 'Головна Один Два Три Чотири', tags: 'глибина' }));
      write('e-cp1251.txt', Buffer.concat([Buffer.from(text({ title: 'Кодування' }).split('\n').slice(0, 7).join('\n') + '\n'), Buffer.from([0xc4, 0xee, 0x0a])]));
      write('f-good.txt', text({ title: 'Ще один добрий', tags: words(ARTICLE_LIMITS.tags, 'тег') }));
      const outcomes: ImportOutcome[] = await importPaths({ database, media: localMediaStore(tempDir()) }, [dir]);
      const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.error.describe().replace(dir + path.sep, '')]));
      assert.deepEqual(failed, [
        'b-title.txt:2: the headline is 301 characters long; at most 300 are allowed',
        'c-tags.txt:14: 61 tags; at most 60 are allowed',
        "d-deep.txt:1: the section path 'Один › Два › Три › Чотири' is 4 levels deep; sections go 3 levels deep at most",
        'e-cp1251.txt:8: column 1: byte 0xC4 is not UTF-8 (is the file in Windows-1251?): save it as UTF-8',
      ]);
      const titles = (await listPublished(database.db, { limit: 10 })).map((a) => a.title).sort();
      assert.deepEqual(titles, ['Добрий файл', 'Ще один добрий']);
      // Nothing of a refused file: not its sections, not its tags.
      const sections = (await database.db.selectFrom('sections').select('name').execute()).map((s) => s.name);
      assert.deepEqual(sections, ['Київ']);
      const tags = await database.db.selectFrom('tags').select('name').where('name', 'like', 'тегзайвий%').execute();
      assert.deepEqual(tags, []);
    });

    test('an article imported at every limit is one the newsroom can take down and bring back', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      const file = path.join(dir, 'at-limits.txt');
      fs.writeFileSync(file, text({
        title: long(ARTICLE_LIMITS.title),
        lead: long(ARTICLE_LIMITS.lead),
        body: [long(ARTICLE_LIMITS.paragraph), `«${long(2000)} ${long(100)} ${long(100)}» – ${long(200)}`],
        photo: { caption: long(ARTICLE_LIMITS.caption), credit: long(ARTICLE_LIMITS.credit) },
        tags: words(ARTICLE_LIMITS.tags, 'тег'),
      }));
      const [outcome] = await importPaths({ database, media: localMediaStore(tempDir()) }, [file]);
      assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.error.describe() : '');
      const editor = await addUser(database, 'editor');
      const actor = { id: editor.id, role: editor.role, authorId: editor.authorId };
      const down = await transitionArticle(database, actor, outcome.article.id, 'unpublish', {}, new Date());
      assert.equal(down.article.status, 'unpublished');
      const up = await transitionArticle(database, actor, outcome.article.id, 'publish', {}, new Date());
      assert.equal(up.article.status, 'published');
    });

    test('a file over the size limit is refused before it is read; the limit is the caller\'s to raise', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      const file = path.join(dir, 'long-read.txt');
      fs.writeFileSync(file, text({ body: Array.from({ length: 40 }, () => long(1000)) }));
      const size = fs.statSync(file).size;
      const deps = { database, media: localMediaStore(tempDir()) };
      const [small] = await importPaths({ ...deps, limits: { maxFileBytes: 64 * 1024 } }, [file]);
      assert.ok(small && !small.ok);
      assert.equal(small.error.code, 'IMPORT_FILE');
      assert.equal(small.error.describe(), `${file}: is ${Math.ceil(size / 1024)} KB; an article file may be at most 64 KB (IMPORT_MAX_FILE_KB)`);
      const [raised] = await importPaths({ ...deps, limits: { maxFileBytes: 128 * 1024 } }, [file]);
      assert.ok(raised?.ok, raised && !raised.ok ? raised.error.describe() : '');
      // Not a regular file: refused without opening it (a FIFO would block the open).
      const holder = tempDir();
      fs.mkdirSync(path.join(holder, 'x.txt'));
      const [folder] = await importPaths(deps, [holder]);
      assert.ok(folder && !folder.ok);
      assert.match(folder.error.describe(), /x\.txt: is not a regular file$/);
    });
  });
}
