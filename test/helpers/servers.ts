import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after } from 'node:test';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.js';
import { projectRoot, tempDir } from './databases.js';

/** Suites of real processes need real servers: skipped without them, but never on CI. */
export function requiredUrl(name: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL'): string | undefined {
  const value = process.env[name];
  if (process.env.CI && !value) throw new Error(`${name} must be set on CI: the suites of real processes may not be skipped`);
  return value;
}

export const CLI = path.join(projectRoot, 'dist/src/cli/main.js');

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` is true; throws after `ms` with what was awaited. */
export async function until(what: string, check: () => Promise<boolean>, ms = 5000, every = 25): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await check()) return Date.now() - start;
    } catch {
      // Not yet (a refused connection, say).
    }
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting: ${what}`);
    await sleep(every);
  }
}

/** A PostgreSQL database of its own, created now and dropped (even with connections left) by drop(). */
export async function throwawayPgDatabase(baseUrl: string, prefix: string): Promise<{ url: URL; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only these variables (plus PATH); `stdin` is written to it. */
export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** runCli that must succeed. */
export async function cliOk(args: string[], env: Record<string, string>): Promise<CliRun> {
  const run = await runCli(args, env);
  assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}${run.stdout}`);
  return run;
}

export interface CliTarget {
  config: DatabaseConfig;
  env: Record<string, string>;
  mediaDir: string;
}

/**
 * A database of its own for CLI tests: a SQLite file, or a PostgreSQL database (on
 * TEST_DATABASE_URL's server) created now and dropped after the test file.
 */
export async function cliTarget(kind: 'sqlite' | 'postgres'): Promise<CliTarget> {
  const dir = tempDir();
  const mediaDir = path.join(dir, 'media');
  let url: string;
  if (kind === 'sqlite') url = path.join(dir, 'site.db');
  else {
    const base = process.env.TEST_DATABASE_URL;
    if (!base) throw new Error('a PostgreSQL target needs TEST_DATABASE_URL');
    const made = await throwawayPgDatabase(base, 'shpalta_t');
    after(() => made.drop());
    url = made.url.href;
  }
  const config: DatabaseConfig = kind === 'sqlite' ? { kind, file: url } : { kind, url };
  return { config, mediaDir, env: { DATABASE_URL: url, MEDIA_DIR: mediaDir, SITE_URL: 'https://news.example.ua' } };
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, and the exit code; SIGKILL if it has not exited within `ms`. */
  stop(ms?: number): Promise<number | null>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});
// A suite whose before() failed half-way (one of two servers too slow to start) never stops the
// other: its pipes would keep the test file alive forever. Whatever still runs when the file's
// tests are over is killed.
after(() => {
  for (const c of running) c.kill('SIGKILL');
});

/** The METRICS_TOKEN every server started here has (/metrics is not public without one). */
export const TEST_METRICS_TOKEN = 'metrics-token-of-the-test-servers-42';

/** A started server's /metrics text. */
export const fetchMetrics = async (base: string) => (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text();

/** `shpalta serve` as a process of its own on a free port, once /healthz answers. */
export async function startServer(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', METRICS_TOKEN: TEST_METRICS_TOKEN, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  await until('the server answers /healthz', async () => gone || (await fetch(`${base}/healthz`)).ok, 20_000).catch((e) => {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${out}`);
  });
  if (gone) throw new Error(`the server exited at start:\n${out}`);
  return {
    child,
    port,
    base,
    output: () => out,
    exited,
    async stop(ms = 10_000) {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
