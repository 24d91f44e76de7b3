/**
 * wrk (https://github.com/wg/wrk) as the site benchmark's second load generator: a C program on
 * its own threads, so the figures are less bound by the client than autocannon's (one Node
 * thread in the benchmark's process). One run of `wrk` per measurement; a Lua script walks a
 * list of paths (the uncached scenarios: every request another article) and prints, when done,
 * one JSON line with the counts and the latency percentiles read from wrk's own histogram.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkResult {
  requests: number;
  seconds: number;
  bytes: number;
  /** Latency percentiles in ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connect, read and write errors. */
  errors: number;
  timeouts: number;
  /** Answers with a status ≥ 400 (wrk does not count the others by status). */
  non2xx: number;
}

/**
 * Each thread takes every `threads`-th path of the list, from its own first one, so that the
 * threads never ask for the same page at once; a single path is asked for by every request.
 */
const SCRIPT = `
local counter = 1
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
local paths = nil
local i = 0
local step = 1
function init(args)
  step = tonumber(args[2] or "1")
  if args[1] and args[1] ~= "" then
    paths = {}
    for line in io.lines(args[1]) do paths[#paths + 1] = line end
    i = id - 1
  end
end
function request()
  if paths == nil then return wrk.request() end
  local p = paths[(i % #paths) + 1]
  i = i + step
  return wrk.format("GET", p)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK-JSON {"requests":%d,"duration":%d,"bytes":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
`;

let scriptFile: string | null = null;

function script(): string {
  if (scriptFile) return scriptFile;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-wrk-'));
  scriptFile = path.join(dir, 'walk.lua');
  fs.writeFileSync(scriptFile, SCRIPT);
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return scriptFile;
}

/**
 * Runs wrk against `base` for `seconds`: one path, or `paths` in turn starting at `from`. The
 * CPU wrk used is counted among this process's waited-for children (cutime/cstime).
 */
export async function runWrk(base: string, target: string | { paths: string[]; from: number }, connections: number, seconds: number): Promise<WrkResult> {
  const threads = Math.min(2, connections);
  let listFile = '';
  if (typeof target !== 'string') {
    listFile = path.join(path.dirname(script()), 'paths.txt');
    const n = target.paths.length;
    const from = target.from % n;
    fs.writeFileSync(listFile, [...target.paths.slice(from), ...target.paths.slice(0, from)].join('\n') + '\n');
  }
  const url = base + (typeof target === 'string' ? target : '/');
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', script(), url, '--', listFile, String(threads)];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, out, err) => (error ? reject(new Error(`wrk failed: ${error.message}\n${err}`)) : resolve(out)));
  });
  const line = stdout.split('\n').find((l) => l.startsWith('WRK-JSON '));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  const r = JSON.parse(line.slice('WRK-JSON '.length)) as Record<string, number>;
  const ms = (us: number) => us / 1000;
  return {
    requests: r.requests!,
    seconds: r.duration! / 1e6,
    bytes: r.bytes!,
    p50: ms(r.p50!),
    p90: ms(r.p90!),
    p99: ms(r.p99!),
    max: ms(r.max!),
    errors: r.connect! + r.read! + r.write!,
    timeouts: r.timeout!,
    non2xx: r.status!,
  };
}
