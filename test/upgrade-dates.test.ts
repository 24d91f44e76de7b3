import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/storage/migrate.js';
import { toDate } from '../src/storage/values.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { closeTestSites, openSite, writePlainArticle } from './helpers/site.js';

after(closeTestSites);

for (const tdb of testDatabases) {
  describe(`upgrade to 0010 (${tdb.dialect})`, () => {
    test('imported stories no editor touched get their publication back as their last change; an edited one keeps its date', async () => {
      const dir = tempDir();
      const site = await openSite(tdb, [
        writePlainArticle(dir, 'untouched.txt', { date: '2026-02-01 08:00', title: 'Нікому не потрібна правка' }),
        writePlainArticle(dir, 'edited.txt', { date: '2026-02-01 09:00', title: 'Редактор виправив заголовок' }),
      ]);
      const [untouched, edited] = site.imported;
      const editor = await signInAs(site.app, await addUser(site.database, 'editor'));
      const opened = (await editor.request('GET', `/api/v1/admin/articles/${edited!.id}`)).json.article;
      const saved = await editor.request('PUT', `/api/v1/admin/articles/${edited!.id}`, { baseVersion: opened.version, article: { ...opened, title: 'Редактор виправив заголовок, друга редакція' } });
      assert.equal(saved.status, 200, saved.body);
      const db = site.database.db;
      const editedAt = (await db.selectFrom('articles').select('updated_at').where('id', '=', edited!.id).executeTakeFirstOrThrow()).updated_at;

      // The database as an import before 0010 left it: updated_at is when the import ran.
      const importedAt = '2026-11-20T12:00:00.000Z';
      await db.updateTable('articles').set({ updated_at: importedAt }).where('id', '=', untouched!.id).execute();
      await db.schema.alterTable('articles').dropColumn('changed_at').execute();
      // And before what followed it (Kysely applies migrations in order only).
      await db.schema.dropTable('article_notes').execute();
      await db.schema.dropTable('password_links').execute();
      await db.schema.alterTable('users').dropColumn('must_change_password').execute();
      if (tdb.dialect === 'postgres') await db.schema.alterTable('search_documents').dropColumn('pairs').execute();
      else await db.schema.dropTable('search_keys').execute();
      // 0014 found its text already rich (written by this release): it must leave it as it is.
      const bodies = await db.selectFrom('articles').select(['id', 'body', 'recap']).orderBy('id').execute();
      await db.schema.dropTable('article_corrections').execute();
      await db.schema.alterTable('article_revisions').dropColumn('note').execute();
      await db.schema.alterTable('users').dropColumn('gender').execute();
      await sql`delete from kysely_migration where name in ('0010-article-changed-at', '0011-password-links', '0012-article-notes', '0013-search-pairs', '0014-rich-text', '0015-search-keys', '0016-corrections-and-gender', '0017-search-storage', '0018-listings-without-rowid')`.execute(db);
      assert.deepEqual(await migrateToLatest(site.database), ['0010-article-changed-at', '0011-password-links', '0012-article-notes', '0013-search-pairs', '0014-rich-text', '0015-search-keys', '0016-corrections-and-gender', '0017-search-storage', '0018-listings-without-rowid']);
      assert.deepEqual(await db.selectFrom('articles').select(['id', 'body', 'recap']).orderBy('id').execute(), bodies);

      const rows = await db.selectFrom('articles').select(['id', 'updated_at', 'changed_at', 'published_at']).orderBy('id').execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const u = byId.get(untouched!.id)!;
      assert.equal(toDate(u.updated_at).toISOString(), toDate(u.published_at!).toISOString(), 'its editorial date is its publication');
      assert.equal(toDate(u.changed_at).toISOString(), importedAt, 'its row was last written at the import');
      const e = byId.get(edited!.id)!;
      assert.equal(toDate(e.updated_at).toISOString(), toDate(editedAt).toISOString(), 'the editor’s change stays');
      assert.equal(toDate(e.changed_at).toISOString(), toDate(editedAt).toISOString());
    });
  });
}
