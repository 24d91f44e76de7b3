import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database, type OpenOptions } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

/** Config and an up-to-date database for a command; closes the database afterwards. */
export async function withDatabase<T>(run: (config: Config, database: Database) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config.database, options);
  try {
    await migrateToLatest(database);
    return await run(config, database);
  } finally {
    await database.close();
  }
}
