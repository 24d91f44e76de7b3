import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot, tempDir } from './helpers/databases.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

test('serve --workers 2 runs two processes on one port and stops them all on SIGTERM', async () => {
  const dir = tempDir();
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/src/cli/main.js'), 'serve', '--workers', '2'], {
    env: { ...process.env, DATABASE_URL: path.join(dir, 'site.db'), MEDIA_DIR: path.join(dir, 'media'), PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    for (let i = 0; i < 600 && (out.match(/worker \d+ \(pid \d+\) is serving/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    const pids = [...out.matchAll(/worker \d+ \(pid (\d+)\) is serving/g)].map((m) => Number(m[1]));
    assert.equal(new Set(pids).size, 2, out);
    assert.match(out, /with 2 workers/);
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(r.status, 200);
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} has exited`);
  } finally {
    child.kill('SIGKILL');
  }
});

test('serve --workers refuses what is not a number of processes', async () => {
  const child = spawn(process.execPath, [path.join(projectRoot, 'dist/src/cli/main.js'), 'serve', '--workers', 'many'], { env: { ...process.env, DATABASE_URL: path.join(tempDir(), 'x.db') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 1);
  assert.match(err, /--workers: must be a whole number from 1 to 64, not 'many'/);
});
