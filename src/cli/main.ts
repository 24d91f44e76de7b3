#!/usr/bin/env node
import { fail, withDatabase } from './context.js';
import { importCommand } from './import.js';
import { reindexCommand } from './reindex.js';
import { serveCommand } from './serve.js';
import { migrateToLatest } from '../storage/migrate.js';

const USAGE = `usage: shpalta <command>

commands:
  serve [--demo]        migrate the database and serve the site (--demo: import the demo
                        articles when the database is empty)
  import FILE|DIR…      import plain-text articles (a folder: every .txt in it)
  reindex               rebuild the search index of every article
  migrate               bring the database schema up to date

configuration: DATABASE_URL, HOST, PORT, SITE_URL, MEDIA_DIR, LOG_LEVEL (see README.md)`;

async function main(argv: string[]): Promise<number | void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve':
      return serveCommand(args);
    case 'import':
      return importCommand(args);
    case 'reindex':
      return reindexCommand();
    case 'migrate':
      return withDatabase(async (_config, database) => {
        const ran = await migrateToLatest(database);
        console.log(ran.length ? `applied: ${ran.join(', ')}` : 'the database is up to date');
      });
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
