import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { prepared } from '../src/storage/prepared.js';
import { closeTestDatabases, testDatabases } from './helpers/databases.js';

after(closeTestDatabases);

/**
 * A prepared read (storage/prepared.ts) is compiled once per database and shape and then run with
 * each call's values: what it returns must be what the same query built afresh returns, for any
 * values, lists of any length, and arguments used in any order or more than once.
 */
const sectionsNamed = prepared((db, parent: number | null, paths: string[]) =>
  db.selectFrom('sections').select(['id', 'path']).where('path', 'in', paths).where((eb) => eb.or([eb('parent_id', '=', parent), eb('parent_id', 'is', null)])).orderBy('path'),
);
/** The second argument first, the first twice: placeholders are matched by position in the SQL, not in the call. */
const reordered = prepared((db, a: string, b: string) => db.selectFrom('sections').select(sql<string>`${b} || ${a} || ${a}`.as('v')).limit(1));

for (const tdb of testDatabases) {
  describe(`prepared reads (${tdb.dialect})`, () => {
    test('give the rows of the query built afresh, whatever the values and the lengths of the lists', async () => {
      const database = await tdb.open();
      const { db } = database;
      const paths = ['a', 'b', 'c', 'd', 'e'];
      for (const [i, path] of paths.entries()) await db.insertInto('sections').values({ name: path.toUpperCase(), slug: path, path, parent_id: null, position: i, created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z' }).execute();
      const fresh = (parent: number | null, wanted: string[], on = db) =>
        on.selectFrom('sections').select(['id', 'path']).where('path', 'in', wanted).where((eb) => eb.or([eb('parent_id', '=', parent), eb('parent_id', 'is', null)])).orderBy('path').execute();
      for (const wanted of [['a'], ['b'], ['a', 'c'], ['e', 'd'], ['a'], paths, ['c', 'x'], ['z']]) {
        assert.deepEqual(await sectionsNamed(db, 1, wanted), await fresh(1, wanted), `paths ${wanted.join(',')}`);
      }
      assert.deepEqual(await reordered(db, 'x', 'y'), [{ v: 'yxx' }]);
      assert.deepEqual(await reordered(db, 'p', 'q'), [{ v: 'qpp' }]);
      // Inside a transaction too (compiled afresh there).
      await db.transaction().execute(async (trx) => assert.deepEqual(await sectionsNamed(trx, 1, ['d']), await fresh(1, ['d'], trx)));
    });

    test('refuse a builder that uses an argument for anything but a value in the query', async () => {
      const database = await tdb.open();
      const branching = prepared((db, limit: number) => db.selectFrom('sections').select('id').limit(Number(limit) || 10));
      await assert.rejects(branching(database.db, 5), /does not put its argument 1 into the query as a value/);
    });
  });
}
