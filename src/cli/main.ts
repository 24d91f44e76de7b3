#!/usr/bin/env node
import { isShpaltaError } from '../core/errors.js';

const USAGE = `usage: shpalta <command>

commands:
  serve [--demo] [--workers N]
                        migrate the database and serve the site (--demo: import the demo
                        articles when the database is empty; --workers: N processes)
  import FILE|DIR…      import plain-text articles (a folder: every .txt in it)
  import --json FILE [--force]
                        load an export into an empty database (--force: empty it first)
  export FILE           write the whole site (content, accounts without passwords,
                        revisions, audit log) to one JSON file
  backup FILE [--media] copy the database to FILE (SQLite online; PostgreSQL pg_dump);
                        --media: also copy the media files to FILE.media/
  restore FILE [--force] [--media]
                        replace the database with a backup (--force: even when it holds
                        articles), then migrate it
  reindex               rebuild the search index of every article
  media migrate [--from STORE] [--to STORE]
                        copy every media file between stores (file:DIR, s3://BUCKET/PREFIX),
                        skipping those already there; each defaults to MEDIA_STORE
  migrate               bring the database schema up to date
  user add --email E --name N --role R [--password-stdin]
                        create a newsroom account (roles: contributor, author, editor,
                        admin); prints a one-time password unless one comes on stdin
  user reset-password --email E [--password-stdin]
                        set a new password and end the account's sessions

configuration: DATABASE_URL, DATABASE_REPLICA_URL, REDIS_URL, HOST, PORT, SITE_URL, MEDIA_DIR, MEDIA_STORE, LOG_LEVEL, … (see README.md)`;

/** Not through withDatabase: that migrates first, and this command reports what it applied. */
async function migrateCommand() {
  const [{ loadConfig }, { openDatabase }, { migrateToLatest }] = await Promise.all([import('../config.js'), import('../storage/database.js'), import('../storage/migrate.js')]);
  const database = openDatabase(loadConfig().database);
  try {
    const ran = await migrateToLatest(database);
    console.log(ran.length ? `applied: ${ran.join(', ')}` : 'the database is up to date');
  } finally {
    await database.close();
  }
}

/**
 * Each command's module is loaded when it runs: `shpalta import` need not load the server
 * (Fastify, the renderers, the newsroom), which would only weigh on its memory.
 */
async function main(argv: string[]): Promise<number | void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
      return (await import('./serve.js')).serveCommand(args);
    case 'import':
      return (await import('./import.js')).importCommand(args);
    case 'reindex':
      return (await import('./reindex.js')).reindexCommand();
    case 'media':
      return (await import('./media.js')).mediaCommand(args);
    case 'export':
      return (await import('./export.js')).exportCommand(args);
    case 'backup':
      return (await import('./backup.js')).backupCommand(args);
    case 'restore':
      return (await import('./backup.js')).restoreCommand(args);
    case 'user':
      return (await import('./user.js')).userCommand(args);
    case 'migrate':
      return migrateCommand();
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`shpalta: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

/** Prints a known error as one clear line (no stack) and exits non-zero. */
function fail(e: unknown): never {
  if (isShpaltaError(e)) console.error(`shpalta: ${e.describe()}`);
  else console.error(e);
  process.exit(1);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  fail,
);
