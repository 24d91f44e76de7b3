import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../src/storage/database.js';
import { projectRoot, tempDir } from './helpers/databases.js';
import { writePlainArticle } from './helpers/site.js';

/**
 * `shpalta import` runs in a thread whose heap is IMPORT_MEMORY_MB: a folder imports in that
 * memory whatever its files weigh, and one that cannot gets IMPORT_MEMORY, never a crash or a
 * process grown to whatever the files ask.
 */
const CLI = path.join(projectRoot, 'dist/src/cli/main.js');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function sqliteEnv() {
  const dir = tempDir();
  const file = path.join(dir, 'site.db');
  return { file, env: { DATABASE_URL: file, MEDIA_DIR: path.join(dir, 'media') } };
}

async function articleCount(file: string): Promise<number> {
  const database = openDatabase({ kind: 'sqlite', file });
  try {
    return Number((await database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  } finally {
    await database.close();
  }
}

/** A paragraph of 15,000 characters (under the editor's 20,000), some 28 KB of UTF-8. */
const paragraph = (k: number) => `${'слово '.repeat(2_499)}кінець${k}`;

test('a folder of long files imports in a 32 MB heap: its batches are cut by bytes, not by a count of files', async () => {
  const { file, env } = sqliteEnv();
  const dir = tempDir();
  // 60 files of ~450 KB (under IMPORT_MAX_FILE_KB's 512): 27 MB of text, which in one batch of
  // files (1,000 to a transaction) would be read, parsed and analysed at once, several times 32 MB.
  const files = 60;
  for (let i = 0; i < files; i++) {
    writePlainArticle(dir, `long-${String(i).padStart(3, '0')}.txt`, { title: `Довга стаття номер ${i}`, body: Array.from({ length: 16 }, (_, k) => paragraph(k)) });
  }
  assert.ok(fs.statSync(path.join(dir, 'long-000.txt')).size > 400 * 1024);
  const run = await runCli(['import', dir], { ...env, IMPORT_MEMORY_MB: '32' });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`^${files} imported, 0 failed$`, 'm'));
  assert.equal(await articleCount(file), files);
});

test('a file the heap cannot hold stops the import with IMPORT_MEMORY, naming the first file not written; a larger IMPORT_MEMORY_MB finishes it', async () => {
  const { file, env } = sqliteEnv();
  const dir = tempDir();
  writePlainArticle(dir, 'a-short.txt', { title: 'Коротка стаття' });
  // 12 MB of text (allowed by IMPORT_MAX_FILE_KB), which alone is more than a 32 MB heap holds once decoded.
  const huge = writePlainArticle(dir, 'b-huge.txt', { title: 'Величезна стаття', body: Array.from({ length: 420 }, (_, k) => paragraph(k)) });
  assert.ok(fs.statSync(huge).size > 11 * 1024 * 1024);
  const limits = { IMPORT_MAX_FILE_KB: '16384' };

  const stopped = await runCli(['import', dir], { ...env, ...limits, IMPORT_MEMORY_MB: '32' });
  assert.equal(stopped.code, 1, stopped.stderr);
  assert.match(stopped.stderr, /^shpalta: \S+a-short\.txt: The import ran out of its memory \(IMPORT_MEMORY_MB=32\) before this file was written \(the files before it are\): run it again with a larger IMPORT_MEMORY_MB to go on$/m);
  assert.doesNotMatch(stopped.stderr, /\n\s+at |FATAL|heap out of memory/i, 'a message, not a crash');
  assert.equal(stopped.stdout, '');
  assert.equal(await articleCount(file), 0, 'nothing of the batch it stopped in is written');

  const finished = await runCli(['import', dir], { ...env, ...limits, IMPORT_MEMORY_MB: '512' });
  assert.equal(finished.code, 0, finished.stderr);
  assert.match(finished.stdout, /^2 imported, 0 failed$/m);
  assert.equal(await articleCount(file), 2);

  const bad = await runCli(['import', dir], { ...env, IMPORT_MEMORY_MB: '16' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /IMPORT_MEMORY_MB: must be a whole number of megabytes from 32 to 65536/);
});
