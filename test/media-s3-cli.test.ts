import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closeTestDatabases, demoDir, tempDir } from './helpers/databases.js';
import { startS3, type TestS3 } from './helpers/s3.js';
import { cliOk, cliTarget, freePort, runCli, startServer } from './helpers/servers.js';

/**
 * The shpalta command with MEDIA_STORE=s3://… (as an operator sets it: variables only):
 * import, serve, backup and restore --media, and `shpalta media migrate` between a folder and a
 * bucket, against s3rver started in this process.
 */

let s3: TestS3;
before(async () => {
  s3 = await startS3();
});
after(closeTestDatabases);
after(() => s3?.stop());

const pgUrl = process.env.TEST_DATABASE_URL;

/** Every file under `dir`, as store keys ('ab/abcdef….jpg'), with its size. */
function filesIn(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) {
      const full = path.join(e.parentPath, e.name);
      files.set(path.relative(dir, full).split(path.sep).join('/'), fs.statSync(full).size);
    }
  }
  return files;
}

/** The bucket's objects under `prefix/`, keyed as in the store, with their sizes. */
async function objectsIn(prefix: string): Promise<Map<string, number>> {
  const objects = new Map<string, number>();
  for (const key of await s3.keys(`${prefix}/`)) objects.set(key.slice(prefix.length + 1), (await s3.head(key))!.size);
  return objects;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`shpalta with MEDIA_STORE=s3://… (${dialect})`, { skip: dialect === 'postgres' && !pgUrl ? 'TEST_DATABASE_URL is not set' : false }, () => {
    test('import stores the photos in the bucket, serve serves them from there, and nothing is written to MEDIA_DIR', async () => {
      const site = await cliTarget(dialect);
      const env = { ...site.env, ...s3.env(`serve-${dialect}`) };
      await cliOk(['import', demoDir], env);
      const objects = await objectsIn(`serve-${dialect}`);
      const originals = [...objects.keys()].filter((k) => /^[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/.test(k));
      assert.equal(originals.length, 6, 'the six demo photos');
      assert.ok(objects.size > originals.length * 5, 'with their copies and crops');
      assert.ok(!fs.existsSync(site.mediaDir), 'MEDIA_DIR is not used');

      const server = await startServer(env);
      try {
        for (const key of [originals[0]!, originals[1]!.replace(/\.jpg$/, '-w360.webp')]) {
          const r = await fetch(`${server.base}/media/${key}`);
          assert.equal(r.status, 200, key);
          assert.deepEqual(Buffer.from(await r.arrayBuffer()), await s3.object(`serve-${dialect}/${key}`));
        }
      } finally {
        await server.stop();
      }
    });

    test('backup --media copies the bucket into FILE.media/, restore --media puts it into a bucket again', async () => {
      const site = await cliTarget(dialect);
      const env = { ...site.env, ...s3.env(`backup-${dialect}`) };
      await cliOk(['import', demoDir], env);
      const file = path.join(tempDir(), 'site-backup');
      const backup = await cliOk(['backup', file, '--media'], env);
      assert.match(backup.stdout, new RegExp(`copied media files: s3://${s3.bucket}/backup-${dialect}/ -> ${file}\\.media \\(\\d+ files there now\\)`));
      const stored = await objectsIn(`backup-${dialect}`);
      assert.deepEqual(filesIn(`${file}.media`), stored);

      const restore = await cliOk(['restore', file, '--force', '--media'], { ...env, ...s3.env(`restored-${dialect}`) });
      assert.match(restore.stdout, /restored media files: /);
      assert.deepEqual(await objectsIn(`restored-${dialect}`), stored);
    });
  });
}

describe('shpalta media migrate', () => {
  test('copies every file from a folder into a bucket with a progress bar; run again, it copies only what is missing or differs; and back', async () => {
    const site = await cliTarget('sqlite');
    await cliOk(['import', demoDir], site.env);
    const local = filesIn(site.mediaDir);
    assert.ok(local.size > 30, 'the demo photos, their copies and crops');
    const s3env = s3.env();
    const migrate = (from: string, to: string, extra: Record<string, string> = {}) => runCli(['media', 'migrate', '--from', from, '--to', to], { ...site.env, ...s3env, ...extra });
    const bucket = `s3://${s3.bucket}/migrated`;

    const first = await migrate(`file:${site.mediaDir}`, bucket);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`copying media files: ${site.mediaDir} -> ${bucket}/\n`));
    assert.match(first.stdout, new RegExp(`copied ${local.size} of ${local.size} files \\([\\d.]+ MB\\); 0 were already there with the same size\n`));
    // Not a terminal: a line at the start and every ten seconds, and the closing one with the time taken.
    assert.match(first.stderr, new RegExp(`^media [█░]{30} \\d+/${local.size} .*\n(.*\n)*media █{30} ${local.size}/${local.size} 100% \\d+/s [\\d.]+s\n$`));
    assert.deepEqual(await objectsIn('migrated'), local);
    for (const key of [...local.keys()].slice(0, 3)) assert.deepEqual(await s3.object(`migrated/${key}`), fs.readFileSync(path.join(site.mediaDir, key)));

    // A run cut short: one file never arrived, another only in part.
    const [missing, partial] = [...local.keys()];
    await s3.remove(`migrated/${missing}`);
    await s3.store('migrated').put(partial!, fs.readFileSync(path.join(site.mediaDir, partial!)).subarray(0, 100));
    const again = await migrate(`file:${site.mediaDir}`, bucket);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`copied 2 of ${local.size} files \\([\\d.]+ MB\\); ${local.size - 2} were already there with the same size`));
    assert.deepEqual(await objectsIn('migrated'), local);
    assert.match((await migrate(`file:${site.mediaDir}`, bucket)).stdout, new RegExp(`copied 0 of ${local.size} files`));

    // And back, into an empty folder: the same bytes.
    const back = path.join(tempDir(), 'media');
    assert.equal((await migrate(bucket, `file:${back}`)).code, 0);
    assert.deepEqual(filesIn(back), local);
    for (const key of local.keys()) assert.ok(fs.readFileSync(path.join(back, key)).equals(fs.readFileSync(path.join(site.mediaDir, key))), key);

    // MEDIA_STORE is the default of either side.
    const toDefault = await runCli(['media', 'migrate', '--from', `file:${site.mediaDir}`], { ...site.env, ...s3.env('default-target') });
    assert.equal(toDefault.code, 0, toDefault.stderr);
    assert.deepEqual(await objectsIn('default-target'), local);
  });

  test('an unreachable bucket stops it with a clear error; a bad store or the same store twice is a usage error', async () => {
    const site = await cliTarget('sqlite');
    fs.mkdirSync(path.join(site.mediaDir, 'ab'), { recursive: true });
    fs.writeFileSync(path.join(site.mediaDir, 'ab', `ab${'0'.repeat(62)}.jpg`), 'x');
    const port = await freePort();
    const dead = await runCli(['media', 'migrate', '--from', `file:${site.mediaDir}`, '--to', `s3://${s3.bucket}`], { ...site.env, ...s3.env(), S3_ENDPOINT: `http://127.0.0.1:${port}` });
    assert.equal(dead.code, 1);
    assert.match(dead.stderr, new RegExp(`shpalta: The media store s3://${s3.bucket}/ at http://127\\.0\\.0\\.1:${port} cannot be reached \\(.*ECONNREFUSED.*\\): check S3_ENDPOINT and the network`));

    const same = await runCli(['media', 'migrate', '--from', `file:${site.mediaDir}`], site.env);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /--from and --to name the same store/);
    const bad = await runCli(['media', 'migrate', '--to', 'ftp://x'], site.env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'ftp:\/\/x' must be s3:\/\/BUCKET\[\/PREFIX\] or file:DIR\n\nusage:/);
    assert.equal((await runCli(['media'], site.env)).code, 2);
  });
});
