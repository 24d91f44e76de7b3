/**
 * Mixed traffic against several serving processes, as a breaking story brings it:
 *
 *   node dist/bench/load.js --database postgres://postgres@127.0.0.1:5432/shpalta_bench [--redis redis://127.0.0.1:6379]
 *                          [--workers 2] [--connections 200] [--duration 60] [--warm 200] [--pool 20] [--profile DIR]
 *
 * The database must hold the benchmark's articles (node dist/bench/fill.js --database …). The
 * script removes the drafts of earlier runs, adds a bench account and a pool of drafts, starts
 * `shpalta serve --workers N`, requests `--warm` of the 2,000 article pages once, and runs
 * autocannon on 127.0.0.1 with, per request: 80% an article page (one of 2,000), 15% the home
 * page, 4% a search, 1% a publication through the newsroom API (a draft from the pool goes
 * live, which drops the cached pages it appears on). Prints throughput, latency percentiles and
 * every error or non-2xx answer by kind. `--pool`: each worker's PostgreSQL connections
 * (DATABASE_POOL_SIZE; with the default 10 a worker queued 30–110 statements for a connection).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { parseDatabaseUrl } from '../src/config.js';
import { articleFields, createArticle } from '../src/services/newsroom/articles.js';
import { createUser } from '../src/services/newsroom/auth.js';
import { openDatabase } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { userByEmail } from '../src/storage/repositories/users.js';
import { richText } from '../src/core/rich-text.js';
import { rngFor } from './generate.js';

const SERVER_MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const EMAIL = 'load-bench@shpalta.test';
/** The drafts it publishes are titled so; earlier runs' are left out of the pages and queries it asks for, so that every run asks alike. */
const DRAFT_TITLE = 'Навантаження: новина';
const PASSWORD = 'load-bench-password';
/** /metrics is not public: the server it starts reads it with this token. */
const metricsToken = randomBytes(24).toString('hex');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function main() {
  const databaseUrl = option('--database', 'postgres://postgres@127.0.0.1:5432/shpalta_bench');
  const redis = option('--redis', '');
  const workers = Number(option('--workers', '2'));
  const connections = Number(option('--connections', '200'));
  const duration = Number(option('--duration', '60'));
  const poolSize = option('--pool', process.env.DATABASE_POOL_SIZE ?? '20');
  const random = rngFor(20261125, 7);

  // ---- the database: articles to read, an account, drafts to publish
  const database = openDatabase(parseDatabaseUrl(databaseUrl));
  let drafts: number[] = [];
  let paths: string[] = [];
  let queries: string[] = [];
  try {
    await migrateToLatest(database);
    // Earlier runs' drafts go: each run asks the database as it was filled, its own drafts the newest.
    const old = await sql`delete from articles where title like ${`${DRAFT_TITLE}%`}`.execute(database.db);
    if (Number(old.numAffectedRows ?? 0) > 0) {
      process.stderr.write(`removed ${old.numAffectedRows} drafts of earlier runs\n`);
      if (database.dialect === 'postgres') await sql`vacuum analyze articles, search_documents, article_listings, article_authors, article_revisions`.execute(database.db);
    }
    const published = await sql<{ id: number; slug: string; path: string | null; title: string }>`
      select a.id, a.slug, s.path, a.title from articles a left join sections s on s.id = a.section_id
      where a.status = 'published' and a.title not like ${`${DRAFT_TITLE}%`} order by a.published_at desc limit 20000`.execute(database.db);
    if (published.rows.length < 100) throw new Error(`${databaseUrl} holds too few articles: fill it first (node dist/bench/fill.js --database …)`);
    const rows = published.rows;
    for (let i = 0; i < 2000; i++) {
      const r = rows[Math.floor(random() * rows.length)]!;
      paths.push(`${r.path ? `/${r.path}` : ''}/${r.slug}-${r.id}.html`);
    }
    queries = rows.slice(0, 300).map((r) => r.title.split(/\s+/).filter((w) => w.length > 4).slice(0, 2).join(' ')).filter(Boolean);
    let user = await userByEmail(database.db, EMAIL);
    if (!user) {
      await createUser(database, { email: EMAIL, name: 'Навантажувальний Тест', role: 'editor', password: PASSWORD });
      user = await userByEmail(database.db, EMAIL);
    }
    const section = await database.db.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow();
    const needed = Math.ceil(duration * 60);
    process.stderr.write(`preparing ${needed} drafts to publish…\n`);
    const actor = { id: user!.id, role: user!.role, authorId: user!.authorId };
    for (let i = 0; i < needed; i++) {
      const fields = articleFields.parse({ title: `${DRAFT_TITLE} ${Date.now()}-${i}`, lead: 'Лід новини для навантажувального тесту.', body: [{ type: 'paragraph', content: richText('Текст.') }], sectionId: section.id });
      drafts.push((await createArticle(database, actor, fields, new Date())).article.id);
    }
  } finally {
    await database.close();
  }

  // ---- the server
  const port = await freePort();
  // --profile DIR: every serving process writes a CPU profile there when it exits (workers inherit it).
  const profile = option('--profile', '');
  const server = spawn(process.execPath, [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), SERVER_MAIN, 'serve', '--workers', String(workers)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: poolSize, PORT: String(port), LOG_LEVEL: 'warn', METRICS_TOKEN: metricsToken, ...(redis ? { REDIS_URL: redis } : {}) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/readyz`).then((r) => r.status === 200).catch(() => false);
      if (ok) break;
      if (i > 300) throw new Error('the server did not become ready');
      await sleep(100);
    }
    const signIn = await fetch(`${base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };

    // Warm the caches a little, as a live site's are.
    for (const p of paths.slice(0, Number(option('--warm', '200')))) await fetch(base + p).then((r) => r.arrayBuffer());

    const kinds = { article: 0, home: 0, search: 0, publish: 0 };
    let next = 0;
    const instance = autocannon({
      url: base,
      connections,
      duration,
      timeout: 10,
      requests: [
        {
          setupRequest: (req: autocannon.Request) => {
            const r = random();
            if (r < 0.01 && next < drafts.length) {
              kinds.publish++;
              return { ...req, method: 'POST', path: `/api/v1/admin/articles/${drafts[next++]}/transition`, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ step: 'publish' }) };
            }
            if (r < 0.05) {
              kinds.search++;
              return { ...req, method: 'GET', path: `/search?q=${encodeURIComponent(queries[Math.floor(random() * queries.length)]!)}` };
            }
            if (r < 0.2) {
              kinds.home++;
              return { ...req, method: 'GET', path: '/' };
            }
            kinds.article++;
            return { ...req, method: 'GET', path: paths[Math.floor(random() * paths.length)]! };
          },
        },
      ],
    });
    const cpuBefore = cpuMark(server.pid!);
    const statuses = new Map<number, number>();
    instance.on('response', (_client: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
    const result = await instance;
    const cpu = cpuUse(cpuBefore, cpuMark(server.pid!));
    const total = result.requests.total;
    console.log(`\nLoad: ${workers} workers (${poolSize} database connections each), ${connections} connections, ${duration} s, ${databaseUrl.replace(/\/\/[^@]*@/, '//')}${redis ? ' + Redis' : ''}`);
    console.log(`requests ${total.toLocaleString('en')}: articles ${kinds.article}, home ${kinds.home}, search ${kinds.search}, publications ${kinds.publish}`);
    console.log(`throughput ${result.requests.average.toFixed(0)} req/s; latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    console.log(`CPU in cores: server ${cpu.server.toFixed(2)} (all its processes), autocannon ${cpu.client.toFixed(2)}, others ${cpu.others.toFixed(2)} (PostgreSQL and Redis among them)`);
    console.log(`errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}; statuses ${[...statuses].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
    console.log(`server side, one worker's view (/metrics; the time from a request's arrival in Fastify to its answer):\n${await serverLatency(base)}`);
    if (result.errors || result.timeouts || result.non2xx) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

// ---- CPU: the server's processes, this one (autocannon), and everything else on the machine

const TICK = 0.01; // seconds per clock tick (USER_HZ is 100 on Linux)

function ticksOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** A process and its descendants (the cluster's workers), by /proc/<pid>/task/<pid>/children. */
function treeOf(pid: number): number[] {
  let children: number[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone
  }
  return [pid, ...children.flatMap(treeOf)];
}

function cpuMark(serverPid: number) {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const [, user, nice, system, , , irq, softirq, steal] = line;
  const self = process.cpuUsage();
  return {
    at: performance.now(),
    machine: ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK,
    server: treeOf(serverPid).reduce((n, pid) => n + ticksOf(pid), 0) * TICK,
    client: (self.user + self.system) / 1e6,
  };
}

function cpuUse(a: ReturnType<typeof cpuMark>, b: ReturnType<typeof cpuMark>) {
  const seconds = (b.at - a.at) / 1000;
  const server = (b.server - a.server) / seconds;
  const client = (b.client - a.client) / seconds;
  return { server, client, others: Math.max(0, (b.machine - a.machine) / seconds - server - client) };
}

/** Per kind of route: requests, mean and the bucket holding the 50th and 99th percentile, from the latency histogram. */
async function serverLatency(base: string): Promise<string> {
  const text = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } }).then((r) => r.text()).catch(() => '');
  const buckets = new Map<string, Array<[number, number]>>();
  const sums = new Map<string, number>();
  for (const line of text.split('\n')) {
    const b = /^shpalta_http_request_duration_seconds_bucket\{le="([^"]+)",kind="([^"]+)"\} (\S+)/.exec(line);
    if (b) buckets.set(b[2]!, [...(buckets.get(b[2]!) ?? []), [b[1] === '+Inf' ? Infinity : Number(b[1]), Number(b[3])]]);
    const sum = /^shpalta_http_request_duration_seconds_sum\{kind="([^"]+)"\} (\S+)/.exec(line);
    if (sum) sums.set(sum[1]!, Number(sum[2]));
  }
  const ms = (s: number) => (s === Infinity ? '∞' : `${Math.round(s * 1000)} ms`);
  // The event loop's delays and the garbage collector's pauses: time no request of the worker moves.
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  const gc = [...text.matchAll(/^shpalta_nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} (\S+)/gm)].reduce((m, [, what, kind, v]) => m.set(`${kind} ${what}`, Number(v)), new Map<string, number>());
  const pauses = ['minor', 'major', 'incremental']
    .filter((k) => gc.has(`${k} count`))
    .map((k) => `${k} ${gc.get(`${k} count`)} × ${ms((gc.get(`${k} sum`) ?? 0) / Math.max(1, gc.get(`${k} count`) ?? 1))} (total ${ms(gc.get(`${k} sum`) ?? 0)})`)
    .join(', ');
  const loop = `  event loop delay p50 ${ms(value('shpalta_nodejs_eventloop_lag_p50_seconds'))}, p99 ${ms(value('shpalta_nodejs_eventloop_lag_p99_seconds'))}, max ${ms(value('shpalta_nodejs_eventloop_lag_max_seconds'))}; garbage collection: ${pauses}`;
  return [...buckets]
    .map(([kind, list]) => {
      const count = list.at(-1)![1];
      const at = (q: number) => list.find(([, n]) => n >= q * count)?.[0] ?? Infinity;
      const over = (s: number) => count - (list.find(([le]) => le === s)?.[1] ?? count);
      return `  ${kind.padEnd(10)} ${String(count).padStart(6)} requests, mean ${ms((sums.get(kind) ?? 0) / Math.max(1, count))}, p50 ≤ ${ms(at(0.5))}, p99 ≤ ${ms(at(0.99))}; over 250 ms ${over(0.25)}, over 1 s ${over(1)}`;
    })
    .concat(loop)
    .join('\n');
}

await main();
