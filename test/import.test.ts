import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { articlePath } from '../src/core/model.js';
import { importPaths, importPlainFile } from '../src/services/import-plain.js';
import { localMediaStore } from '../src/storage/media-store.js';
import { getArticle, listPublished } from '../src/storage/repositories/articles.js';
import { inTransaction, type Database } from '../src/storage/database.js';
import { indexArticles } from '../src/storage/search/index-article.js';
import { sql } from 'kysely';
import { closeTestDatabases, demoDir, referenceArticle, tempDir, testDatabases, withoutReference } from './helpers/databases.js';
import { jpegMarkers, jpegWithEverything, pngChunkTypes, pngWithText, secretsIn } from './helpers/image-bytes.js';
import { plainArticleText } from './helpers/site.js';
import { plainText } from '../src/core/rich-text.js';

after(closeTestDatabases);

const REFERENCE_TAGS = ['Володимир Зеленський', 'переговори', 'США', 'Джаред Кушнер', 'Стів Віткофф'];

function writeArticle(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The search index as stored: each term of each article, by field and position on SQLite. */
async function searchIndexRows(database: Database): Promise<unknown[]> {
  if (database.dialect === 'postgres') {
    return (await sql`select article_id, tsv::text as tsv, published_at from search_documents order by article_id`.execute(database.db)).rows;
  }
  await sql`create virtual table if not exists temp.search_terms using fts5vocab(main, search_fts, 'instance')`.execute(database.db);
  return (await sql`select term, doc & 2147483647 as doc, col, "offset" from temp.search_terms order by doc, col, "offset"`.execute(database.db)).rows;
}

const minimal = (title: string, tags: string) => ` date 2026-03-12 09:40 Головна Київ
${title}

Оксана Лісова
shpalta.media
Оксана Лісова

Перший абзац — лід.

Другий абзац.

Теги: ${tags}
`;

for (const tdb of testDatabases) {
  describe(`import (${tdb.dialect})`, () => {
    test('the reference article keeps every part, with its five tags in order', { skip: withoutReference }, async () => {
      const database = await tdb.open();
      const media = localMediaStore(tempDir());
      const imported = await importPlainFile({ database, media }, referenceArticle);
      assert.equal(imported.created, true);
      const a = await getArticle(database.db, imported.id);
      assert.ok(a);
      assert.equal(a.title, 'Президент після саміту «коаліції охочих» провів переговори з американцями');
      assert.equal(a.slug, 'prezydent-pislia-samitu-koalitsii-okhochykh-proviv-perehovory-z-amerykantsiamy');
      assert.deepEqual(a.sections.map((s) => [s.name, s.path]), [['Світ', 'svit'], ['Політика', 'svit/polityka']]);
      assert.deepEqual(a.authors.map((x) => x.name), ['Іванна Гончар']);
      assert.equal(a.source, 'glavcom.ua');
      assert.deepEqual(a.tags.map((t) => t.name), REFERENCE_TAGS);
      assert.deepEqual(a.tags.map((t) => t.kind), ['person', 'topic', 'place', 'person', 'person']);
      assert.deepEqual(a.tags.map((t) => t.slug), ['volodymyr-zelenskyi', 'perehovory', 'ssha', 'dzhared-kushner', 'stiv-vitkoff']);
      assert.equal(a.photo?.caption, 'Зеленський зустрівся з Стівеном Віткоффом і Джаредом Кушнером');
      assert.equal(a.photo?.credit, 'Офіс президента');
      assert.equal(a.photo?.media, null, 'the reference file has no image beside it');
      assert.match(a.lead, /^7 січня в Парижі делегації України/);
      const quotes = a.body.filter((b) => b.type === 'quote');
      assert.equal(quotes.length, 1);
      assert.equal(quotes[0]!.type === 'quote' && quotes[0]!.attribution, 'написав Зеленський');
      assert.equal(a.recap?.paragraphs.length, 2);
      assert.match(plainText(a.recap!.paragraphs[0]!), /^Нагадаємо, 6 січня/);
      assert.ok(a.body.every((b) => b.type !== 'paragraph' || !plainText(b.content).startsWith('Нагадаємо')), 'the recap is not repeated in the body');
      assert.equal(a.status, 'published');
      assert.equal(a.publishedAt?.toISOString(), '2026-01-06T22:00:00.000Z', 'midnight of 7 January in Kyiv');
      assert.equal(a.publishedTimeKnown, false);
      assert.equal(articlePath(a), `/svit/polityka/${a.slug}-${a.id}.html`);
    });

    test('importing the same file again updates the article and never duplicates it', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      const deps = { database, media: localMediaStore(tempDir()) };
      const file = writeArticle(dir, 'story.txt', minimal('Перший заголовок', 'транспорт Київ'));
      const first = await importPlainFile(deps, file);
      writeArticle(dir, 'story.txt', minimal('Новий заголовок', 'Київ КМДА'));
      const second = await importPlainFile(deps, file);
      assert.equal(second.id, first.id);
      assert.equal(second.created, false);
      const all = await listPublished(database.db, { limit: 10 });
      assert.equal(all.length, 1);
      assert.equal(all[0]!.title, 'Новий заголовок');
      assert.equal(all[0]!.slug, 'novyi-zaholovok');
      assert.deepEqual(all[0]!.tags.map((t) => t.name), ['Київ', 'КМДА']);
      assert.equal(all[0]!.publishedAt?.toISOString(), '2026-03-12T07:40:00.000Z', '09:40 in Kyiv is 07:40 UTC in winter');
      const tagCount = await database.db.selectFrom('tags').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(tagCount.n), 3, 'the tag no longer used stays, new ones are added once');
    });

    test('an unchanged file imported again writes nothing: its dateModified stays the file\'s', { skip: withoutReference }, async () => {
      const database = await tdb.open();
      const deps = { database, media: localMediaStore(tempDir()), now: () => new Date('2026-02-01T10:00:00Z') };
      const first = await importPlainFile(deps, referenceArticle);
      const again = await importPlainFile({ ...deps, now: () => new Date('2026-03-01T10:00:00Z') }, referenceArticle);
      assert.equal(again.id, first.id);
      assert.equal(again.unchanged, true);
      assert.deepEqual(again.changed, []);
      assert.equal(again.path, first.path);
      const a = await getArticle(database.db, first.id);
      // The file's date (7 January, midnight in Kyiv), not either import's time.
      assert.equal(a?.updatedAt.toISOString(), '2026-01-06T22:00:00.000Z');
    });

    test("a folder's search entries, made from the text analysed as it was read, are those a reindex makes from the stored articles", async () => {
      const database = await tdb.open();
      const outcomes = await importPaths({ database, media: localMediaStore(tempDir()) }, [demoDir]);
      assert.ok(outcomes.length >= 6 && outcomes.every((o) => o.ok));
      const imported = await searchIndexRows(database);
      assert.ok(imported.length >= outcomes.length);
      const ids = outcomes.map((o) => (o.ok ? o.article.id : 0));
      await inTransaction(database, (tx) => indexArticles(tx, ids));
      assert.deepEqual(await searchIndexRows(database), imported);
    });

    test('a malformed file writes nothing and names file and line; the others in the run still import', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      writeArticle(dir, 'a-good.txt', minimal('Добрий файл', 'транспорт'));
      writeArticle(dir, 'b-bad.txt', minimal('Поганий файл', 'транспорт').replace('Оксана Лісова\nshpalta.media\nОксана Лісова\n', 'Оксана Лісова\nshpalta.media\nОксана Лісова\nпідпис\nфото:\n'));
      writeArticle(dir, 'c-good.txt', minimal('Ще один добрий файл', 'Київ'));
      const outcomes = await importPaths({ database, media: localMediaStore(tempDir()) }, [dir]);
      assert.deepEqual(outcomes.map((o) => o.ok), [true, false, true]);
      const bad = outcomes[1]!;
      assert.ok(!bad.ok);
      assert.equal(bad.error.code, 'IMPORT_FORMAT');
      assert.equal(bad.error.location.file, path.join(dir, 'b-bad.txt'));
      assert.equal(bad.error.location.line, 8);
      assert.match(bad.error.describe(), /b-bad\.txt:8: /);
      const titles = (await listPublished(database.db, { limit: 10 })).map((a) => a.title).sort();
      assert.deepEqual(titles, ['Добрий файл', 'Ще один добрий файл']);
    });

    test('a failure inside the transaction leaves the stored article as it was', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      const deps = { database, media: localMediaStore(tempDir()) };
      const file = writeArticle(dir, 'story.txt', minimal('Стабільний заголовок', 'транспорт'));
      const first = await importPlainFile(deps, file);
      // A second file claiming the same base name from another folder collides on nothing;
      // instead break the database write itself: an oversized status can't be, so drop a table the save needs.
      await database.db.schema.alterTable('article_tags').renameTo('article_tags_away').execute();
      writeArticle(dir, 'story.txt', minimal('Змінений заголовок', 'спорт'));
      await assert.rejects(importPlainFile(deps, file));
      await database.db.schema.alterTable('article_tags_away').renameTo('article_tags').execute();
      const a = await getArticle(database.db, first.id);
      assert.equal(a?.title, 'Стабільний заголовок');
      assert.deepEqual(a?.tags.map((t) => t.name), ['транспорт']);
      const tags = await database.db.selectFrom('tags').select('name').execute();
      assert.deepEqual(tags.map((t) => t.name), ['транспорт'], "the failed import's new tag was rolled back");
    });

    test('the demo articles import with their photos, sections and shared tags', async () => {
      const database = await tdb.open();
      const mediaDir = tempDir();
      const outcomes = await importPaths({ database, media: localMediaStore(mediaDir) }, [demoDir]);
      const failures = outcomes.filter((o) => !o.ok).map((o) => (!o.ok ? o.error.describe() : ''));
      assert.deepEqual(failures, []);
      assert.ok(outcomes.length >= 6);
      const list = await listPublished(database.db, { limit: 50 });
      const withPhoto = list.filter((a) => a.photo?.media);
      assert.ok(withPhoto.length >= 4, 'several demo articles have a generated photo');
      for (const a of withPhoto) {
        assert.ok(a.photo!.credit, `${a.title}: a photo always has a credit`);
        assert.ok(a.photo!.media!.width > 0 && a.photo!.media!.height > 0);
        assert.ok(fs.existsSync(path.join(mediaDir, a.photo!.media!.url.replace('/media/', ''))));
      }
      assert.ok(new Set(list.map((a) => a.sections[0]?.path)).size >= 4, 'several top-level sections');
      assert.ok(new Set(list.flatMap((a) => a.authors.map((x) => x.slug))).size >= 3, 'several authors');
      const tagUse = new Map<string, number>();
      for (const t of list.flatMap((a) => a.tags)) tagUse.set(t.slug, (tagUse.get(t.slug) ?? 0) + 1);
      assert.ok([...tagUse.values()].filter((n) => n > 1).length >= 3, 'tags overlap between articles');
    });

    test('an imported photo is stored without its metadata, comments or bytes after its end', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      const mediaDir = tempDir();
      const deps = { database, media: localMediaStore(mediaDir) };
      const photo = { caption: 'Зупинка на Лівому березі', credit: 'Олена Коваль' };
      fs.writeFileSync(path.join(dir, 'a-photo.txt'), plainArticleText({ title: 'Фото з EXIF', photo }));
      fs.writeFileSync(path.join(dir, 'a-photo.jpg'), await jpegWithEverything(1000, 700));
      fs.writeFileSync(path.join(dir, 'b-photo.txt'), plainArticleText({ title: 'Фото PNG', photo }));
      fs.writeFileSync(path.join(dir, 'b-photo.png'), await pngWithText({ exif: true }));
      const outcomes = await importPaths(deps, [dir]);
      assert.deepEqual(outcomes.map((o) => (o.ok ? 'ok' : o.error.describe())), ['ok', 'ok']);
      const files: string[] = [];
      for (const o of outcomes) {
        const a = await getArticle(database.db, o.ok ? o.article.id : 0);
        const m = a?.photo?.media;
        assert.ok(m, `${a?.title}: the photo is in`);
        const file = path.join(mediaDir, m.url.slice('/media/'.length));
        const stored = fs.readFileSync(file);
        files.push(file);
        assert.deepEqual(secretsIn(stored), [], `${a.title}: nothing planted survives`);
        if (m.mime === 'image/jpeg') {
          const { markers, afterEnd } = jpegMarkers(stored);
          assert.deepEqual([markers.filter((x) => /^FF(E[1-9A-F]|FE)$/.test(x)), afterEnd], [[], 0]);
        } else {
          const { types, afterEnd } = pngChunkTypes(stored);
          assert.deepEqual([types.filter((t) => /^(tEXt|zTXt|iTXt|eXIf|tIME)$/.test(t)), afterEnd], [[], 0]);
        }
        for (const w of m.variantWidths) assert.deepEqual(secretsIn(fs.readFileSync(file.replace(/\.[a-z]+$/, `-w${w}.webp`))), []);
      }
      // Run again: the photos are found by the hash of the files as they are, not encoded a second time.
      const written = files.map((f) => fs.statSync(f).mtimeMs);
      const again = await importPaths(deps, [dir]);
      assert.deepEqual(again.map((o) => o.ok && o.article.unchanged), [true, true]);
      assert.deepEqual(files.map((f) => fs.statSync(f).mtimeMs), written);
    });

    test('sections are a tree; names already stored group several-word breadcrumbs', async () => {
      const database = await tdb.open();
      const dir = tempDir();
      const deps = { database, media: localMediaStore(tempDir()) };
      await importPlainFile(deps, writeArticle(dir, 'one.txt', minimal('Перша', 'енергетика').replace('Головна Київ', 'Головна Україна Економіка Енергетика')));
      await importPlainFile(deps, writeArticle(dir, 'two.txt', minimal('Друга', 'енергетика').replace('Головна Київ', 'Головна Україна Суспільство')));
      const sections = await database.db.selectFrom('sections').select(['name', 'path', 'parent_id']).orderBy('path').execute();
      assert.deepEqual(sections.map((s) => s.path), ['ukraina', 'ukraina/ekonomika', 'ukraina/ekonomika/enerhetyka', 'ukraina/suspilstvo']);
      assert.equal(sections.filter((s) => s.parent_id === null).length, 1, 'Україна is created once');
    });
  });
}
