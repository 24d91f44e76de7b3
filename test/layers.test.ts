import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { importsOf, sourcesIn, src } from './helpers/sources.js';

/*
 * The layers of src/ (storage/README.md): every query is in storage/, services hold the use
 * cases, routes parse, authorize, call a service and present; SQLite and PostgreSQL differ only
 * in their own folders, behind storage/engine.ts.
 */

const read = (file: string) => fs.readFileSync(path.join(src, file), 'utf8');
const lines = (file: string, pattern: RegExp) =>
  read(file)
    .split('\n')
    .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));

test('no query is built outside src/storage', () => {
  const queries = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`/;
  const found = ['services', 'server', 'cli', 'render', 'core'].flatMap((dir) => sourcesIn(dir).flatMap((file) => lines(file, queries)));
  assert.deepEqual(found, [], 'a query belongs in a repository under src/storage/repositories');
});

test('nothing outside the dialect folders asks which database it runs on', () => {
  const asks = /\bdialect\s*[!=]==|\.kind\s*[!=]==\s*'(sqlite|postgres)'|instanceof\s+(Postgres|Sqlite)Adapter|PostgresAdapter|pg\.types\.setTypeParser/;
  // Opening a database chooses the engine, once; a migration's DDL and a backup's tools are each database's own.
  const allowed = new Set(['storage/database.ts', 'storage/migrate.ts', 'cli/backup.ts', 'cli/serve.ts', 'config.ts']);
  const found = sourcesIn('.')
    .map((f) => path.normalize(f))
    .filter((f) => !f.startsWith('storage/sqlite/') && !f.startsWith('storage/postgres/') && !f.startsWith('storage/migrations/') && !allowed.has(f))
    .flatMap((file) => lines(file, asks));
  assert.deepEqual(found, [], 'what differs between the databases goes behind storage/engine.ts');
});

test('storage imports nothing from the layers above it, and only database.ts opens a dialect folder', () => {
  for (const file of sourcesIn('storage')) {
    for (const { target } of importsOf(file)) {
      assert.ok(!/^(services|server|cli|render|admin-client)\//.test(target), `${file} imports ${target}`);
      const dialect = /^storage\/(sqlite|postgres)\//.exec(target);
      if (dialect && !file.startsWith(`storage/${dialect[1]}/`)) assert.ok(file === 'storage/database.ts', `${file} imports ${target}`);
    }
  }
});
