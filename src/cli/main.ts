#!/usr/bin/env node
import { loadConfig } from '../config.js';
import { openDatabase } from '../storage/database.js';
import { backupCommand, restoreCommand } from './backup.js';
import { fail } from './context.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { mediaCommand } from './media.js';
import { reindexCommand } from './reindex.js';
import { serveCommand } from './serve.js';
import { userCommand } from './user.js';
import { migrateToLatest } from '../storage/migrate.js';

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
  const database = openDatabase(loadConfig().database);
  try {
    const ran = await migrateToLatest(database);
    console.log(ran.length ? `applied: ${ran.join(', ')}` : 'the database is up to date');
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<number | void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(args);
    case 'import':
      return importCommand(args);
    case 'reindex':
      return reindexCommand();
    case 'media':
      return mediaCommand(args);
    case 'export':
      return exportCommand(args);
    case 'backup':
      return backupCommand(args);
    case 'restore':
      return restoreCommand(args);
    case 'user':
      return userCommand(args);
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

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  fail,
);
