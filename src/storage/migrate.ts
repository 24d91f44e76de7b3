import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { errors } from '../core/errors.js';
import type { Database, DialectName } from './database.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-listings-flags-variants.js';
import * as m0003 from './migrations/0003-search.js';
import * as m0004 from './migrations/0004-source-hash.js';
import * as m0005 from './migrations/0005-search-candidates.js';
import * as m0006 from './migrations/0006-newsroom.js';
import * as m0007 from './migrations/0007-name-indexes.js';
import * as m0008 from './migrations/0008-working-copies.js';
import * as m0009 from './migrations/0009-sign-in-clients-and-bylines.js';
import * as m0010 from './migrations/0010-article-changed-at.js';
import * as m0011 from './migrations/0011-password-links.js';
import * as m0012 from './migrations/0012-article-notes.js';
import * as m0013 from './migrations/0013-search-pairs.js';
import * as m0014 from './migrations/0014-rich-text.js';
import * as m0015 from './migrations/0015-search-keys.js';
import * as m0016 from './migrations/0016-corrections-and-gender.js';
import * as m0017 from './migrations/0017-search-storage.js';
import * as m0018 from './migrations/0018-listings-without-rowid.js';

type Step = { up(db: Kysely<any>, dialect: DialectName, database: Database): Promise<void> };

/** In order; a name once released never changes, new steps are appended. */
const steps: Record<string, Step> = {
  '0001-initial': m0001,
  '0002-listings-flags-variants': m0002,
  '0003-search': m0003,
  '0004-source-hash': m0004,
  '0005-search-candidates': m0005,
  '0006-newsroom': m0006,
  '0007-name-indexes': m0007,
  '0008-working-copies': m0008,
  '0009-sign-in-clients-and-bylines': m0009,
  '0010-article-changed-at': m0010,
  '0011-password-links': m0011,
  '0012-article-notes': m0012,
  '0013-search-pairs': m0013,
  '0014-rich-text': m0014,
  '0015-search-keys': m0015,
  '0016-corrections-and-gender': m0016,
  '0017-search-storage': m0017,
  '0018-listings-without-rowid': m0018,
};

async function migrator(database: Database, options: { disableTransactions?: boolean } = {}): Promise<Migrator> {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of Object.entries(steps)) {
    migrations[name] = { up: (db) => step.up(db, database.dialect, database) };
  }
  // Kysely looks for its bookkeeping tables in any schema unless told which: name ours, so
  // that databases sharing a server in other schemas are never mistaken for this one.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    ...options,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * Brings the schema up to date, once however many instances start together. On PostgreSQL
 * Kysely runs the steps in a transaction under an advisory lock. On SQLite its lock does
 * nothing and its transaction starts deferred: two processes could both read 'not yet' and both
 * run a step. There the whole migration runs in a transaction of ours begun IMMEDIATE (the
 * write lock taken first), so a second process waits, then finds nothing left to do.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  return migrate(database, (m) => m.migrateToLatest());
}

/**
 * Brings the schema to a named step and no further: how an upgrade test makes a database as an
 * older release left it, to fill it in the shapes of then before the steps that follow.
 */
export async function migrateUpTo(database: Database, name: string): Promise<string[]> {
  if (!(name in steps)) throw new Error(`no migration ${name}`);
  return migrate(database, (m) => m.migrateTo(name));
}

async function migrate(database: Database, run: (m: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const raw = database.dialect === 'sqlite' ? database.sqlite : undefined;
  let result: MigrationResultSet;
  if (raw) {
    await beginImmediate(raw);
    try {
      result = await run(await migrator(database, { disableTransactions: true }));
    } catch (e) {
      raw.exec('rollback');
      throw e;
    }
    raw.exec(result.error ? 'rollback' : 'commit');
  } else result = await run(await migrator(database));
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw errors.migrationFailed(String(failed), result.error);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** How long a starting process waits for another's migration of the same SQLite file. */
const MIGRATION_WAIT_MS = 10 * 60_000;

/** Takes SQLite's write lock, waiting (without blocking the process for long) while another holds it. */
async function beginImmediate(raw: NonNullable<Database['sqlite']>): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      raw.exec('begin immediate');
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() - started > MIGRATION_WAIT_MS) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** True when every known migration has run (for readiness checks). */
export async function migrationsCurrent(database: Database): Promise<boolean> {
  const list = await (await migrator(database)).getMigrations();
  return list.every((m) => m.executedAt !== undefined);
}
