import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DialectName } from '../../src/storage/database.js';
import { migrateToLatest, migrateUpTo } from '../../src/storage/migrate.js';

export interface TestDatabase {
  dialect: DialectName;
  /**
   * A fresh, migrated, empty database: a temporary SQLite file or a PostgreSQL schema of its own;
   * with `upTo`, migrated only to that step (an upgrade test fills it as an older release did).
   */
  open(o?: { upTo?: string }): Promise<Database>;
}

const pgUrl = process.env.TEST_DATABASE_URL;

if (process.env.CI && !pgUrl) {
  // On CI a PostgreSQL suite that quietly skips would pass while testing nothing.
  throw new Error('TEST_DATABASE_URL must be set on CI: the PostgreSQL suites may not be skipped');
}

const cleanups: Array<() => Promise<void>> = [];

/** Every storage-touching suite runs once per database: SQLite always, PostgreSQL when configured. */
export const testDatabases: TestDatabase[] = [
  {
    dialect: 'sqlite',
    async open(o = {}) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-test-'));
      const database = openDatabase({ kind: 'sqlite', file: path.join(dir, 'test.db') });
      await (o.upTo ? migrateUpTo(database, o.upTo) : migrateToLatest(database));
      cleanups.push(async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });
      return database;
    },
  },
  ...(pgUrl
    ? [
        {
          dialect: 'postgres' as const,
          async open(o: { upTo?: string } = {}) {
            const schema = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
            const admin = new pg.Client({ connectionString: pgUrl });
            await admin.connect();
            await admin.query(`create schema ${schema}`);
            await admin.end();
            const database = openDatabase({ kind: 'postgres', url: pgUrl }, { pgSchema: schema, pgPoolSize: 4 });
            await (o.upTo ? migrateUpTo(database, o.upTo) : migrateToLatest(database));
            cleanups.push(async () => {
              await database.close();
              const c = new pg.Client({ connectionString: pgUrl });
              await c.connect();
              await c.query(`drop schema ${schema} cascade`);
              await c.end();
            });
            return database;
          },
        },
      ]
    : []),
];

/** Closes and removes every database opened by this test file; call from a top-level after(). */
export async function closeTestDatabases(): Promise<void> {
  for (const c of cleanups.splice(0)) await c();
}

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-files-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
/** The reference article (glavcom.ua, as its site printed it): read from ../shared beside the clone, never copied in. */
export const referenceArticle = path.resolve(projectRoot, '../shared/seed/000_56c201d3acdcaa1f.txt');
/**
 * Why the tests that need the reference article cannot run here, or false when they can. A
 * fresh clone with nothing beside it skips them; on CI, where ../shared is always beside the
 * clone, its absence fails the run, as a missing PostgreSQL does.
 */
export const withoutReference: string | false = fs.existsSync(referenceArticle) ? false : `the reference article is not at ${referenceArticle} (../shared beside the clone)`;
if (process.env.CI && withoutReference) throw new Error(`${withoutReference}: on CI the tests that need it may not be skipped`);
export const demoDir = path.join(projectRoot, 'demo/articles');
