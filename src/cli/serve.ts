import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { buildApp } from '../server/app.js';
import { startJobs } from '../server/jobs.js';
import { openDatabase } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

const DEMO_DIR = fileURLToPath(new URL('../../../demo/articles/', import.meta.url));

/** `shpalta serve [--demo]`: migrates, with --demo fills an empty database, and listens. */
export async function serveCommand(args: string[]): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config.database);
  await migrateToLatest(database);
  const app = await buildApp({ config, database });

  if (args.includes('--demo')) {
    const any = await database.db.selectFrom('articles').select('id').limit(1).executeTakeFirst();
    if (!any) {
      // Loaded only here: the importer brings sharp, which a serving process need not hold.
      const [{ importPaths }, { localMediaStore }] = await Promise.all([import('../services/import-plain.js'), import('../storage/media-store.js')]);
      const outcomes = await importPaths({ database, media: localMediaStore(config.mediaDir), changes: app.shpalta.changes }, [DEMO_DIR]);
      const failed = outcomes.filter((o) => !o.ok);
      for (const o of failed) if (!o.ok) app.log.error(o.error.describe());
      app.log.info(`demo content: ${outcomes.length - failed.length} articles imported`);
    }
  }

  const stopJobs = startJobs(app.shpalta, app.log);
  const close = async (signal: string) => {
    app.log.info(`${signal}: closing`);
    stopJobs();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);

  await app.listen({ host: config.host, port: config.port });
  app.log.info(`Shpalta is serving ${config.siteUrl} (database: ${config.database.kind})`);
  const anyone = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (!anyone) {
    app.log.info(`no newsroom accounts yet: create the first admin with \`node dist/src/cli/main.js user add --email … --name "…" --role admin\`, then sign in at ${config.siteUrl}/admin/login`);
  }
}
