/**
 * `node dist/bench/explain.js [--database X] [--runs N]`: where the time of an uncached page
 * goes, without HTTP. For the article page, the home page and tag pages it calls the same
 * services and render functions as the routes, times the database part and the rendering apart,
 * and lists every query with its time and its plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on
 * PostgreSQL). Run it on a filled benchmark database (npm run bench:fill).
 */
import { postgresEngine } from '../src/storage/postgres/engine.js';
import { sqliteEngine } from '../src/storage/sqlite/engine.js';
import { tagsByUse } from './fill-db.js';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.js';
import { renderArticlePage } from '../src/render/article-page.js';
import { renderHomePage } from '../src/render/home-page.js';
import { renderTagPage } from '../src/render/list-pages.js';
import { siteContextSource } from '../src/server/site-context.js';
import { homeData, readPublishedArticle, tagPage } from '../src/services/public-content.js';
import type { Database } from '../src/storage/database.js';
import type { Schema } from '../src/storage/schema.js';
import { databaseConfig, describeDatabase, parse, wholeNumber } from './cli-args.js';
import { rngFor } from './generate.js';

const USAGE = `usage: node dist/bench/explain.js [--database X] [--runs N] [--pragma P]…

  --database X   a SQLite file or a postgres:// URL (default ./data/bench.db)
  --runs N       pages of each kind to time (default 300)
  --pragma P     SQLite only: run 'pragma P' after the app's own (e.g. mmap_size=268435456),
                 to see what a setting would change; repeatable`;

interface Query {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

interface Traced {
  database: Database;
  queries: Query[];
  plan(q: Query): Promise<string[]>;
}

/** Opens the database as openDatabase does, with a log of every query. */
function openTraced(config: DatabaseConfig, pragmas: string[]): Traced {
  const queries: Query[] = [];
  const log = (e: LogEvent) => {
    if (e.level === 'query') queries.push({ sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
  };
  if (config.kind === 'sqlite') {
    const sqlite = new SQLite(config.file, { fileMustExist: true });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    for (const p of pragmas) sqlite.pragma(p);
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }), log });
    return {
      database: { db, engine: sqliteEngine, dialect: 'sqlite', close: () => db.destroy() },
      queries,
      async plan(q) {
        const rows = sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{ id: number; parent: number; detail: string }>;
        const depth = new Map<number, number>([[0, 0]]);
        return rows.map((r) => {
          const d = (depth.get(r.parent) ?? 0) + 1;
          depth.set(r.id, d);
          return `${'  '.repeat(d - 1)}${r.detail}`;
        });
      },
    };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log });
  return {
    database: { db, engine: postgresEngine, dialect: 'postgres', close: () => db.destroy() },
    queries,
    async plan(q) {
      const res = await pool.query(`explain ${q.sql}`, q.parameters as unknown[]);
      return res.rows.map((r: Record<string, string>) => r['QUERY PLAN']!);
    },
  };
}

interface Timing {
  db: number[];
  render: number[];
  queryMs: number[];
  queries: number;
  bytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * (xs.length - 1)))] ?? NaN;
const f2 = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const args = parse({ database: { type: 'string' }, runs: { type: 'string' }, pragma: { type: 'string', multiple: true } }, USAGE);
  const config = databaseConfig(args.database);
  const runs = wholeNumber(args.runs, 300, 'runs');
  const pragmas = args.pragma ?? [];
  const traced = openTraced(config, pragmas);
  const { database, queries } = traced;
  const db = database.db;
  const site = siteContextSource(database, 'http://127.0.0.1:3000');
  const ctx = await site.load();

  const ids = (await db.selectFrom('articles').select('id').where('status', '=', 'published').execute()).map((r) => r.id);
  const tags = await tagsByUse(db);
  if (ids.length === 0 || tags.length === 0) throw new Error('the database has no published articles: fill it first');
  const r = rngFor(11, 11);
  const any = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const top = tags[0]!;
  const deepPage = Math.max(2, Math.min(500, Math.floor(Number(top.n) / 20)));

  const kinds: Array<{ name: string; run: () => Promise<string> }> = [
    { name: 'article (a different one each time)', run: async () => renderTimed(() => readPublishedArticle(database, any(ids)), (a) => renderArticlePage(ctx, a)) },
    { name: 'home', run: async () => renderTimed(() => homeData(database), (d) => renderHomePage(ctx, d)) },
    { name: `tag «${top.name}» (${Number(top.n).toLocaleString('en-US')} articles), page 1`, run: async () => renderTimed(() => tagPage(database, top.slug, 1), (d) => renderTagPage(ctx, d)) },
    { name: 'tag pages, page 1 (a different tag each time)', run: async () => renderTimed(() => tagPage(database, any(tags).slug, 1), (d) => renderTagPage(ctx, d)) },
    { name: `tag «${top.name}», page ${deepPage} (OFFSET ${(deepPage - 1) * 20})`, run: async () => renderTimed(() => tagPage(database, top.slug, deepPage), (d) => renderTagPage(ctx, d)) },
  ];

  let timing: Timing;
  async function renderTimed<T>(load: () => Promise<T>, render: (data: T) => string): Promise<string> {
    queries.length = 0;
    const t0 = performance.now();
    const data = await load();
    const t1 = performance.now();
    const html = render(data);
    const t2 = performance.now();
    timing.db.push(t1 - t0);
    timing.render.push(t2 - t1);
    timing.queryMs.push(queries.reduce((s, q) => s + q.ms, 0));
    timing.queries = queries.length;
    timing.bytes = Buffer.byteLength(html);
    return html;
  }

  console.log(
    `Where an uncached page's time goes (${describeDatabase(config)}${pragmas.length ? ` with pragma ${pragmas.join(', ')}` : ''}, ` +
      `${ids.length.toLocaleString('en-US')} published articles, ${runs} runs each, in-process, no HTTP)\n`,
  );
  const summary: string[] = [];
  for (const kind of kinds) {
    timing = { db: [], render: [], queryMs: [], queries: 0, bytes: 0 };
    for (let i = 0; i < Math.min(20, runs); i++) await kind.run(); // warm-up
    timing = { db: [], render: [], queryMs: [], queries: 0, bytes: 0 };
    for (let i = 0; i < runs; i++) await kind.run();
    const t = timing;
    summary.push(
      `${kind.name}\n    data ${f2(median(t.db))} ms median (p99 ${f2(p(t.db, 0.99))}; of which the driver ${f2(median(t.queryMs))} ms in ${t.queries} queries), ` +
        `render ${f2(median(t.render))} ms median (p99 ${f2(p(t.render, 0.99))}), ${(t.bytes / 1024).toFixed(1)} KB of HTML`,
    );
    // The queries of the last run, slowest first, with their plans.
    const last = [...queries].sort((a, b) => b.ms - a.ms);
    console.log(`== ${kind.name}: ${last.length} queries`);
    for (const q of last) {
      console.log(`  ${f2(q.ms).padStart(6)} ms  ${q.sql.replace(/\s+/g, ' ').slice(0, 220)}${q.sql.length > 220 ? '…' : ''}`);
      for (const line of await traced.plan(q)) console.log(`              ${line}`);
    }
    console.log('');
  }
  console.log('Summary (median per page)');
  for (const s of summary) console.log(`  ${s}`);
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
