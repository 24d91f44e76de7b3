import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { DatabaseConfig } from '../src/config.js';
import { openDatabase } from '../src/storage/database.js';
import { closeTestDatabases, demoDir, tempDir } from './helpers/databases.js';
import { cliOk, cliTarget, runCli } from './helpers/servers.js';
import { writePlainArticle } from './helpers/site.js';

after(closeTestDatabases);

const pgUrl = process.env.TEST_DATABASE_URL;
const targets = { sqlite: () => cliTarget('sqlite'), postgres: () => cliTarget('postgres') };
const ok = cliOk;

/** What a restore must bring back exactly. */
async function contents(config: DatabaseConfig) {
  const database = openDatabase(config);
  try {
    const db = database.db;
    return {
      articles: await db.selectFrom('articles').select(['id', 'slug', 'title', 'lead', 'body', 'status', 'section_id', 'version']).orderBy('id').execute(),
      authors: await db.selectFrom('article_authors').selectAll().orderBy('article_id').orderBy('position').execute(),
      articleTags: await db.selectFrom('article_tags').selectAll().orderBy('article_id').orderBy('position').execute(),
      tags: await db.selectFrom('tags').select(['id', 'slug', 'name', 'kind']).orderBy('id').execute(),
      users: await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'author_id', 'disabled', 'password_hash']).orderBy('id').execute(),
      listings: await db.selectFrom('article_listings').select(['list_kind', 'list_id', 'article_id']).orderBy('list_kind').orderBy('list_id').orderBy('article_id').execute(),
    };
  } finally {
    await database.close();
  }
}

/** Changes made after the backup, which a restore must undo. */
async function scribble(config: DatabaseConfig) {
  const database = openDatabase(config);
  try {
    const db = database.db;
    const [first, second] = await db.selectFrom('articles').select('id').orderBy('id').limit(2).execute();
    await db.deleteFrom('articles').where('id', '=', first!.id).execute();
    await db.updateTable('articles').set({ title: 'Переписаний заголовок', body: '[]' }).where('id', '=', second!.id).execute();
    await db.insertInto('tags').values({ slug: 'novyi', name: 'Новий', kind: 'topic', created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute();
    await db.updateTable('users').set({ disabled: 1, name: 'Інше ім’я' }).execute();
  } finally {
    await database.close();
  }
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL is not set' : false;

  test(`${dialect}: backup, change, restore --force brings back the same articles, users and tags`, { skip }, async () => {
    const site = await targets[dialect]();
    await ok(['import', demoDir], site.env);
    await ok(['user', 'add', '--email', 'redaktor@example.com', '--name', 'Олена Редакторка', '--role', 'editor'], site.env);
    const before = await contents(site.config);
    assert.ok(before.articles.length >= 5 && before.users.length === 1 && before.tags.length > 0, 'the site has content');

    const file = path.join(tempDir(), dialect === 'sqlite' ? 'site-backup.db' : 'site-backup.dump');
    const backup = await ok(['backup', file, '--media'], site.env);
    assert.match(backup.stdout, new RegExp(`^backed up the (SQLite|PostgreSQL) database to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [\\d.]+ kB in [\\d.]+ s$`, 'm'));
    assert.match(backup.stdout, /^copied media files: .* \(\d+ files there now\)$/m);
    const mediaFiles = fs.readdirSync(site.mediaDir, { recursive: true }).length;
    assert.ok(mediaFiles > 0, 'the demo brings photos');
    assert.equal(fs.readdirSync(`${file}.media`, { recursive: true }).length, mediaFiles, 'the media folder copied beside the backup');

    await scribble(site.config);
    assert.notDeepEqual(await contents(site.config), before);

    const refused = await runCli(['restore', file], site.env);
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /holds \d+ articles: restoring replaces them with the backup's; run again with --force/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'a message, not a stack trace');
    assert.equal((await contents(site.config)).articles.length, before.articles.length - 1, 'nothing was restored');

    fs.rmSync(site.mediaDir, { recursive: true });
    const restored = await ok(['restore', file, '--force', '--media'], site.env);
    assert.match(restored.stdout, new RegExp(`^restored ${before.articles.length} articles and 1 users from `, 'm'));
    assert.deepEqual(await contents(site.config), before);
    assert.equal(fs.readdirSync(site.mediaDir, { recursive: true }).length, mediaFiles, 'the media files are back');

    // The disaster case: a new, empty database gets the backup without --force.
    const fresh = await targets[dialect]();
    const intoFresh = await ok(['restore', file], fresh.env);
    assert.match(intoFresh.stdout, /media files of this backup are in .*\.media: copy them into MEDIA_DIR/);
    assert.deepEqual(await contents(fresh.config), before);
  });

  test(`${dialect}: restore refuses a file that is not a backup of ours, naming it`, { skip }, async () => {
    const site = await targets[dialect]();
    const junk = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(junk, 'not a backup at all\n'.repeat(100));
    const run = await runCli(['restore', junk, '--force'], site.env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`${junk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (not a SQLite database|not a pg_dump archive)`));
    const missing = await runCli(['restore', '/no/such/backup.db'], site.env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /\/no\/such\/backup\.db: no such file/);
    const usage = await runCli(['backup'], site.env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage:\n +shpalta backup FILE/);
  });
}

test('sqlite: a SQLite file of another program is refused, and so is a database in use', async () => {
  const site = await targets.sqlite();
  await ok(['import', demoDir], site.env);
  const file = path.join(tempDir(), 'backup.db');
  await ok(['backup', file], site.env);

  const other = path.join(tempDir(), 'other.db');
  const sqlite = openDatabase({ kind: 'sqlite', file: other });
  sqlite.sqlite!.exec('create table t (x)');
  await sqlite.close();
  const foreign = await runCli(['restore', other, '--force'], site.env);
  assert.equal(foreign.code, 1);
  assert.match(foreign.stderr, /other\.db: not a Shpalta database \(it has no kysely_migration table\)/);

  const future = path.join(tempDir(), 'future.db');
  fs.copyFileSync(file, future);
  const f = openDatabase({ kind: 'sqlite', file: future });
  f.sqlite!.prepare("insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01')").run();
  await f.close();
  const newer = await runCli(['restore', future, '--force'], site.env);
  assert.equal(newer.code, 1);
  assert.match(newer.stderr, /future\.db: the backup was made by a newer version of Shpalta \(migrations 9999-from-the-future\)/);

  // The site serving: its connection is open.
  const serving = openDatabase(site.config);
  try {
    await serving.db.selectFrom('articles').select('id').execute();
    const busy = await runCli(['restore', file, '--force'], site.env);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /is in use \(is 'shpalta serve' running\?\): stop the site first/);
  } finally {
    await serving.close();
  }
  await ok(['restore', file, '--force'], site.env);
});

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL is not set' : false;
  test(`${dialect}: a backup and an export hold drafts and accounts, and only their owner may read them (0600)`, { skip }, async () => {
    const site = await targets[dialect]();
    await ok(['import', writePlainArticle(tempDir(), 'a.txt')], site.env);
    await ok(['user', 'add', '--email', 'admin@example.com', '--name', 'Адмін', '--role', 'admin'], site.env);
    const dir = tempDir();
    const backup = path.join(dir, 'nightly.backup');
    const exported = path.join(dir, 'site.json');
    // Files left from an earlier run with the old, open mode: writing them anew closes them.
    for (const f of [backup, exported]) fs.writeFileSync(f, 'old', { mode: 0o644 });
    await ok(['backup', backup], site.env);
    await ok(['export', exported], site.env);
    for (const f of [backup, exported]) assert.equal((fs.statSync(f).mode & 0o777).toString(8), '600', path.basename(f));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['nightly.backup', 'site.json'], 'no temporary file is left');
  });
}

test('sqlite: the database file a site or a restore creates is its owner’s alone (0600)', async () => {
  const site = await targets.sqlite();
  await ok(['import', writePlainArticle(tempDir(), 'a.txt')], site.env);
  await ok(['user', 'add', '--email', 'admin@example.com', '--name', 'Адмін', '--role', 'admin'], site.env);
  const file = site.config.kind === 'sqlite' ? site.config.file : '';
  const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
  assert.equal(mode(file), '600', 'the database holds password hashes and drafts');
  for (const side of ['-wal', '-shm']) if (fs.existsSync(file + side)) assert.equal(mode(file + side), '600', side);
  const backup = path.join(tempDir(), 'nightly.backup');
  await ok(['backup', backup], site.env);
  const restoredDir = path.join(tempDir(), 'new-data');
  const restored = path.join(restoredDir, 'shpalta.db');
  await ok(['restore', backup], { ...site.env, DATABASE_URL: restored });
  assert.equal(mode(restored), '600', 'a restore into a new file');
});
