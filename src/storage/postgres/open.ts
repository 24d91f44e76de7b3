import { Kysely } from 'kysely';
import pg from 'pg';
import type { Database, OpenOptions } from '../database.js';
import type { Schema } from '../schema.js';
import { postgresEngine } from './engine.js';
import { OwnSchemaPostgresDialect } from './introspector.js';

/**
 * A dead or unreachable server fails a request within this, rather than holding it. pg counts
 * the wait for a free pooled connection in it too, so it is long enough for a busy moment.
 */
const PG_CONNECT_TIMEOUT_MS = 3_000;
/** When the network, not the server, stops answering: the client gives up a little later. */
const PG_QUERY_TIMEOUT_GRACE_MS = 5_000;

/**
 * int8 (counts) arrives as a string by default; ours all fit a JS number. Set on this pool's
 * connections only, not for every pg client in the process.
 */
const types = {
  getTypeParser: ((oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
};

export function openPostgres(url: string, options: OpenOptions): Database {
  const statementTimeout = options.pgStatementTimeoutMs ?? 0;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    // Also the longest wait for a free connection when all are busy.
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    types,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + PG_QUERY_TIMEOUT_GRACE_MS } : {}),
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  // A client losing its server must not crash the process, idle (the pool's 'error') or checked
  // out between queries (its own 'error'); the query in flight or the next one reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Schema>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  return { db, engine: postgresEngine, dialect: 'postgres', close: () => db.destroy(), pool };
}
