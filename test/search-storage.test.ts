import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { search } from '../src/services/search.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import type { Schema } from '../src/storage/schema.js';
import { articleIdOf } from '../src/storage/sqlite/search-keys.js';
import { closeTestDatabases, tempDir, testDatabases } from './helpers/databases.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';

after(closeTestSites);
after(closeTestDatabases);

/** How each search entry's tsvector is compressed ('lz4', 'pglz'; null when stored as it is). */
async function compressions(db: Kysely<Schema>): Promise<Array<string | null>> {
  return (await sql<{ c: string | null }>`select pg_column_compression(tsv) as c from search_documents order by article_id`.execute(db)).rows.map((r) => r.c);
}
async function tableOptions(db: Kysely<Schema>): Promise<string[]> {
  return (await sql<{ o: string[] | null }>`select reloptions as o from pg_class where oid = 'search_documents'::regclass`.execute(db)).rows[0]?.o ?? [];
}

// Words enough that the tsvector is compressed at all (PostgreSQL compresses a value over ~2 KB).
const longBody = Array.from({ length: 120 }, (_, i) => `Абзац ${i}: енергетики відновили живлення ${i + 1000} підстанцій Харківщини після обстрілу ${i + 5000}, повідомили в обласній адміністрації ${i * 7 + 9000}.`);

for (const tdb of testDatabases.filter((d) => d.dialect === 'postgres')) {
  describe('PostgreSQL search entries: lz4 and a small table (migration 0017)', () => {
    test('new entries are lz4, and an older database is rewritten once by the migration, its search unchanged', async () => {
      const dir = tempDir();
      const site = await openSite(tdb, [writePlainArticle(dir, 'long.txt', { title: 'Енергетики відновили живлення Харківщини', body: longBody })]);
      const db = site.database.db;
      assert.deepEqual(await compressions(db), ['lz4']);
      assert.deepEqual(await tableOptions(db), ['toast_tuple_target=512']);
      const before = await search(site.database, { q: 'підстанції Харківщина', page: 1, sort: 'relevance' });
      assert.equal(before.items.length, 1);

      // As a database written before the migration: the default storage, entries in pglz.
      await sql`alter table search_documents reset (toast_tuple_target)`.execute(db);
      await sql`alter table search_documents alter column tsv set compression pglz`.execute(db);
      await sql`update search_documents set tsv = tsv || ''::tsvector`.execute(db);
      // (pglz keeps a value as it is when it saves too little.)
      assert.ok(['pglz', null].includes((await compressions(db))[0]!), 'not lz4 before the migration');
      await sql`delete from kysely_migration where name in ('0017-search-storage', '0018-listings-without-rowid')`.execute(db);

      assert.deepEqual(await migrateToLatest(site.database), ['0017-search-storage', '0018-listings-without-rowid']);
      assert.deepEqual(await compressions(db), ['lz4']);
      assert.deepEqual(await tableOptions(db), ['toast_tuple_target=512']);
      const afterwards = await search(site.database, { q: 'підстанції Харківщина', page: 1, sort: 'relevance' });
      assert.deepEqual(afterwards.items.map((i) => [i.article.id, i.snippet]), before.items.map((i) => [i.article.id, i.snippet]));
      assert.equal(afterwards.total, before.total);
    });

    test("a phrase whose words mostly stand together is estimated near its matches, not at their product", async () => {
      const dir = tempDir();
      const files = Array.from({ length: 240 }, (_, i) =>
        writePlainArticle(dir, `a${i}.txt`, {
          title: `Новина номер ${i}`,
          date: `2026-03-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}`,
          body: [i < 90 ? 'Мешканцям радили не виходити з домівок під час тривоги.' : i < 110 ? 'Виходити радили вранці, а до домівок повертатися до вечора.' : 'Синоптики обіцяють дощ і вітер.'],
        }),
      );
      const site = await openSite(tdb, files);
      await sql`analyze search_documents`.execute(site.database.db);
      // Relevance ranks 20 here, so that 90 matches are more than it reads and the total is estimated.
      const r = await search(site.database, { q: '"виходити з домівок"', page: 1, sort: 'relevance', candidates: 20 });
      assert.equal(r.totalKind, 'about');
      // Its words are in 110 of 240 entries, its pair in 90; estimated as if they met by chance: ~20.
      assert.ok(r.total >= 70 && r.total <= 115, `estimated ${r.total} for 90 matches`);
    });
  });
}

for (const tdb of testDatabases.filter((d) => d.dialect === 'sqlite')) {
  describe('SQLite search entries: one FTS5 segment a write', () => {
    test('a batch written in no particular order makes one segment, and each entry is found in order of publication', async () => {
      const database = await tdb.open();
      const db = database.db;
      // 250 entries (three statements of 100 would have been three segments), published in a shuffled order.
      const minutes = Array.from({ length: 250 }, (_, i) => ((i * 97) % 250) * 60_000);
      const entries = minutes.map((offset, i) => ({
        id: i + 1,
        publishedAt: new Date(Date.UTC(2026, 2, 1) + offset),
        doc: { title: `новина ${i + 1}`, tags: '', lead: '', body: `енергетики підстанція${i % 3}` },
      }));
      await db.transaction().execute((trx) => database.engine.writeSearchEntries(trx, [], entries));
      const segments = await sql<{ n: number }>`select count(distinct segid) as n from search_fts_idx`.execute(db);
      assert.equal(segments.rows[0]!.n, 1, 'segments written by one call');
      const newestFirst = entries.slice().sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime()).map((e) => e.id);
      const found = await sql<{ id: number }>`select ${articleIdOf()} as id from search_fts where search_fts match 'енергетики' order by rowid desc`.execute(db);
      assert.deepEqual(found.rows.map((r) => r.id), newestFirst);
    });
  });
}
