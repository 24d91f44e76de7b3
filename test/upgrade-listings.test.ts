import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/storage/migrate.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';

after(closeTestSites);

for (const tdb of testDatabases.filter((d) => d.dialect === 'sqlite')) {
  describe('upgrade to 0018: listings without rowids (sqlite)', () => {
    test('the rows and the pages stay the same; the table has no rowids, its key is the pair, and an article is once in a list', async () => {
      const dir = tempDir();
      const files = Array.from({ length: 6 }, (_, i) =>
        writePlainArticle(dir, `a${i}.txt`, {
          date: `2026-03-${String(10 + (i % 3)).padStart(2, '0')} 09:${String(10 + i).padStart(2, '0')}`,
          crumbs: i % 2 ? 'Головна Регіони Схід' : 'Головна Київ',
          title: `Новина про зупинки, частина ${i + 1}`,
          tags: i % 2 ? 'КМДА транспорт' : 'транспорт Харків',
        }),
      );
      const site = await openSite(tdb, files);
      const db = site.database.db;
      const rows = () => sql<Record<string, unknown>>`select list_kind, list_id, article_id, published_at from article_listings order by list_kind, list_id, article_id`.execute(db).then((r) => r.rows);
      const listed = await rows();
      assert.ok(listed.length >= 24, `${listed.length} listing rows`);
      const pages = async () => Promise.all(['/kyiv/', '/rehiony/', '/tag/transport/', '/tag/kmda/'].map(async (url) => (await site.app.inject({ method: 'GET', url })).body.match(/<h2[^>]*>.*?<\/h2>|<h3[^>]*>.*?<\/h3>/gs)?.join('\n')));
      const before = await pages();

      // The table as it was before 0018: rows with rowids, a primary key and two indexes.
      await sql`create table old_listings (list_kind text not null, list_id integer not null, article_id integer not null references articles (id) on delete cascade, published_at text not null, constraint article_listings_pk primary key (list_kind, list_id, article_id))`.execute(db);
      await sql`insert into old_listings select list_kind, list_id, article_id, published_at from article_listings`.execute(db);
      await sql`drop table article_listings`.execute(db);
      await sql`alter table old_listings rename to article_listings`.execute(db);
      await sql`create index article_listings_order_idx on article_listings (list_kind, list_id, published_at, article_id)`.execute(db);
      await sql`create index article_listings_article_idx on article_listings (article_id)`.execute(db);
      await sql`delete from kysely_migration where name = '0018-listings-without-rowid'`.execute(db);

      assert.deepEqual(await migrateToLatest(site.database), ['0018-listings-without-rowid']);
      assert.deepEqual(await rows(), listed);
      const table = await sql<{ sql: string }>`select sql from sqlite_master where name = 'article_listings'`.execute(db);
      assert.match(table.rows[0]!.sql, /primary key \(list_kind, list_id, article_id\)\s*\) without rowid$/);
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'article_listings' order by name`.execute(db);
      assert.deepEqual(indexes.rows.map((r) => r.name), ['article_listings_article_idx', 'article_listings_order_idx'], 'the primary key is the table itself');
      const one = listed[0]!;
      await assert.rejects(
        sql`insert into article_listings (list_kind, list_id, article_id, published_at) values (${one.list_kind}, ${one.list_id}, ${one.article_id}, '2020-01-01T00:00:00.000Z')`.execute(db),
        /UNIQUE constraint failed/,
      );
      assert.deepEqual(await pages(), before);
      assert.ok(before.every((p) => p && p.includes('Новина про зупинки')), 'each page lists stories');

      // Deleting an article takes its rows with it.
      await db.deleteFrom('articles').where('id', '=', Number(one.article_id)).execute();
      assert.equal((await rows()).filter((r) => r.article_id === one.article_id).length, 0);
    });
  });
}
