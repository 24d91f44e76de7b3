import cluster from 'node:cluster';
import type { Server, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { buildApp } from '../server/app.js';
import { startJobs } from '../server/jobs.js';
import { listenForMetrics } from '../server/ops.js';
import { openDatabase, SERVE_STATEMENT_TIMEOUT_MS } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { openMediaStore } from '../storage/media-store.js';
import { holdsAny } from '../storage/repositories/article-editing.js';
import { errors } from '../core/errors.js';

const DEMO_DIR = fileURLToPath(new URL('../../../demo/articles/', import.meta.url));
/** The demo's bold, italic and links, which its plain-text files cannot hold (services/demo-marks.ts). */
const DEMO_MARKS = fileURLToPath(new URL('../../../demo/marks.json', import.meta.url));

/** At shutdown, how long requests whose clients are gone may go on before the database closes. */
const HANDLERS_GRACE_MS = 10_000;

/** `--workers N`: 1 (no cluster) unless given; a clear error for anything but 1–64. */
export function workerCount(args: string[]): number {
  const i = args.indexOf('--workers');
  if (i < 0) return 1;
  const value = args[i + 1] ?? '';
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) throw errors.invalidInput('--workers', `must be a whole number from 1 to 64, not '${value}'`);
  return Number(value);
}

/**
 * `shpalta serve [--demo] [--workers N]`: migrates, with --demo fills an empty database, and
 * listens. With N workers the first process prepares the database and then runs N serving
 * processes (node:cluster) that share the port; one that dies is replaced; SIGTERM reaches
 * them all and each finishes its requests in flight.
 */
export async function serveCommand(args: string[]): Promise<void> {
  const workers = workerCount(args);
  if (workers > 1 && cluster.isPrimary) return superviseWorkers(args, workers);
  const config = loadConfig();
  const serving = { pgStatementTimeoutMs: SERVE_STATEMENT_TIMEOUT_MS, pgPoolSize: config.databasePoolSize };
  const database = openDatabase(config.database, serving);
  if (config.database.kind === 'postgres') {
    // Migrations may run long: on a pool of their own, without the serving statement limit.
    const migrating = openDatabase(config.database);
    try {
      await migrateToLatest(migrating);
    } finally {
      await migrating.close();
    }
  } else await migrateToLatest(database);
  const replica = config.replicaUrl ? openDatabase({ kind: 'postgres', url: config.replicaUrl }, serving) : undefined;
  const media = await openMediaStore(config.mediaStore);
  const app = await buildApp({ config, database, media, ...(replica ? { replica } : {}) });

  if (args.includes('--demo') && cluster.isPrimary) {
    if (!(await holdsAny(database.db, 'articles'))) {
      // Loaded only here: the importer brings sharp, which a serving process need not hold.
      const { importPaths } = await import('../services/import-plain.js');
      const outcomes = await importPaths({ database, media, changes: app.shpalta.changes }, [DEMO_DIR]);
      const { applyDemoMarks } = await import('../services/demo-marks.js');
      app.shpalta.changes.announce(await applyDemoMarks(database, DEMO_MARKS));
      const failed = outcomes.filter((o) => !o.ok);
      for (const o of failed) if (!o.ok) app.log.error(o.error.describe());
      app.log.info(`demo content: ${outcomes.length - failed.length} articles imported`);
    }
  }

  const stopJobs = startJobs(app.shpalta, app.log);
  // app.close() waits for the requests in flight and closes the connections idle at that moment;
  // a keep-alive connection whose request finishes later would hold the exit for the keep-alive
  // timeout (72 s). Those answers say 'Connection: close', so the socket closes once it is sent.
  const inFlight = new Set<ServerResponse>();
  app.server.on('request', (_req, res: ServerResponse) => {
    // A page the cache answered before routing is already sent: nothing to hold or close.
    if (res.writableEnded) return;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  let metricsServer: Server | undefined;
  const close = async (signal: string) => {
    app.log.info(`${signal}: closing`);
    stopJobs();
    metricsServer?.close();
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    await app.close();
    // Handlers whose clients hung up may still be querying: the database closes after them.
    if (!(await app.unfinished.settled(HANDLERS_GRACE_MS))) app.log.warn(`${app.unfinished.count} requests still unfinished after ${HANDLERS_GRACE_MS / 1000} s; closing anyway`);
    await database.close();
    await replica?.close();
    media.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);

  await app.listen({ host: config.host, port: config.port });
  // Workers share this port too (node:cluster): a scrape sees one worker's numbers, as on the public port.
  if (config.metricsListen) metricsServer = await listenForMetrics(app.shpalta.metrics!, config.metricsListen);
  if (cluster.isWorker) {
    app.log.info(`worker ${cluster.worker?.id} (pid ${process.pid}) is serving`);
    return;
  }
  app.log.info(`Shpalta is serving ${config.siteUrl} (database: ${config.database.kind}, media: ${media.location})`);
  if (!(await holdsAny(database.db, 'users'))) {
    app.log.info(`no newsroom accounts yet: create the first admin with \`node dist/src/cli/main.js user add --email … --name "…" --role admin\`, then sign in at ${config.siteUrl}/admin/login`);
  }
}

/** The first process of `serve --workers N`: prepares the database once, then keeps N workers running. */
async function superviseWorkers(args: string[], count: number): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database);
    if (args.includes('--demo')) {
      if (!(await holdsAny(database.db, 'articles'))) {
        const { importPaths } = await import('../services/import-plain.js');
        const media = await openMediaStore(config.mediaStore);
        try {
          const outcomes = await importPaths({ database, media }, [DEMO_DIR]);
          const { applyDemoMarks } = await import('../services/demo-marks.js');
          await applyDemoMarks(database, DEMO_MARKS);
          console.log(`demo content: ${outcomes.filter((o) => o.ok).length} articles imported`);
        } finally {
          media.close();
        }
      }
    }
  } finally {
    await database.close();
  }
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`worker ${worker.id} (pid ${worker.process.pid}) exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  console.log(`Shpalta is serving ${config.siteUrl} with ${count} workers (database: ${config.database.kind})`);
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
