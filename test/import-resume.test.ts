import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { writePlainCorpus } from '../bench/plain-corpus.js';
import { IMPORT_BATCH } from '../src/services/import-plain.js';
import { openDatabase } from '../src/storage/database.js';
import { projectRoot, tempDir } from './helpers/databases.js';

const cli = path.join(projectRoot, 'dist/src/cli/main.js');
/** Two and a half batches: a kill after the first leaves whole batches in and one half-way. */
const TOTAL = IMPORT_BATCH * 2.5;

function importInto(dir: string, env: NodeJS.ProcessEnv, killWhen?: (stderr: string) => boolean) {
  const child = spawn(process.execPath, [cli, 'import', dir], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (killWhen?.(err)) child.kill('SIGKILL');
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out, err })));
}

test('a bulk import killed with SIGKILL finishes on a re-run, without duplicates or half-written articles', async () => {
  const dir = tempDir();
  const corpus = path.join(dir, 'corpus');
  const files = writePlainCorpus(corpus, TOTAL);
  const env = { DATABASE_URL: path.join(dir, 'site.db'), MEDIA_DIR: path.join(dir, 'media') };

  // Killed once the bar shows a batch done: some batches are in, one is half-way.
  const killed = await importInto(corpus, env, (err) => {
    const done = [...err.matchAll(/import \S+ (\d+)\/\d+/g)].map((m) => Number(m[1]));
    return done.some((n) => n >= IMPORT_BATCH && n < TOTAL);
  });
  assert.equal(killed.signal, 'SIGKILL', `the import was still running when killed: ${killed.err}`);

  const database = openDatabase({ kind: 'sqlite', file: env.DATABASE_URL });
  try {
    const count = async () => Number((await database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const partial = await count();
    assert.ok(partial > 0 && partial < files.length && partial % IMPORT_BATCH === 0, `whole batches only: ${partial}`);

    const rerun = await importInto(corpus, env);
    assert.equal(rerun.code, 0, rerun.err);
    assert.match(rerun.out, new RegExp(`${TOTAL} imported \\(${partial} unchanged, skipped\\), 0 failed`));
    assert.match(rerun.err, new RegExp(`import █+ ${TOTAL}/${TOTAL} 100%`));
    assert.equal(await count(), files.length);
    const distinct = await database.db.selectFrom('articles').select((eb) => eb.fn.count<number>('external_id').distinct().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(distinct.n), files.length, 'no duplicates');
    // Every article is whole: its byline, its tags, its listings and its search entry.
    const incomplete = await database.db
      .selectFrom('articles as a')
      .select('a.id')
      .where((eb) =>
        eb.or([
          eb.not(eb.exists(eb.selectFrom('article_authors').select('article_id').whereRef('article_id', '=', 'a.id'))),
          eb.not(eb.exists(eb.selectFrom('article_tags').select('article_id').whereRef('article_id', '=', 'a.id'))),
          eb.and([eb('a.status', '=', 'published'), eb.not(eb.exists(eb.selectFrom('article_listings').select('article_id').whereRef('article_id', '=', 'a.id')))]),
        ]),
      )
      .execute();
    assert.deepEqual(incomplete, []);
  } finally {
    await database.close();
  }
});
