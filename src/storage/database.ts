import type SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { DatabaseConfig } from '../config.js';
import type { DialectName, Engine, Store } from './engine.js';
import { openPostgres } from './postgres/open.js';
import type { Schema } from './schema.js';
import { openSqlite } from './sqlite/open.js';

export type { DialectName } from './engine.js';

/**
 * An open database: the query builder, the engine it runs on (what differs between SQLite and
 * PostgreSQL: storage/engine.ts), and how to close it.
 */
export interface Database {
  db: Kysely<Schema>;
  engine: Engine;
  /** The engine's name, for migrations (their DDL differs) and messages. */
  dialect: DialectName;
  close(): Promise<void>;
  /** SQLite's own connection, for what SQL cannot do (a migration's schema edit). */
  sqlite?: SQLite.Database;
  /** PostgreSQL's connection pool, for its numbers in /metrics. */
  pool?: { totalCount: number; idleCount: number; waitingCount: number };
}

export interface OpenOptions {
  /** PostgreSQL only: the schema to work in (tests use one each, to run side by side). */
  pgSchema?: string;
  pgPoolSize?: number;
  /**
   * PostgreSQL only: the longest a statement may run before the server cancels it. Serving
   * processes set it (SERVE_STATEMENT_TIMEOUT_MS) so that a stuck database fails requests instead
   * of holding them; commands that migrate or import leave it unset (no limit).
   */
  pgStatementTimeoutMs?: number;
  /**
   * SQLite only: this connection writes in bulk (an import). Its write-ahead log is copied into
   * the database file every ~100 MB instead of every 4 MB: each batch rewrites the same index and
   * search pages, and each copy wrote them to the file again (100,000 files: commits 10.5 → 7 s).
   */
  bulkWrites?: boolean;
}

/** What a serving process lets a PostgreSQL statement run, at most (OpenOptions.pgStatementTimeoutMs). */
export const SERVE_STATEMENT_TIMEOUT_MS = 10_000;

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Database {
  if (config.kind === 'sqlite') return openSqlite(config.file, options);
  return openPostgres(config.url, options);
}

/** Runs `work` in a transaction, handing it the transaction with the database's engine. */
export function inTransaction<T>(database: Database, work: (tx: Store) => Promise<T>): Promise<T> {
  return database.db.transaction().execute((trx) => work({ db: trx, engine: database.engine }));
}

/** Answers when the database does (readiness checks). */
export async function ping(database: Database): Promise<void> {
  await sql`select 1`.execute(database.db);
}
