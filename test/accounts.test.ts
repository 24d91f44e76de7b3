import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { uk } from '../src/core/i18n/uk.js';
import { canEdit } from '../src/core/roles.js';
import { articleFields, createArticle } from '../src/services/newsroom/articles.js';
import type { Database } from '../src/storage/database.js';
import { createUser } from '../src/services/newsroom/auth.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { userById, type User } from '../src/storage/repositories/users.js';
import { tempDir, testDatabases } from './helpers/databases.js';
import { addUser, PASSWORD, signInAs } from './helpers/newsroom.js';
import { cliTarget, runCli } from './helpers/servers.js';
import { closeTestSites, openSite, unescapeHtml, writePlainArticle } from './helpers/site.js';

after(closeTestSites);

const actorOf = (u: User) => ({ id: u.id, role: u.role, authorId: u.authorId });

/** Who an article belongs to, as the roles decide it: its creator and its bylines. */
async function articleAccess(database: Database, id: number) {
  const row = await database.db.selectFrom('articles').select(['status', 'created_by']).where('id', '=', id).executeTakeFirstOrThrow();
  const authors = await database.db.selectFrom('article_authors').select('author_id').where('article_id', '=', id).execute();
  return { status: row.status as 'draft', createdBy: row.created_by, authorIds: authors.map((a) => a.author_id) };
}
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const tdb of testDatabases) {
  describe(`accounts and bylines (${tdb.dialect})`, () => {
    test('two accounts of the same name get a byline each and do not own each other’s articles; a byline can be chosen once', async () => {
      const dir = tempDir();
      // An imported article by a writer who has no account yet.
      const file = writePlainArticle(dir, 'imported.txt', { author: 'Дарина Ткачук', title: 'Імпортована стаття Дарини' });
      const site = await openSite(tdb, [file]);
      const admin = await signInAs(site.app, await addUser(site.database, 'admin'));
      const imported = site.imported[0]!;
      const daryna = await site.database.db.selectFrom('authors').select('id').where('name', '=', 'Дарина Ткачук').executeTakeFirstOrThrow();

      const make = async (body: object) => admin.request('POST', '/api/v1/admin/users', { role: 'author', ...body });
      const one = await make({ email: 'olena.one@example.com', name: 'Олена Коваль', password: PASSWORD });
      const two = await make({ email: 'olena.two@example.com', name: 'Олена Коваль', password: PASSWORD });
      assert.equal(one.status, 201, one.body);
      assert.equal(two.status, 201, two.body);
      assert.notEqual(one.json.user.authorId, two.json.user.authorId, 'a byline each, though the names are the same');
      const bylines = await site.database.db.selectFrom('authors').select(['id', 'slug']).where('name', '=', 'Олена Коваль').orderBy('id').execute();
      assert.deepEqual(bylines.map((b) => b.slug), ['olena-koval', 'olena-koval-2']);

      const first = await signInAs(site.app, one.json.user);
      const second = await signInAs(site.app, two.json.user);
      const created = await first.request('POST', '/api/v1/admin/articles', { title: 'Стаття першої Олени', lead: 'Лід.' });
      assert.equal(created.status, 201, created.body);
      const id = created.json.article.id;
      assert.deepEqual(created.json.article.authorIds, [one.json.user.authorId]);
      assert.equal((await second.request('GET', `/api/v1/admin/articles/${id}`)).status, 403, 'the namesake cannot read the draft');
      assert.equal((await second.request('PUT', `/api/v1/admin/articles/${id}`, { baseVersion: 1, article: { title: 'Чуже', lead: 'Лід.' } })).status, 403);

      // The imported writer's byline, chosen by id, with the articles it signs.
      const dana = await make({ email: 'daryna@example.com', name: 'Дарина Ткачук (редакція)', password: PASSWORD, authorId: daryna.id });
      assert.deepEqual([dana.status, dana.json.user.authorId], [201, daryna.id], dana.body);
      const d = await signInAs(site.app, dana.json.user);
      assert.equal((await d.request('GET', `/api/v1/admin/articles/${imported.id}`)).status, 200, 'her imported article is hers');
      const taken = await make({ email: 'other.daryna@example.com', name: 'Дарина Ткачук', authorId: daryna.id });
      assert.deepEqual([taken.status, taken.json.error.code, taken.json.error.field], [409, 'CONFLICT', 'authorId']);
      const missing = await make({ email: 'ghost@example.com', name: 'Привид', authorId: 999_999 });
      assert.deepEqual([missing.status, missing.json.error.code, missing.json.error.field], [400, 'INVALID_INPUT', 'authorId']);

      // The accounts page offers the free bylines only, and shows each account's.
      const page = await site.app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: admin.cookie } });
      const select = /<select id="u-byline" name="authorId"[^>]*>([\s\S]*?)<\/select>/.exec(page.body)![1]!;
      assert.match(select, /<option value="">Новий підпис з цим ім’ям<\/option>/);
      assert.doesNotMatch(select, /Дарина Ткачук/, 'a taken byline is not offered');
      assert.ok(unescapeHtml(page.body).includes('Олена Коваль <span class="muted">(olena-koval-2)</span>'), 'the list shows the byline');
    });

    test('the accounts page adds an account with a chosen byline, and refuses one already taken', async () => {
      const dir = tempDir();
      const site = await openSite(tdb, [writePlainArticle(dir, 'a.txt', { author: 'Іванна Гончар', title: 'Стаття Іванни' })]);
      const admin = await signInAs(site.app, await addUser(site.database, 'admin'));
      const ivanna = await site.database.db.selectFrom('authors').select('id').where('name', '=', 'Іванна Гончар').executeTakeFirstOrThrow();
      const post = (fields: Record<string, string>) =>
        site.app.inject({ method: 'POST', url: '/admin/users', headers: { ...FORM, cookie: admin.cookie }, payload: new URLSearchParams({ _csrf: admin.csrf, role: 'author', ...fields }).toString() });
      const page = await site.app.inject({ method: 'GET', url: '/admin/users', headers: { cookie: admin.cookie } });
      assert.match(page.body, new RegExp(`<option value="${ivanna.id}">Іванна Гончар \\(ivanna-honchar\\)</option>`));
      const made = await post({ email: 'ivanna@example.com', name: 'Іванна Гончар', authorId: String(ivanna.id) });
      assert.equal(made.statusCode, 201);
      assert.equal((await site.database.db.selectFrom('users').select('author_id').where('email', '=', 'ivanna@example.com').executeTakeFirstOrThrow()).author_id, ivanna.id);
      const again = await post({ email: 'ivanna2@example.com', name: 'Іванна Гончар', authorId: String(ivanna.id) });
      assert.equal(again.statusCode, 409);
      assert.ok(unescapeHtml(again.body).includes(uk.admin.users.bylineTaken));
      const fresh = await post({ email: 'ivanna3@example.com', name: 'Іванна Гончар', authorId: '' });
      assert.equal(fresh.statusCode, 201);
      const freshUser = await site.database.db.selectFrom('users').select('author_id').where('email', '=', 'ivanna3@example.com').executeTakeFirstOrThrow();
      assert.notEqual(freshUser.author_id, ivanna.id, 'a new byline, not the one of the same name');
    });

    test('six simultaneous creations of one email: one account, five 409 CONFLICTs naming the field', async () => {
      const site = await openSite(tdb, []);
      const admin = await signInAs(site.app, await addUser(site.database, 'admin'));
      const body = { email: 'twice@example.com', name: 'Одне Ім’я', role: 'author', password: PASSWORD };
      const results = await Promise.all(Array.from({ length: 6 }, () => admin.request('POST', '/api/v1/admin/users', body)));
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409], results.map((r) => r.body).join('\n'));
      for (const r of results.filter((x) => x.status === 409)) assert.deepEqual([r.json.error.code, r.json.error.field], ['CONFLICT', 'email']);
      const rows = await site.database.db.selectFrom('users').select('id').where('email', '=', 'twice@example.com').execute();
      assert.equal(rows.length, 1);
      const authors = await site.database.db.selectFrom('authors').select('id').where('name', '=', 'Одне Ім’я').execute();
      assert.equal(authors.length, 1, 'the losers left no byline behind');

      // Different people of one name at the same time: every one gets an account and a byline.
      const namesakes = await Promise.all(Array.from({ length: 6 }, (_, i) => admin.request('POST', '/api/v1/admin/users', { ...body, email: `namesake${i}@example.com` })));
      assert.deepEqual(namesakes.map((r) => r.status), [201, 201, 201, 201, 201, 201], namesakes.map((r) => r.body).join('\n'));
      assert.equal(new Set(namesakes.map((r) => r.json.user.authorId)).size, 6);
    });

    test('the upgrade gives each account that shared a byline one of its own, changing no article', async () => {
      const site = await openSite(tdb, []);
      const db = site.database.db;
      const first = await createUser(site.database, { email: 'first@example.com', name: 'Марія Бондар', role: 'author', password: PASSWORD });
      const second = await createUser(site.database, { email: 'second@example.com', name: 'Марія Бондар', role: 'author', password: PASSWORD });
      const { article: byFirst } = await createArticle(site.database, actorOf(first), articleFields.parse({ title: 'Стаття першої Марії', lead: 'Лід.' }), new Date());
      const { article: bySecond } = await createArticle(site.database, actorOf(second), articleFields.parse({ title: 'Стаття другої Марії', lead: 'Лід.' }), new Date());
      // The database as it was before migration 0009: both accounts sign with one author record.
      await db.schema.dropIndex('users_author_id_key').execute();
      await db.updateTable('users').set({ author_id: first.authorId }).where('id', '=', second.id).execute();
      await db.updateTable('article_authors').set({ author_id: first.authorId! }).where('article_id', '=', bySecond.id).execute();
      await db.schema.dropTable('sign_in_clients').execute();
      // And before what followed it (Kysely applies migrations in order only).
      await db.schema.alterTable('articles').dropColumn('changed_at').execute();
      await db.schema.dropTable('article_notes').execute();
      await db.schema.dropTable('password_links').execute();
      await db.schema.alterTable('users').dropColumn('must_change_password').execute();
      if (tdb.dialect === 'postgres') await db.schema.alterTable('search_documents').dropColumn('pairs').execute();
      else await db.schema.dropTable('search_keys').execute();
      await db.schema.dropTable('article_corrections').execute();
      await db.schema.alterTable('article_revisions').dropColumn('note').execute();
      await db.schema.alterTable('users').dropColumn('gender').execute();
      await sql`delete from kysely_migration where name in ('0009-sign-in-clients-and-bylines', '0010-article-changed-at', '0011-password-links', '0012-article-notes', '0013-search-pairs', '0014-rich-text', '0015-search-keys', '0016-corrections-and-gender', '0017-search-storage', '0018-listings-without-rowid')`.execute(db);
      const shared = { ...second, authorId: first.authorId };
      assert.equal(canEdit(actorOf(shared), await articleAccess(site.database, byFirst.id)), true, 'the bug: the namesake owns the article');

      assert.deepEqual(await migrateToLatest(site.database), ['0009-sign-in-clients-and-bylines', '0010-article-changed-at', '0011-password-links', '0012-article-notes', '0013-search-pairs', '0014-rich-text', '0015-search-keys', '0016-corrections-and-gender', '0017-search-storage', '0018-listings-without-rowid']);
      const [a, b] = [await userById(db, first.id), await userById(db, second.id)];
      assert.equal(a!.authorId, first.authorId, 'the first account keeps the byline');
      assert.notEqual(b!.authorId, first.authorId);
      const own = await db.selectFrom('authors').select(['name', 'slug']).where('id', '=', b!.authorId!).executeTakeFirstOrThrow();
      assert.equal(own.name, 'Марія Бондар');
      assert.equal(canEdit(actorOf(b!), await articleAccess(site.database, byFirst.id)), false, 'no longer the namesake’s');
      assert.equal(canEdit(actorOf(b!), await articleAccess(site.database, bySecond.id)), true, 'what the second wrote is still theirs');
      const signed = await db.selectFrom('article_authors').select(['article_id', 'author_id']).orderBy('article_id').execute();
      assert.deepEqual(signed.map((r) => r.author_id), [first.authorId, first.authorId], 'no article is re-signed');
      const audit = await db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'user.byline-split').execute();
      assert.deepEqual(audit.map((x) => x.target_id), [second.id]);
      await assert.rejects(db.updateTable('users').set({ author_id: first.authorId }).where('id', '=', second.id).execute(), 'a shared byline is now impossible');
    });

    test('shpalta user add: a new byline whatever the name, or --author-id of a free one', async (t) => {
      if (tdb.dialect === 'postgres' && !process.env.TEST_DATABASE_URL) return t.skip('TEST_DATABASE_URL is not set');
      const target = await cliTarget(tdb.dialect);
      const add = (email: string, extra: string[] = []) => runCli(['user', 'add', '--email', email, '--name', 'Андрій Мельник', '--role', 'author', ...extra], target.env);
      const one = await add('a1@example.com');
      const two = await add('a2@example.com');
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, /^byline: Андрій Мельник \(author (\d+), \/author\/andrii-melnyk\/\)$/m);
      assert.match(two.stdout, /^byline: Андрій Мельник \(author (\d+), \/author\/andrii-melnyk-2\/\)$/m, 'not the first one’s');
      const firstId = /author (\d+),/.exec(one.stdout)![1]!;
      const taken = await add('a3@example.com', ['--author-id', firstId]);
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, new RegExp(`^shpalta: authorId: Author ${firstId} is already the byline of a1@example.com$`, 'm'));
      const bad = await add('a4@example.com', ['--author-id', 'Андрій']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--author-id: must be the id of an author, not 'Андрій'/);
    });
  });
}
