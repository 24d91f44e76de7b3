import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Block } from '../src/core/model.js';
import { blockPlainText, plainText } from '../src/core/rich-text.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { articleColumns } from '../src/storage/repositories/articles.js';
import { fromDate } from '../src/storage/values.js';
import { closeTestDatabases, testDatabases } from './helpers/databases.js';

after(closeTestDatabases);

/** A block as stored before rich text: plain strings. */
type OldBlock = { type: string; [k: string]: unknown };

/** The text of an old block as search read it then (core/search/document.ts before rich text). */
function oldPlain(b: OldBlock): string {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
      return b.text as string;
    case 'quote':
      return `${b.text as string} ${(b.attribution as string | undefined) ?? ''}`;
    case 'list':
      return (b.items as string[]).join(' ');
    case 'image':
      return `${(b.caption as string | undefined) ?? ''} ${(b.alt as string | undefined) ?? ''}`;
    default:
      return (b.title as string | undefined) ?? '';
  }
}

/** Article `i` as an editor or an import of the plain-text era left it. */
function oldBody(i: number): OldBlock[] {
  return [
    { type: 'paragraph', text: `Абзац статті ${i}: міська рада ухвалила бюджет на <b>наступний</b> рік & «більше».` },
    { type: 'heading', level: 2, text: `Що змінилося ${i}` },
    { type: 'paragraph', text: `Перший рядок ${i}\nДругий рядок після розриву` },
    { type: 'quote', text: `Ми почали роботу ${i}`, attribution: 'сказала Ірина Савчук' },
    { type: 'image', src: 'https://example.com/photo.jpg', caption: `Підпис ${i}`, credit: 'Шпальта', alt: 'Опис фото' },
    { type: 'list', ordered: i % 2 === 0, items: [`пункт ${i}`, 'другий пункт'] },
    { type: 'embed', url: 'https://example.com/video', title: 'Відео' },
    { type: 'paragraph', text: '' },
  ];
}
const oldRecap = (i: number) => (i % 3 === 0 ? null : { paragraphs: [`Нагадаємо, раніше ${i}…`, 'Тоді про це писали всі.'], articleIds: [] });

/** More than two of the migration's batches of 500. */
const ARTICLES = 1_203;

for (const tdb of testDatabases) {
  describe(`upgrade to 0014: rich text (${tdb.dialect})`, () => {
    test('every body, recap, revision and working copy of the plain era reads the same in runs, in batches; running it again changes nothing', async () => {
      const database = await tdb.open({ upTo: '0012-article-notes' });
      const db = database.db;
      const now = new Date('2026-11-20T12:00:00.000Z');
      const at = fromDate(now);
      const users: number[] = [];
      for (const n of [1, 2, 3]) {
        const u = await db.insertInto('users').values({ email: `u${n}@example.com`, name: `Редактор ${n}`, role: 'editor', password_hash: 'x', author_id: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
        users.push(u.id);
      }
      const ids: number[] = [];
      for (let from = 0; from < ARTICLES; from += 200) {
        const rows = Array.from({ length: Math.min(200, ARTICLES - from) }, (_, k) => {
          const i = from + k;
          const input = {
            externalId: null, slug: `stattia-${i}`, title: `Стаття ${i}`, subtitle: null, lead: `Лід ${i}.`,
            body: oldBody(i) as unknown as Block[], status: 'published' as const, sectionId: null, source: null, photo: null,
            recap: oldRecap(i) as never, publishedAt: now, publishedTimeKnown: true, isMain: false, isBreaking: false, authorIds: [], tagIds: [],
          };
          return { ...articleColumns(input, now), created_at: at };
        });
        ids.push(...(await db.insertInto('articles').values(rows).returning('id').execute()).map((r) => r.id));
      }
      const snapshot = (i: number) => ({ id: ids[i], version: 1, status: 'draft', title: `Стаття ${i}`, lead: `Лід ${i}.`, body: oldBody(i), recap: oldRecap(i), tagIds: [], authorIds: [] });
      for (const i of [0, 1, 600, 1_202]) {
        await db.insertInto('article_revisions').values({ article_id: ids[i]!, version: 1, user_id: users[0]!, kind: 'create', snapshot: JSON.stringify(snapshot(i)), created_at: at }).execute();
      }
      // Three accounts' copies of 200 articles: 600 rows, keyed by the pair, across two batches.
      for (const user of users) {
        const copies = ids.slice(0, 200).map((id, i) => ({ article_id: id, user_id: user, base_version: 1, fields: JSON.stringify({ title: `Копія ${i}`, body: oldBody(i), recap: oldRecap(i) }), created_at: at, updated_at: at }));
        await db.insertInto('article_working_copies').values(copies).execute();
      }

      assert.deepEqual(await migrateToLatest(database), ['0013-search-pairs', '0014-rich-text', '0015-search-keys', '0016-corrections-and-gender', '0017-search-storage', '0018-listings-without-rowid']);

      const articles = await db.selectFrom('articles').select(['id', 'body', 'recap']).orderBy('id').execute();
      assert.equal(articles.length, ARTICLES);
      for (const [i, row] of articles.entries()) {
        const before = oldBody(i);
        const body = JSON.parse(row.body) as Block[];
        assert.deepEqual(body.map((b) => b.type), before.map((b) => b.type));
        assert.deepEqual(body.map(blockPlainText), before.map(oldPlain), `article ${i}: the same plain text`);
        const recap = oldRecap(i);
        assert.deepEqual(row.recap === null ? null : (JSON.parse(row.recap) as { paragraphs: Block[] }).paragraphs.map((p) => plainText(p as never)), recap?.paragraphs ?? null);
      }
      const first = JSON.parse(articles[0]!.body) as Block[];
      assert.deepEqual(first[0], { type: 'paragraph', content: [{ type: 'text', text: 'Абзац статті 0: міська рада ухвалила бюджет на <b>наступний</b> рік & «більше».' }] }, 'one unmarked run, markup as text');
      assert.deepEqual(first[1], { type: 'heading', level: 2, content: [{ type: 'text', text: 'Що змінилося 0' }] });
      assert.deepEqual(first[2], { type: 'paragraph', content: [{ type: 'text', text: 'Перший рядок 0' }, { type: 'hardBreak' }, { type: 'text', text: 'Другий рядок після розриву' }] }, 'a line break is a break');
      assert.deepEqual(first[3], { type: 'quote', content: [{ type: 'text', text: 'Ми почали роботу 0' }], attribution: 'сказала Ірина Савчук' });
      assert.deepEqual(first[4], { type: 'image', src: 'https://example.com/photo.jpg', caption: [{ type: 'text', text: 'Підпис 0' }], credit: 'Шпальта', alt: 'Опис фото' });
      assert.deepEqual(first[5], { type: 'list', ordered: true, items: [[{ type: 'text', text: 'пункт 0' }], [{ type: 'text', text: 'другий пункт' }]] });
      assert.deepEqual(first[6], { type: 'embed', url: 'https://example.com/video', title: 'Відео' }, 'a block without text as it was');
      assert.deepEqual(first[7], { type: 'paragraph', content: [] }, 'an empty text is no runs');

      const revisions = await db.selectFrom('article_revisions').select(['article_id', 'snapshot']).orderBy('id').execute();
      assert.equal(revisions.length, 4);
      for (const [k, i] of [0, 1, 600, 1_202].entries()) {
        const { body, recap, ...rest } = JSON.parse(revisions[k]!.snapshot) as { body: Block[]; recap: { paragraphs: never[] } | null };
        const { body: oldB, recap: oldR, ...oldRest } = snapshot(i);
        assert.deepEqual(rest, oldRest, 'the rest of the snapshot as it was');
        assert.deepEqual(body.map(blockPlainText), oldB.map(oldPlain));
        assert.deepEqual(recap?.paragraphs.map(plainText) ?? null, oldR?.paragraphs ?? null);
      }
      const copies = await db.selectFrom('article_working_copies').select(['article_id', 'user_id', 'fields']).execute();
      assert.equal(copies.length, 600);
      for (const c of copies) {
        const i = ids.indexOf(c.article_id);
        const fields = JSON.parse(c.fields) as { title: string; body: Block[] };
        assert.equal(fields.title, `Копія ${i}`);
        assert.deepEqual(fields.body.map(blockPlainText), oldBody(i).map(oldPlain), `copy of article ${i} by account ${c.user_id}`);
      }

      // Again: what is already rich is left alone.
      const dump = async () => JSON.stringify([
        await db.selectFrom('articles').select(['id', 'body', 'recap']).orderBy('id').execute(),
        await db.selectFrom('article_revisions').select(['id', 'snapshot']).orderBy('id').execute(),
        await db.selectFrom('article_working_copies').select(['article_id', 'user_id', 'fields']).orderBy('article_id').orderBy('user_id').execute(),
      ]);
      const migrated = await dump();
      // (And what follows it: Kysely applies migrations in order only.)
      if (tdb.dialect === 'sqlite') await db.schema.dropTable('search_keys').execute();
      await db.schema.dropTable('article_corrections').execute();
      await db.schema.alterTable('article_revisions').dropColumn('note').execute();
      await db.schema.alterTable('users').dropColumn('gender').execute();
      await sql`delete from kysely_migration where name in ('0014-rich-text', '0015-search-keys', '0016-corrections-and-gender', '0017-search-storage', '0018-listings-without-rowid')`.execute(db);
      assert.deepEqual(await migrateToLatest(database), ['0014-rich-text', '0015-search-keys', '0016-corrections-and-gender', '0017-search-storage', '0018-listings-without-rowid']);
      assert.equal(await dump(), migrated);
    });
  });
}
