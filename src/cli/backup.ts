import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig, type DatabaseConfig } from '../config.js';
import { errors, ShpaltaError } from '../core/errors.js';
import { copyMediaStore } from '../services/media-copy.js';
import { openDatabase } from '../storage/database.js';
import { localMediaStore, openMediaStore, type MediaStore } from '../storage/media-store.js';
import { migrateToLatest } from '../storage/migrate.js';
import { countRows } from '../storage/repositories/article-editing.js';
import { mediaName, storeName } from './media.js';
import { writePrivately } from './private-files.js';

/**
 * `shpalta backup FILE` and `shpalta restore FILE`: a copy of the database as it is (SQLite's
 * online backup, or pg_dump's custom format), and putting one back. Media files live beside the
 * database, not in it: `--media` copies the media store (a folder or an S3 bucket) to the
 * folder FILE.media/, and back.
 */
export const BACKUP_USAGE = `usage:
  shpalta backup FILE [--media]              SQLite: an online copy of the database file;
                                             PostgreSQL: pg_dump --format=custom
  shpalta restore FILE [--force] [--media]   replaces the database with the backup
                                             (--force: even when it holds articles)
--media: also copy the media files (MEDIA_STORE or MEDIA_DIR) to FILE.media/ (backup)
         or FILE.media/ into them (restore)`;

/** better-sqlite3's largest step: the whole database at once. */
const ALL_PAGES = 0x7fffffff;

function parse(args: string[], withForce: boolean) {
  const { positionals, values } = parseArgs({
    args,
    options: { media: { type: 'boolean' }, ...(withForce ? { force: { type: 'boolean' as const } } : {}) },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new Error('one FILE is needed');
  return { file: path.resolve(positionals[0]!), media: values.media === true, force: (values as { force?: boolean }).force === true };
}

function usageError(command: string, e: unknown): number {
  console.error(`shpalta ${command}: ${(e as Error).message}\n\n${BACKUP_USAGE}`);
  return 2;
}

const seconds = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`);

export async function backupCommand(args: string[]): Promise<number> {
  let o;
  try {
    o = parse(args, false);
  } catch (e) {
    return usageError('backup', e);
  }
  const config = loadConfig();
  const started = Date.now();
  const tmp = `${o.file}.partial-${process.pid}`;
  fs.mkdirSync(path.dirname(o.file), { recursive: true });
  try {
    // The copy holds password hashes and drafts: readable by its owner only, from its first byte.
    await writePrivately(tmp, () => copyDatabase(config.database, tmp, o.file));
    fs.renameSync(tmp, o.file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  console.log(`backed up the ${config.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database to ${o.file}: ${megabytes(fs.statSync(o.file).size)} in ${seconds(started)}`);
  // After the database: media are content-addressed and only ever added, so every file the
  // backup refers to is already there (a newer one too is harmless).
  if (o.media) console.log(await copyMedia(await openMediaStore(config.mediaStore), localMediaStore(`${o.file}.media`), 'copied media files'));
  else console.log(`media files are not in the database: copy ${mediaName(config)} as well, or run the backup with --media`);
  return 0;
}

/** A consistent copy of the live database into `tmp` (SQLite's online backup, or pg_dump). */
async function copyDatabase(database: DatabaseConfig, tmp: string, target: string): Promise<void> {
  if (database.kind === 'sqlite') {
    const source = database.file;
    if (source === ':memory:') throw errors.backup('DATABASE_URL is :memory:: there is nothing on disk to back up');
    if (source === target) throw errors.backup('the backup would overwrite the database itself: name another file', target);
    if (!fs.existsSync(source)) throw errors.backup(`there is no database at ${source} (check DATABASE_URL)`);
    // SQLite's backup API copies a consistent snapshot while the site goes on serving and
    // writing. In one step: a write between steps would make SQLite start the copy over, and
    // under WAL a long read holds no writer back.
    const db = new SQLite(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(tmp, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
  } else {
    const dump = await pgTool('pg_dump');
    await checkServerVersion(database.url, dump);
    await run(dump.path, ['--format=custom', `--file=${tmp}`, ...connection(database.url).args], connection(database.url).env);
  }
}

export async function restoreCommand(args: string[]): Promise<number> {
  let o;
  try {
    o = parse(args, true);
  } catch (e) {
    return usageError('restore', e);
  }
  const config = loadConfig();
  const started = Date.now();
  if (!fs.existsSync(o.file)) throw errors.backup('no such file', o.file);
  if (config.database.kind === 'sqlite') await restoreSqlite(config.database.file, o.file, o.force);
  else await restorePostgres(config.database.url, o.file, o.force);

  // A backup of an older version is brought up to date.
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database);
    const count = (t: 'articles' | 'users') => countRows(database.db, t);
    console.log(`restored ${await count('articles')} articles and ${await count('users')} users from ${o.file} in ${seconds(started)}`);
    if (applied.length) console.log(`brought the schema up to date: ${applied.join(', ')}`);
  } finally {
    await database.close();
  }
  const media = `${o.file}.media`;
  if (o.media) {
    if (!fs.existsSync(media)) throw errors.backup(`there is no ${media}: was the backup made with --media?`);
    console.log(await copyMedia(localMediaStore(media), await openMediaStore(config.mediaStore), 'restored media files'));
  } else if (fs.existsSync(media)) {
    console.log(`media files of this backup are in ${media}: copy them into ${mediaName(config)}, or restore with --media`);
  } else {
    console.log(`media files are not in the backup: make sure ${mediaName(config)} holds the files of that time`);
  }
  console.log('restart the site (shpalta serve) so that its caches start afresh');
  return 0;
}

/** Keys are content hashes: a file already at its key with its size is the same file, and is skipped. */
async function copyMedia(from: MediaStore, to: MediaStore, what: string): Promise<string> {
  try {
    const o = await copyMediaStore(from, to);
    if (o.total === 0) return `no media files in ${storeName(from)}: nothing to copy`;
    return `${what}: ${storeName(from)} -> ${storeName(to)} (${o.inDestination} files there now)`;
  } finally {
    from.close();
    to.close();
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite

/** The migrations a file records, proving it is a Shpalta database; a clear error otherwise. */
function sqliteMigrations(file: string): string[] {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw errors.backup(`cannot open it as a SQLite database: ${(e as Error).message}`, file);
  }
  try {
    const names = db.prepare('select name from kysely_migration order by name').pluck().all() as string[];
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw errors.backup(`the SQLite database is damaged: ${String(check)}`, file);
    return names;
  } catch (e) {
    if (e instanceof ShpaltaError) throw e;
    const code = (e as { code?: string }).code;
    throw errors.backup(code === 'SQLITE_NOTADB' ? 'not a SQLite database' : 'not a Shpalta database (it has no kysely_migration table)', file);
  } finally {
    db.close();
  }
}

/** Every migration this version knows: the ones a new, empty database gets. */
async function knownMigrations(): Promise<string[]> {
  const scratch = openDatabase({ kind: 'sqlite', file: ':memory:' });
  try {
    return await migrateToLatest(scratch);
  } finally {
    await scratch.close();
  }
}

async function restoreSqlite(target: string, file: string, force: boolean) {
  if (target === ':memory:') throw errors.backup('DATABASE_URL is :memory:: there is no file to restore into');
  if (target === file) throw errors.backup('the backup is the database itself', file);
  const known = new Set(await knownMigrations());
  const newer = sqliteMigrations(file).filter((m) => !known.has(m));
  if (newer.length) throw errors.backup(`the backup was made by a newer version of Shpalta (migrations ${newer.join(', ')}): restore it with that version`, file);
  if (fs.existsSync(target)) {
    const db = new SQLite(target, { fileMustExist: true, timeout: 0 });
    try {
      let articles = 0;
      try {
        articles = Number(db.prepare('select count(*) from articles').pluck().get());
      } catch {
        // No articles table: not a database of ours yet, nothing to lose.
      }
      if (articles > 0 && !force) {
        throw errors.backup(`the database ${target} holds ${articles} articles: restoring replaces them with the backup's; run again with --force to do that`);
      }
      // The site must be stopped: an exclusive lock is refused while any other process has it open.
      try {
        db.pragma('locking_mode = EXCLUSIVE');
        db.exec('begin exclusive');
        db.exec('commit');
      } catch {
        throw errors.backup(`the database ${target} is in use (is 'shpalta serve' running?): stop the site first; a restore must not replace the file under it`);
      }
    } finally {
      db.close();
    }
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // A new database file is its owner's alone, as openDatabase makes one.
    fs.closeSync(fs.openSync(target, 'a', 0o600));
  }
  // SQLite's backup API, not a file copy, writes the target: its write-ahead log and the
  // file's pages are replaced together, under SQLite's lock.
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/**
 * The client tools take the URL without its password, which goes by the environment
 * (PGPASSWORD): a command line is visible to every user of the machine.
 */
function connection(url: string) {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const env: Record<string, string> = password ? { PGPASSWORD: password } : {};
  return { args: [`--dbname=${u.href}`], env };
}

interface Tool {
  name: string;
  path: string;
  major: number;
}

/** pg_dump or pg_restore and its major version, or an error saying what to install. */
async function pgTool(name: 'pg_dump' | 'pg_restore'): Promise<Tool> {
  let out: string;
  try {
    out = await run(name, ['--version'], {});
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw errors.backup(`${name} was not found: install the PostgreSQL client tools of your server's version (Debian and Ubuntu: apt-get install postgresql-client)`);
    }
    throw e;
  }
  const major = Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? NaN);
  return { name, path: name, major };
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>('show server_version_num');
    return Math.floor(Number(r.rows[0]!.v) / 10000);
  } finally {
    await client.end();
  }
}

/** pg_dump refuses a newer server; say so before, in words an operator can act on. */
async function checkServerVersion(url: string, tool: Tool) {
  const server = await serverMajor(url);
  if (tool.major < server) {
    throw errors.backup(`${tool.name} is version ${tool.major} but the server is PostgreSQL ${server}: install postgresql-client-${server} (the client tools must be at least the server's version)`);
  }
  if (tool.major > server) console.log(`note: ${tool.name} ${tool.major} with a PostgreSQL ${server} server; restore with pg_restore ${tool.major} or newer`);
}

function run(command: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(error);
      reject(errors.backup(`${command} failed: ${stderr.trim() || error.message}`));
    });
  });
}

async function restorePostgres(url: string, file: string, force: boolean) {
  const restore = await pgTool('pg_restore');
  let listing: string;
  try {
    listing = await run(restore.path, ['--list', file], {});
  } catch (e) {
    if (e instanceof ShpaltaError) throw errors.backup(`not a pg_dump archive (custom format) that ${restore.name} ${restore.major} can read: ${e.message}`, file);
    throw e;
  }
  if (!/ TABLE \S+ kysely_migration /.test(listing)) throw errors.backup('not a backup of a Shpalta database (it has no kysely_migration table)', file);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = (await client.query<{ t: string | null }>("select to_regclass('articles')::text as t")).rows[0]!.t !== null;
    const articles = exists ? Number((await client.query<{ n: string }>('select count(*) as n from articles')).rows[0]!.n) : 0;
    if (articles > 0 && !force) {
      throw errors.backup(`the database holds ${articles} articles: restoring replaces them with the backup's; run again with --force to do that`);
    }
    const others = Number((await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows[0]!.n);
    if (others > 0) console.log(`note: ${others} other connections to the database are open (is the site running?): stop it, or restart it afterwards`);
  } finally {
    await client.end();
  }
  // One transaction: a restore that fails half-way changes nothing.
  const c = connection(url);
  await run(restore.path, ['--clean', '--if-exists', '--no-owner', '--single-transaction', ...c.args, file], c.env);
}


