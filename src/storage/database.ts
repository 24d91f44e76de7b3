import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { OwnSchemaPostgresDialect } from './pg-introspector.js';
import type { Schema } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the query builder, which dialect it speaks, and how to close it. */
export interface Database {
  db: Kysely<Schema>;
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
}

/**
 * A dead or unreachable server fails a request within this, rather than holding it. pg counts
 * the wait for a free pooled connection in it too, so it is long enough for a busy moment.
 */
const PG_CONNECT_TIMEOUT_MS = 3_000;
export const SERVE_STATEMENT_TIMEOUT_MS = 10_000;
/** When the network, not the server, stops answering: the client gives up a little later. */
const PG_QUERY_TIMEOUT_GRACE_MS = 5_000;

// int8 (counts) and numeric arrive as strings by default; ours all fit a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Database {
  if (config.kind === 'sqlite') return openSqlite(config.file);
  return openPostgres(config.url, options);
}

function openSqlite(file: string): Database {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // It holds drafts, sessions and password hashes: a new file is its owner's alone (SQLite
    // gives its -wal and -shm files the database file's permissions). An existing file keeps its own.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
  }
  const sqlite = new SQLite(file);
  // WAL lets readers go on while an import writes; NORMAL is durable across app crashes.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy(), sqlite };
}

/**
 * Kysely prepares every query anew; preparing costs more than running the small queries of a
 * page. Statements are kept by their SQL (bounded: lists of ids make many shapes) and reused —
 * safe because Kysely runs each to completion (all/run) on this single connection.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= 1000) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string, options: OpenOptions): Database {
  const statementTimeout = options.pgStatementTimeoutMs ?? 0;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    // Also the longest wait for a free connection when all are busy.
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + PG_QUERY_TIMEOUT_GRACE_MS } : {}),
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  // A client losing its server must not crash the process, idle (the pool's 'error') or checked
  // out between queries (its own 'error'); the query in flight or the next one reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Schema>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy(), pool };
}
