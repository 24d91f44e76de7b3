import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { buildApp, type ShpaltaApp } from '../src/server/app.js';
import { importPaths } from '../src/services/import-plain.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { localMediaStore } from '../src/storage/media-store.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { demoDir, tempDir } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';
import { requiredUrl, sleep, until } from './helpers/servers.js';
import { richText } from '../src/core/rich-text.js';

const pgUrl = requiredUrl('TEST_DATABASE_URL');

/** A schema of its own on the test server, migrated, dropped after the file. */
async function schemaDatabase(name: string): Promise<Database> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${name}`);
  await admin.end();
  const database = openDatabase({ kind: 'postgres', url: pgUrl! }, { pgSchema: name, pgPoolSize: 4 });
  await migrateToLatest(database);
  after(async () => {
    await database.close();
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop schema if exists ${name} cascade`);
    await c.end();
  });
  return database;
}

/**
 * Plays the part of streaming replication, on demand: the replica schema becomes a copy of the
 * primary's tables, all at once in one transaction, as a standby replays the log. Between two
 * calls the replica lags behind.
 */
async function replicate(primary: string, replica: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    const tables = (await c.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'`, [primary])).rows.map((r) => r.table_name);
    await c.query('begin');
    // A standby does not check foreign keys while it replays; neither does this copy.
    await c.query('set local session_replication_role = replica');
    await c.query(`truncate ${tables.map((t) => `${replica}."${t}"`).join(', ')}`);
    for (const t of tables) {
      const cols = (await c.query<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and is_generated = 'NEVER'`, [primary, t])).rows
        .map((r) => `"${r.column_name}"`)
        .join(', ');
      await c.query(`insert into ${replica}."${t}" (${cols}) select ${cols} from ${primary}."${t}"`);
    }
    await c.query('commit');
  } finally {
    await c.end();
  }
}

test('with a read replica, public pages read the replica, the newsroom the primary, and a publication shows once the replica has it', { skip: pgUrl ? false : 'TEST_DATABASE_URL is not set', timeout: 60_000 }, async () => {
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const [primaryName, replicaName] = [`t_${suffix}_p`, `t_${suffix}_r`];
  const primary = await schemaDatabase(primaryName);
  const replica = await schemaDatabase(replicaName);
  const mediaDir = tempDir();
  const outcomes = await importPaths({ database: primary, media: localMediaStore(mediaDir) }, [demoDir]);
  assert.ok(outcomes.every((o) => o.ok));
  await replicate(primaryName, replicaName);

  const app: ShpaltaApp = await buildApp({ config: { siteUrl: 'https://news.example.ua', mediaDir, logLevel: 'silent' }, database: primary, replica });
  after(() => app.close());
  const get = (url: string) => app.inject({ method: 'GET', url });

  const home = await get('/');
  assert.equal(home.statusCode, 200);
  const section = await primary.db.selectFrom('sections').select(['id', 'path']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();

  // Written on the primary through the newsroom.
  const editor = await signInAs(app, await addUser(primary, 'editor'));
  const title = 'Репліка ще не знає цієї новини';
  const created = await editor.request('POST', '/api/v1/admin/articles', { title, lead: 'Перший абзац новини, якої репліка ще не має.', body: [{ type: 'paragraph', content: richText('Текст.') }], sectionId: section.id });
  assert.equal(created.status, 201, created.body);
  const published = await editor.request('POST', `/api/v1/admin/articles/${created.json.article.id}/transition`, { step: 'publish' });
  assert.equal(published.status, 200, published.body);
  const url = new URL(published.json.article.url as string, 'https://news.example.ua').pathname;

  // The newsroom reads the primary: the article is there and published.
  const list = await editor.request('GET', '/api/v1/admin/articles');
  assert.ok(list.json.items.some((a: { title: string; status: string }) => a.title === title && a.status === 'published'), 'the newsroom reads the primary');

  // Readers read the replica, which has not got it yet: not found, and the home page (rendered
  // again meanwhile from the replica) does not show it. Nothing of the lag may stick in the cache.
  await sleep(1500);
  assert.equal((await get(url)).statusCode, 404, 'the public page reads the replica');
  assert.ok(!(await get('/')).body.includes(title), 'the home page reads the replica');
  assert.equal((await get(`/api/v1/articles/${created.json.article.id}`)).statusCode, 404, 'so does the public API');

  // The replica catches up: within two seconds readers see the article everywhere.
  await replicate(primaryName, replicaName);
  const waited = await until('the home page shows the replicated article', async () => (await get('/')).body.includes(title), 2_000);
  assert.equal((await get(url)).statusCode, 200);
  assert.ok(waited < 2_000);

  const ready = await get('/readyz');
  assert.equal(ready.statusCode, 200, ready.body);
  assert.ok((ready.json() as { checks: Array<{ name: string; ok: boolean }> }).checks.some((c) => c.name === 'replica' && c.ok));
});
