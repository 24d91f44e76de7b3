import { Worker } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { errors } from '../core/errors.js';
import { forTerminal } from '../core/untrusted-text.js';
import { heapLimits } from '../services/thread-heap.js';
import { progressBar } from './progress.js';

/**
 * What an import prints comes partly from the files (their names, a line quoted in an error):
 * every line goes through forTerminal, so that a control sequence in a file is shown, not obeyed.
 */
const out = (line: string) => console.log(forTerminal(line));
const err = (line: string) => console.error(forTerminal(line));

/** What the writing thread (import-worker.ts) tells the command. */
export type ImportMessage =
  | { kind: 'start'; total: number }
  | { kind: 'pending'; file: string }
  | { kind: 'progress'; done: number }
  | { kind: 'line'; line: string; error?: boolean }
  | { kind: 'end'; imported: number; unchanged: number; failed: number }
  | { kind: 'error'; line: string };

/**
 * `shpalta import FILE|DIR…`: one line per file; exits 1 when any file failed. The import runs in
 * a thread whose heap is IMPORT_MEMORY_MB (and its reading thread's half that), so that a folder
 * of any size imports in the same memory; outgrowing it stops the import with IMPORT_MEMORY, the
 * batches before kept (a re-run skips them).
 */
export async function importCommand(args: string[]): Promise<number> {
  if (args[0] === '--json') return (await import('./import-json.js')).importJsonCommand(args.slice(1));
  if (args.length === 0) {
    console.error('usage: shpalta import FILE|DIR…');
    return 2;
  }
  const { importMemoryMb } = loadConfig();
  // A few files: a line each. A bulk import: a progress bar with rate and time left, and
  // lines only for the files that failed.
  let bar = null as ReturnType<typeof progressBar> | null;
  let reported = 0;
  let pending: string | null = null;
  let end: Extract<ImportMessage, { kind: 'end' }> | null = null;
  let failure: string | null = null;
  const worker = new Worker(new URL('./import-worker.js', import.meta.url), {
    workerData: { inputs: args, bulkAbove: BULK },
    resourceLimits: heapLimits(importMemoryMb),
  });
  worker.on('message', (m: ImportMessage) => {
    switch (m.kind) {
      case 'start':
        if (m.total > BULK) bar = progressBar('import', m.total);
        break;
      case 'pending':
        pending = m.file;
        break;
      case 'progress':
        bar?.tick(m.done - reported);
        reported = m.done;
        break;
      case 'line':
        (m.error ? err : out)(m.line);
        break;
      case 'end':
        end = m;
        break;
      case 'error':
        failure = m.line;
        break;
    }
  });
  const crashed = await new Promise<Error | null>((resolve) => {
    worker.on('error', resolve);
    worker.on('exit', () => resolve(null));
  });
  if (crashed) {
    if ((crashed as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw crashed;
    failure = `shpalta: ${errors.importMemory(importMemoryMb, pending).describe()}`;
  }
  if (failure !== null) {
    if (bar) process.stderr.write('\n');
    err(failure);
    return 1;
  }
  if (!end) throw new Error('the import stopped without saying how it ended');
  const { imported, unchanged, failed } = end as Extract<ImportMessage, { kind: 'end' }>;
  (bar as ReturnType<typeof progressBar> | null)?.done();
  console.log(`${imported} imported${unchanged ? ` (${unchanged} unchanged, skipped)` : ''}, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** Above this many files an import shows a progress bar instead of a line per file. */
const BULK = 50;
