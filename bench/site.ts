/**
 * `node dist/bench/site.js [--articles N] [--duration S] [--connections C] [--database X] [--skip-fill]`
 *
 * Fills (or reuses) a benchmark database, starts the real server as a child process and measures
 * it with autocannon on 127.0.0.1: the article page, the home page and tag pages, cached and
 * uncached, beside a bare node:http server that returns the same article bytes from memory.
 * Prints a table and writes bench/results/site-<timestamp>.json. See bench/README.md.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseConfig } from '../src/config.js';
import { openDatabase } from '../src/storage/database.js';
import { databaseConfig, databaseUrl, DEFAULT_DATABASE, describeDatabase, parse, wholeNumber } from './cli-args.js';
import { CORPORA, type Corpus } from './zipf-text.js';
import { countContent, prepareDatabase, RefusedError, tagsByUse, type FillResult } from './fill-db.js';
import { rngFor } from './generate.js';
import { runWrk } from './wrk.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const BARE_SERVER = fileURLToPath(new URL('./bare-server.js', import.meta.url));
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

const USAGE = `usage: node dist/bench/site.js [options]      (npm run bench -- [options])

  --articles N      articles in the benchmark database (default 100000)
  --duration S      seconds measured per scenario (default 10), after a warm-up
  --warmup S        seconds of warm-up per scenario, discarded (default 2)
  --connections C   concurrent connections (default 32)
  --database X      a SQLite file or a postgres:// URL (default ./data/bench.db)
  --client C        the load generator: autocannon (default, in this process) or wrk (2 threads)
  --skip-fill       measure the database as it is
  --corpus C        the text a fill writes: template (default) or zipf (bench/zipf-text.ts)
  --force           empty and refill a database that holds other articles than the benchmark's`;

// ---------------------------------------------------------------- small helpers

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const sleep = (t: number) => new Promise((resolve) => setTimeout(resolve, t));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A plain GET without Accept-Encoding, as autocannon sends it. */
function get(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
}

class Samples {
  private data = new Float64Array(1 << 16);
  length = 0;
  push(v: number) {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

// ---------------------------------------------------------------- memory and CPU of processes

interface Memory {
  /** Largest VmRSS seen by sampling every 200 ms, in bytes. */
  peakRss: number;
  /** The kernel's own high-water mark (VmHWM) at the last sample, in bytes. */
  hwm: number;
}

function readStatus(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

class MemorySampler {
  readonly total: Memory = { peakRss: 0, hwm: 0 };
  window: Memory = { peakRss: 0, hwm: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.sample();
  }

  sample(): void {
    const s = readStatus(this.pid);
    if (!s) return;
    for (const m of [this.total, this.window]) {
      m.peakRss = Math.max(m.peakRss, s.rss);
      m.hwm = Math.max(m.hwm, s.hwm);
    }
  }

  /** Starts a new window (one scenario) and returns the previous one. */
  startWindow(): Memory {
    this.sample();
    const previous = this.window;
    this.window = { peakRss: 0, hwm: 0 };
    this.sample();
    return previous;
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }
}

/** Busy CPU time of the whole machine and of our processes, to tell how much others used. */
interface CpuMark {
  at: number;
  machineBusy: number;
  server: number;
  client: number;
}

const TICK = 0.01; // seconds per clock tick (USER_HZ is 100 on Linux)

function machineBusySeconds(): number {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, user, nice, system, _idle, _iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK;
  } catch {
    return NaN;
  }
}

function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK;
  } catch {
    return 0;
  }
}

/** CPU of this process's children that have exited and been waited for: a wrk run, once it ended. */
function waitedChildrenCpuSeconds(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK;
}

function cpuMark(serverPid: number): CpuMark {
  const self = process.cpuUsage();
  // The client is this process (autocannon) and the wrk runs it waited for.
  const client = (self.user + self.system) / 1e6 + waitedChildrenCpuSeconds();
  return { at: performance.now(), machineBusy: machineBusySeconds(), server: processCpuSeconds(serverPid), client };
}

interface CpuUse {
  /** Cores' worth of CPU the server used. */
  server: number;
  /** …and the load generator (this process with autocannon, or wrk). */
  client: number;
  /** Cores' worth used by every other process on the machine: noise in the figures. */
  others: number;
}

function cpuUse(a: CpuMark, b: CpuMark): CpuUse {
  const seconds = (b.at - a.at) / 1000;
  const server = (b.server - a.server) / seconds;
  const client = (b.client - a.client) / seconds;
  return { server, client, others: Math.max(0, (b.machineBusy - a.machineBusy) / seconds - server - client) };
}

// ---------------------------------------------------------------- servers

interface Server {
  label: string;
  base: string;
  pid: number;
  memory: MemorySampler;
  stop(): Promise<Memory>;
}

const children = new Set<ChildProcess>();

function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

function spawnTracked(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: string[] } {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output };
}

async function startShpalta(label: string, config: DatabaseConfig, mediaDir: string, cacheTtlSeconds: number | null): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl(config), HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', MEDIA_DIR: mediaDir };
  delete env.SITE_URL;
  delete env.CACHE_TTL_SECONDS;
  if (cacheTtlSeconds !== null) env.CACHE_TTL_SECONDS = String(cacheTtlSeconds);
  const { child, output } = spawnTracked([SERVER_MAIN, 'serve'], env);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server (${label}) exited with ${child.exitCode}:\n${output.join('\n')}`);
    try {
      const res = await get(`${base}/`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the server (${label}) did not answer GET / within 60 s:\n${output.join('\n')}`);
    }
    await sleep(100);
  }
  const memory = new MemorySampler(child.pid!);
  return {
    label,
    base,
    pid: child.pid!,
    memory,
    async stop() {
      memory.stop();
      await stopChild(child);
      if (output.some((l) => /"level":(50|60)/.test(l))) console.log(`  (${label} logged errors: ${output.filter((l) => /"level":(50|60)/.test(l)).slice(-3).join(' | ')})`);
      return memory.total;
    },
  };
}

async function startBare(body: Buffer, headers: Record<string, string>): Promise<Server> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-bench-')), 'article.html');
  fs.writeFileSync(file, body);
  const { child, output } = spawnTracked([BARE_SERVER, file, JSON.stringify(headers)], process.env);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bare server did not start:\n${output.join('\n')}`)), 10_000);
    child.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve((JSON.parse(chunk.toString('utf8').split('\n')[0]!) as { port: number }).port);
    });
  });
  const memory = new MemorySampler(child.pid!);
  return {
    label: 'bare',
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    memory,
    async stop() {
      memory.stop();
      await stopChild(child);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      return memory.total;
    },
  };
}

// ---------------------------------------------------------------- load

/** URLs taken in turn by every connection, so that each request asks for the next one. */
class Rotation {
  next = 0;
  constructor(readonly paths: string[]) {}
  take(): string {
    const p = this.paths[this.next % this.paths.length]!;
    this.next++;
    return p;
  }
}

type Client = 'autocannon' | 'wrk';

interface Measured {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  bytesPerResponse: number;
}

async function load(client: Client, base: string, target: string | Rotation, connections: number, seconds: number): Promise<Measured> {
  if (client === 'wrk') return loadWrk(base, target, connections, seconds);
  const latencies = new Samples();
  let bytes = 0;
  const options: autocannon.Options = { url: base + (typeof target === 'string' ? target : '/'), connections, duration: seconds, timeout: 10 };
  if (typeof target !== 'string') {
    options.requests = [
      {
        setupRequest: (request) => {
          request.path = target.take();
          return request;
        },
      },
    ];
  }
  const instance = autocannon(options);
  instance.on('response', (_client, _status, resBytes, responseTime) => {
    latencies.push(responseTime);
    bytes += resBytes;
  });
  const result = await instance;
  const sorted = latencies.sorted();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    requests: sorted.length,
    seconds: result.duration,
    rps: sorted.length / result.duration,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    bytesPerResponse: sorted.length ? bytes / sorted.length : 0,
  };
}

/** The same measurement by wrk: its histogram's percentiles; status codes are known only as ≥ 400 or not. */
async function loadWrk(base: string, target: string | Rotation, connections: number, seconds: number): Promise<Measured> {
  const r = await runWrk(base, typeof target === 'string' ? target : { paths: target.paths, from: target.next }, connections, seconds);
  if (typeof target !== 'string') target.next += r.requests;
  return {
    requests: r.requests,
    seconds: r.seconds,
    rps: r.requests / r.seconds,
    p50: r.p50,
    p90: r.p90,
    p99: r.p99,
    max: r.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes: { '< 400': r.requests - r.non2xx, '≥ 400': r.non2xx },
    bytesPerResponse: r.requests ? r.bytes / r.requests : 0,
  };
}

interface Scenario {
  key: string;
  title: string;
  server: 'bare' | 'cached' | 'uncached';
  target: string | Rotation;
  connections: number;
  /** What the cache must say for this scenario to measure what it claims (x-cache header). */
  expectCache: 'HIT' | 'MISS' | null;
}

interface ScenarioResult extends Measured {
  key: string;
  title: string;
  server: string;
  connections: number;
  urls: number;
  cacheCheck: string;
  /** Server's peak RSS during this scenario, bytes. */
  rss: number;
  cpu: CpuUse;
}

/** Asks the server twice for one of the scenario's URLs and reports the x-cache of the second answer. */
async function checkCache(base: string, s: Scenario): Promise<string> {
  if (!s.expectCache) return '-';
  const p = typeof s.target === 'string' ? s.target : s.target.paths[0]!;
  await get(base + p);
  const second = await get(base + p);
  const seen = String(second.headers['x-cache'] ?? 'none');
  return seen === s.expectCache ? seen : `${seen}, expected ${s.expectCache}!`;
}

async function runScenario(client: Client, server: Server, s: Scenario, duration: number, warmup: number): Promise<ScenarioResult> {
  process.stdout.write(`  ${s.key.padEnd(3)} ${s.title} … `);
  if (warmup > 0) await load(client, server.base, s.target, s.connections, warmup);
  const cacheCheck = await checkCache(server.base, s);
  server.memory.startWindow();
  const before = cpuMark(server.pid);
  const m = await load(client, server.base, s.target, s.connections, duration);
  const cpu = cpuUse(before, cpuMark(server.pid));
  const window = server.memory.startWindow();
  console.log(`${fmt(m.rps)} req/s, p50 ${ms(m.p50)} ms, p99 ${ms(m.p99)} ms${m.errors || m.non2xx ? `, ${m.errors} errors, ${m.non2xx} non-2xx` : ''}`);
  return {
    key: s.key,
    title: s.title,
    server: s.server,
    connections: s.connections,
    urls: typeof s.target === 'string' ? 1 : s.target.paths.length,
    cacheCheck,
    rss: window.peakRss,
    cpu,
    ...m,
  };
}

// ---------------------------------------------------------------- the run

interface Targets {
  hotArticle: string;
  articles: string[];
  popularTag: { path: string; name: string; articles: number };
  tags: string[];
  published: number;
}

async function readTargets(config: DatabaseConfig): Promise<Targets> {
  const database = openDatabase(config);
  try {
    const db = database.db;
    const rows = await db
      .selectFrom('articles as a')
      .leftJoin('sections as s', 's.id', 'a.section_id')
      .select(['a.id', 'a.slug', 's.path', 'a.published_at'])
      .where('a.status', '=', 'published')
      .where('a.published_at', 'is not', null)
      .orderBy('a.id')
      .execute();
    if (rows.length === 0) throw new Error('the database has no published articles: fill it first (drop --skip-fill)');
    const pathOf = (r: { id: number; slug: string; path: string | null }) => `${r.path ? `/${r.path}` : ''}/${r.slug}-${r.id}.html`;
    // The article readers ask for most: the newest.
    const newest = rows.reduce((a, b) => (new Date(b.published_at!).getTime() > new Date(a.published_at!).getTime() ? b : a));
    const tags = await tagsByUse(db);
    const r = rngFor(7, 7);
    const shuffle = <T>(list: T[]) => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      return list;
    };
    const top = tags[0]!;
    return {
      hotArticle: pathOf(newest),
      articles: shuffle(rows.map(pathOf)),
      popularTag: { path: `/tag/${top.slug}/`, name: top.name, articles: Number(top.n) },
      tags: shuffle(tags.map((t) => `/tag/${t.slug}/`)),
      published: rows.length,
    };
  } finally {
    await database.close();
  }
}

interface TargetCheck {
  label: string;
  value: string;
  pass: boolean;
  reference: string;
}

async function main(): Promise<void> {
  const args = parse(
    {
      articles: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      database: { type: 'string' },
      client: { type: 'string' },
      'skip-fill': { type: 'boolean' },
      corpus: { type: 'string' },
      force: { type: 'boolean' },
    },
    USAGE,
  );
  const articles = wholeNumber(args.articles, 100_000, 'articles');
  const duration = wholeNumber(args.duration, 10, 'duration');
  const warmup = wholeNumber(args.warmup, 2, 'warmup', 0);
  const connections = wholeNumber(args.connections, 32, 'connections');
  const config = databaseConfig(args.database);
  const client = (args.client ?? 'autocannon') as Client;
  if (client !== 'autocannon' && client !== 'wrk') {
    console.error(`--client must be autocannon or wrk, got '${client}'\n\n${USAGE}`);
    process.exit(2);
  }
  const corpus = (args.corpus ?? 'template') as Corpus;
  if (!CORPORA.includes(corpus)) {
    console.error(`--corpus must be ${CORPORA.join(' or ')}, got '${args.corpus}'`);
    process.exit(2);
  }
  const startedAt = new Date();

  // Bounded in time whatever happens: every scenario is (warmup + duration), plus the fill.
  const budgetMs = (11 * (warmup + duration) + 60) * 2 * 1000 + 30 * 60 * 1000;
  const watchdog = setTimeout(() => {
    console.error(`\nbench: gave up after ${Math.round(budgetMs / 60000)} minutes`);
    killChildren();
    process.exit(1);
  }, budgetMs);
  watchdog.unref();
  process.once('SIGINT', () => {
    killChildren();
    process.exit(130);
  });
  process.once('exit', killChildren);

  const cpus = os.cpus();
  const loadBefore = os.loadavg();
  console.log(`Shpalta site benchmark: ${fmt(articles)} articles, ${describeDatabase(config)}, ${connections} connections, ${client}, ${duration} s per scenario after ${warmup} s of warm-up`);
  console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? '?'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GB, Node ${process.version}, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  if (loadBefore[0]! > cpus.length * 0.25) {
    console.log(`  ! the machine is busy (load average ${loadBefore[0]!.toFixed(1)} on ${cpus.length} CPUs): figures may be low and noisy; see the 'others' column`);
  }

  let fill: FillResult | null = null;
  if (!args['skip-fill']) {
    console.log('\nDatabase');
    const isDefault = args.database === undefined || path.resolve(args.database) === path.resolve(DEFAULT_DATABASE);
    try {
      const prepared = await prepareDatabase(config, { articles, corpus, reuse: true, force: args.force ?? false, replaceBench: true, verify: 10 });
      fill = prepared.fill;
    } catch (e) {
      if (e instanceof RefusedError) {
        console.error(`bench: ${e.message}${isDefault ? '' : ' (or --skip-fill to measure it as it is)'}`);
        process.exit(1);
      }
      throw e;
    }
  }
  const targets = await readTargets(config);
  const database = openDatabase(config);
  const count = await countContent(database.db);
  await database.close();
  const dbBytes = config.kind === 'sqlite' ? fs.statSync(config.file).size : null;
  console.log(
    `\ndataset: ${fmt(count.articles)} articles (${fmt(targets.published)} published), ${fmt(targets.tags.length)} tags in use, ` +
      `most popular «${targets.popularTag.name}» with ${fmt(targets.popularTag.articles)} articles${dbBytes ? `, database file ${fmt(dbBytes / 2 ** 20)} MB` : ''}`,
  );

  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-bench-media-'));
  const results: ScenarioResult[] = [];
  const memory: Record<string, Memory> = {};
  const articleRotation = new Rotation(targets.articles);
  const tagRotation = new Rotation(targets.tags);
  const n = (k: number) => fmt(k);

  try {
    // The cached server first: its article page gives the bytes the bare server returns.
    console.log('\nServer with its page cache (the defaults):');
    const cached = await startShpalta('cached', config, mediaDir, null);
    const page = await get(cached.base + targets.hotArticle);
    if (page.status !== 200) throw new Error(`GET ${targets.hotArticle}: ${page.status}`);
    const copied: Record<string, string> = {};
    for (const h of ['content-type', 'cache-control', 'etag', 'last-modified', 'vary', 'x-cache']) if (page.headers[h]) copied[h] = String(page.headers[h]);
    copied['x-cache'] = 'HIT';

    const cachedScenarios: Scenario[] = [
      { key: 'b', title: `article, cached (1 URL, ${fmt(page.body.length / 1024, 1)} KB)`, server: 'cached', target: targets.hotArticle, connections, expectCache: 'HIT' },
      { key: 'd', title: 'home, cached', server: 'cached', target: '/', connections, expectCache: 'HIT' },
      { key: 'f', title: `tag «${targets.popularTag.name}» (${n(targets.popularTag.articles)} articles), cached`, server: 'cached', target: targets.popularTag.path, connections, expectCache: 'HIT' },
    ];
    for (const s of cachedScenarios) results.push(await runScenario(client, cached, s, duration, warmup));
    memory.cached = await cached.stop();

    console.log('\nBare node:http reference, the same article bytes from memory:');
    const bare = await startBare(page.body, copied);
    for (const s of [
      { key: 'a', title: 'bare node:http, article bytes', server: 'bare', target: '/', connections, expectCache: null },
      { key: 'a1', title: 'bare node:http, 1 connection', server: 'bare', target: '/', connections: 1, expectCache: null },
    ] satisfies Scenario[]) {
      results.push(await runScenario(client, bare, s, duration, warmup));
    }
    memory.bare = await bare.stop();

    console.log('\nServer with CACHE_TTL_SECONDS=0 (every page rendered anew), URLs all different:');
    const uncached = await startShpalta('uncached', config, mediaDir, 0);
    const uncachedScenarios: Scenario[] = [
      { key: 'c', title: `article, uncached (${n(targets.articles.length)} URLs)`, server: 'uncached', target: articleRotation, connections, expectCache: 'MISS' },
      { key: 'c1', title: 'article, uncached, 1 connection', server: 'uncached', target: articleRotation, connections: 1, expectCache: 'MISS' },
      { key: 'e', title: 'home, uncached', server: 'uncached', target: '/', connections, expectCache: 'MISS' },
      { key: 'e1', title: 'home, uncached, 1 connection', server: 'uncached', target: '/', connections: 1, expectCache: 'MISS' },
      { key: 'g', title: `tag pages, uncached (${n(targets.tags.length)} URLs)`, server: 'uncached', target: tagRotation, connections, expectCache: 'MISS' },
      { key: 'g1', title: 'tag pages, uncached, 1 connection', server: 'uncached', target: tagRotation, connections: 1, expectCache: 'MISS' },
    ];
    for (const s of uncachedScenarios) results.push(await runScenario(client, uncached, s, duration, warmup));
    memory.uncached = await uncached.stop();
  } finally {
    killChildren();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  }

  // ------------------------------------------------------------ report
  const order = ['a', 'a1', 'b', 'c', 'c1', 'd', 'e', 'e1', 'f', 'g', 'g1'];
  results.sort((x, y) => order.indexOf(x.key) - order.indexOf(y.key));
  const by = (k: string) => results.find((r) => r.key === k)!;
  const bareOf = (r: ScenarioResult) => (r.connections === 1 ? by('a1') : by('a'));
  const mb = (b: number) => `${fmt(b / 2 ** 20)} MB`;

  const header = ['', 'scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'err', 'non-2xx', 'x-cache', 'KB/resp', 'req/s vs bare', 'p50 vs bare', 'server RSS', 'CPU server', 'client', 'others'];
  const rows = results.map((r) => {
    const b = bareOf(r);
    return [
      r.key,
      r.title,
      String(r.connections),
      fmt(r.rps),
      ms(r.p50),
      ms(r.p99),
      String(r.errors + r.timeouts),
      String(r.non2xx),
      r.cacheCheck,
      fmt(r.bytesPerResponse / 1024, 1),
      r.server === 'bare' ? '' : `${((100 * r.rps) / b.rps).toFixed(1)}%`,
      r.server === 'bare' ? '' : `${(r.p50 / b.p50).toFixed(1)}×`,
      mb(r.rss),
      r.cpu.server.toFixed(2),
      r.cpu.client.toFixed(2),
      r.cpu.others.toFixed(2),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(`\nResults (${fmt(targets.published)} published articles, ${describeDatabase(config)}; latencies in ms; CPU in cores: the server, ${client}, every other process)\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));

  console.log(`\nPeak RSS (VmHWM): server with cache ${mb(memory.cached!.hwm)}, server with TTL 0 ${mb(memory.uncached!.hwm)}; bare reference ${mb(memory.bare!.hwm)}`);

  const a = by('a');
  const a1 = by('a1');
  const b = by('b');
  const c = by('c');
  const c1 = by('c1');
  const e1 = by('e1');
  const e = by('e');
  const peak = Math.max(memory.cached!.hwm, memory.uncached!.hwm);
  const checks: TargetCheck[] = [
    { label: 'cached article ≥ 20,000 req/s', value: `${fmt(b.rps)} req/s`, pass: b.rps >= 20_000, reference: `bare ${fmt(a.rps)} req/s` },
    { label: 'cached article p99 ≤ 10 ms', value: `${ms(b.p99)} ms`, pass: b.p99 <= 10, reference: `bare ${ms(a.p99)} ms` },
    { label: 'uncached article median ≤ 3 ms (1 connection)', value: `${ms(c1.p50)} ms (${ms(c.p50)} ms at ${c.connections})`, pass: c1.p50 <= 3, reference: `bare ${ms(a1.p50)} ms (${ms(a.p50)} ms)` },
    { label: 'uncached article ≥ 1,000 req/s', value: `${fmt(c.rps)} req/s`, pass: c.rps >= 1000, reference: `bare ${fmt(a.rps)} req/s` },
    { label: 'home uncached median ≤ 10 ms (1 connection)', value: `${ms(e1.p50)} ms (${ms(e.p50)} ms at ${e.connections})`, pass: e1.p50 <= 10, reference: `bare ${ms(a1.p50)} ms (${ms(a.p50)} ms)` },
    { label: 'server RSS ≤ 300 MB', value: mb(peak), pass: peak <= 300 * 2 ** 20, reference: `bare ${mb(memory.bare!.hwm)}` },
  ];
  const problems = results.filter((r) => r.errors + r.timeouts + r.non2xx > 0 || r.cacheCheck.includes('!'));
  console.log('\nTargets');
  const lw = Math.max(...checks.map((t) => t.label.length));
  const vw = Math.max(...checks.map((t) => t.value.length));
  for (const t of checks) console.log(`  ${t.pass ? '✓' : '✗'} ${t.label.padEnd(lw)}  ${t.value.padEnd(vw)}  (${t.reference})`);
  if (problems.length) console.log(`\n  ! errors, non-2xx answers or a cache state not as intended in: ${problems.map((p) => p.key).join(', ')}`);
  const loadAfter = os.loadavg();
  const maxOthers = Math.max(...results.map((r) => r.cpu.others));
  if (config.kind === 'postgres') console.log(`\n  (PostgreSQL's own CPU counts among 'others')`);
  if (maxOthers > 0.2 && config.kind === 'sqlite') console.log(`\n  ! other processes used up to ${maxOthers.toFixed(2)} cores during a scenario (load average now ${loadAfter[0]!.toFixed(2)}): rerun on a quiet machine for figures to compare`);

  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `site-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { articles, duration, warmup, connections, client, database: describeDatabase(config), skipFill: args['skip-fill'] ?? false },
    machine: { cpus: cpus.length, model: cpus[0]?.model.trim(), memoryBytes: os.totalmem(), node: process.version, platform: `${os.platform()} ${os.release()}`, loadBefore, loadAfter },
    dataset: { articles: count.articles, published: targets.published, tagsInUse: targets.tags.length, popularTag: targets.popularTag, hotArticle: targets.hotArticle, databaseBytes: dbBytes },
    fill,
    scenarios: results,
    memory,
    targets: checks,
  };
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`\nWritten: ${path.relative(process.cwd(), file)}`);
  clearTimeout(watchdog);
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  killChildren();
  process.exit(1);
});
