import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database, OpenOptions } from '../database.js';
import type { Schema } from '../schema.js';
import { sqliteEngine } from './engine.js';

export function openSqlite(file: string, options: OpenOptions = {}): Database {
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
  // Pages of 4 KB: 25,000 of them are ~100 MB of log at most, checkpointed by this connection.
  if (options.bulkWrites) sqlite.pragma('wal_autocheckpoint = 25000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, engine: sqliteEngine, dialect: 'sqlite', close: () => db.destroy(), sqlite };
}

/**
 * Kysely prepares every query anew; preparing costs more than running the small queries of a
 * page. Statements are kept by their SQL (bounded: lists of ids make many shapes) and reused —
 * safe because Kysely runs each to completion (all/run) on this single connection. A long
 * statement (a multi-row insert or an `in (…)` list of a bulk import, thousands of parameters)
 * holds up to megabytes of SQLite's memory, outside the JavaScript heap, and its shape seldom
 * comes back: only a few of those are kept, or a thousand of them would hold gigabytes.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  const long = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql) ?? long.get(sql);
      if (!statement) {
        // Counted once, when the statement is made: parameters are what make it large.
        const cache = parameterCount(sql) > LONG_PARAMETERS ? long : statements;
        if (cache.size >= (cache === long ? LONG_KEPT : 1000)) cache.clear();
        statement = sqlite.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** A statement with more parameters than this is a long one; LONG_KEPT of them are kept. */
const LONG_PARAMETERS = 200;
const LONG_KEPT = 16;

function parameterCount(sql: string): number {
  let n = 0;
  for (let i = sql.indexOf('?'); i !== -1; i = sql.indexOf('?', i + 1)) n++;
  return n;
}
