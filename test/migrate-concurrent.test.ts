import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../src/storage/database.js';
import { migrationsCurrent } from '../src/storage/migrate.js';
import { cliTarget, requiredUrl, runCli } from './helpers/servers.js';

const pgUrl = requiredUrl('TEST_DATABASE_URL');
/** Instances starting at the same moment against one empty database. */
const STARTING = 4;

for (const kind of ['sqlite', 'postgres'] as const) {
  test(`${STARTING} processes migrating one empty ${kind} database at once: it is migrated once and all of them succeed`, { skip: kind === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL is not set' : false }, async () => {
    const target = await cliTarget(kind);
    const runs = await Promise.all(Array.from({ length: STARTING }, () => runCli(['migrate'], target.env)));
    for (const run of runs) assert.equal(run.code, 0, `a process failed:\n${run.stderr}`);
    // One process applied every step; the others found the database up to date.
    const applied = runs.filter((r) => r.stdout.startsWith('applied: '));
    assert.equal(applied.length, 1, runs.map((r) => r.stdout).join(''));
    assert.equal(runs.filter((r) => r.stdout.includes('the database is up to date')).length, STARTING - 1);

    const database = openDatabase(target.config);
    try {
      assert.equal(await migrationsCurrent(database), true);
      const steps = await database.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
      assert.equal(steps.length, applied[0]!.stdout.split(',').length, 'each step recorded once');
    } finally {
      await database.close();
    }
  });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  test(`a failed step on ${kind}: 'shpalta migrate' names it and its cause and its cause, and keeps nothing of it`, { skip: kind === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL is not set' : false }, async () => {
    const target = await cliTarget(kind);
    assert.equal((await runCli(['migrate'], target.env)).code, 0);
    // The newest step that makes a table (0012's notes) has it there while the database says the
    // step never ran, nor those after it.
    const database = openDatabase(target.config);
    const steps = async () => (await database.db.selectFrom('kysely_migration' as never).select('name' as never).execute()).length;
    try {
      const last = { name: '0012-article-notes' };
      await database.db.deleteFrom('kysely_migration' as never).where('name' as never, '>=', last.name as never).execute();
      const before = await steps();
      const run = await runCli(['migrate'], target.env);
      assert.equal(run.code, 1, run.stdout);
      assert.match(run.stderr, new RegExp(`^shpalta: Database migration ${last.name} failed: .*already exists`, 'm'));
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'a message, not a stack trace');
      assert.equal(await steps(), before, 'the failed step is not recorded');
    } finally {
      await database.close();
    }
  });
}
