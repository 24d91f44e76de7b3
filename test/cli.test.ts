import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { openDatabase } from '../src/storage/database.js';
import { listPublished } from '../src/storage/repositories/articles.js';
import { closeTestDatabases, projectRoot, referenceArticle, tempDir, withoutReference } from './helpers/databases.js';
import { titleOfFile, writePlainArticle } from './helpers/site.js';

after(closeTestDatabases);

const CLI = path.join(projectRoot, 'dist/src/cli/main.js');
const REFERENCE_PATH = /\/svit\/polityka\/prezydent-pislia-samitu-koalitsii-okhochykh-proviv-perehovory-z-amerykantsiamy-(\d+)\.html/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the variables given (plus PATH), never the caller's configuration. */
function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh SQLite file and media folder, as the CLI's environment. */
function sqliteEnv() {
  const dir = tempDir();
  const file = path.join(dir, 'site.db');
  return { file, env: { DATABASE_URL: file, MEDIA_DIR: path.join(dir, 'media'), SITE_URL: 'https://news.example.ua' } };
}

async function publishedTitles(file: string): Promise<string[]> {
  const database = openDatabase({ kind: 'sqlite', file });
  try {
    return (await listPublished(database.db, { limit: 100 })).map((a) => a.title);
  } finally {
    await database.close();
  }
}

test('import prints the article URL; importing again says unchanged, or updated after an edit', { skip: withoutReference }, async () => {
  const { file, env } = sqliteEnv();
  const first = await runCli(['import', referenceArticle], env);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stderr, '');
  const url = new RegExp(`^imported +${referenceArticle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} -> https://news\\.example\\.ua${REFERENCE_PATH.source}$`, 'm');
  assert.match(first.stdout, url);
  assert.match(first.stdout, /^1 imported, 0 failed$/m);

  const second = await runCli(['import', referenceArticle], env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^unchanged +\S+000_56c201d3acdcaa1f\.txt -> https:\/\/news\.example\.ua\/svit\/polityka\//m);
  assert.equal(REFERENCE_PATH.exec(second.stdout)![1], REFERENCE_PATH.exec(first.stdout)![1], 'the same article');
  assert.deepEqual(await publishedTitles(file), [titleOfFile(referenceArticle)], 'one article, not two');

  const dir = tempDir();
  const copy = path.join(dir, path.basename(referenceArticle));
  fs.writeFileSync(copy, fs.readFileSync(referenceArticle, 'utf8').replace('провів переговори', 'провів нові переговори'));
  const third = await runCli(['import', copy], env);
  assert.equal(third.code, 0, third.stderr);
  assert.match(third.stdout, /^updated +\S+000_56c201d3acdcaa1f\.txt -> /m);
  assert.equal(third.stdout.match(/-(\d+)\.html$/m)?.[1], REFERENCE_PATH.exec(first.stdout)![1], 'still the same article');
  assert.equal((await publishedTitles(file)).length, 1);
});

test('a folder with a malformed file: exit 1, file:line on stderr, the good file imported', async () => {
  const { file, env } = sqliteEnv();
  const dir = tempDir();
  writePlainArticle(dir, 'a-good.txt', { title: 'Добрий файл' });
  const bad = writePlainArticle(dir, 'b-bad.txt', { title: 'Поганий файл', date: '2026-02-30 10:00' });
  fs.writeFileSync(path.join(dir, 'notes.md'), 'not an article');
  const run = await runCli(['import', dir], env);
  assert.equal(run.code, 1);
  assert.match(run.stderr, new RegExp(`^error +${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: '2026-02-30' is not a date$`, 'm'));
  assert.doesNotMatch(run.stderr, /a-good\.txt/);
  assert.match(run.stdout, /^imported +\S+a-good\.txt -> /m);
  assert.match(run.stdout, /^1 imported, 1 failed$/m);
  assert.deepEqual(await publishedTitles(file), ['Добрий файл']);
});

/** C0 and C1 controls other than the newline that ends each line: what a terminal would obey. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

test('control characters in a file or its name reach the terminal shown, never raw', async () => {
  const { env } = sqliteEnv();
  const dir = tempDir();
  // The first line retitles an xterm ('ESC ]0;…BEL'); the names colour and clear the screen.
  const retitle = path.join(dir, 'a-\u001b[2J\u001b]0;owned\u0007.txt');
  fs.writeFileSync(retitle, `\u001b]0;owned\u0007${fs.readFileSync(writePlainArticle(dir, 'tmp.txt'), 'utf8')}`);
  fs.rmSync(path.join(dir, 'tmp.txt'));
  writePlainArticle(dir, 'b-\u009b31m.txt', { title: 'Добра назва, погане імʼя файлу' });
  const run = await runCli(['import', dir], env);
  assert.equal(run.code, 1, run.stderr);
  assert.doesNotMatch(run.stdout, RAW_CONTROL);
  assert.doesNotMatch(run.stderr, RAW_CONTROL);
  assert.match(run.stderr, /^error +\S+a-\\x1B\[2J\\x1B\]0;owned\\x07\.txt:1: column 1: the control character U\+001B, which no article text may hold$/m);
  assert.match(run.stdout, /^imported +\S+b-\\x9B31m\.txt -> https:\/\/news\.example\.ua\//m);
  const missing = await runCli(['import', path.join(dir, 'gone-\u001b]0;x\u0007.txt')], env);
  assert.equal(missing.code, 1);
  assert.doesNotMatch(missing.stderr, RAW_CONTROL);
  assert.match(missing.stderr, /gone-\\x1B\]0;x\\x07\.txt: no such file or folder/);
});

test('a 60 MB file is refused unread and the rest of the run imports; IMPORT_MAX_FILE_KB raises the limit', async () => {
  const { file, env } = sqliteEnv();
  const dir = tempDir();
  // A well-formed article of 60 MB: without a size limit it would become a 60 MB page and feed.
  const huge = path.join(dir, 'a-huge.txt');
  const paragraph = 'слово '.repeat(2_000); // 12,000 characters, 22 KB
  fs.writeFileSync(huge, `${' date 2026-03-12 09:40 Головна Київ\nВеличезна стаття\n\nДарина Ткачук\nshpalta.media\nДарина Ткачук\n\nЛід.\n\n'}${`${paragraph}\n\n`.repeat(2_750)}`);
  assert.ok(fs.statSync(huge).size > 60_000_000);
  writePlainArticle(dir, 'b-small.txt', { title: 'Звичайна стаття' });
  const started = Date.now();
  const run = await runCli(['import', dir], env);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /^error +\S+a-huge\.txt: is 59,\d{3} KB; an article file may be at most 512 KB \(IMPORT_MAX_FILE_KB\)$/m);
  assert.match(run.stdout, /^1 imported, 1 failed$/m);
  assert.ok(Date.now() - started < 10_000, `answered in ${Date.now() - started} ms`);
  assert.deepEqual(await publishedTitles(file), ['Звичайна стаття']);

  const longRead = writePlainArticle(dir, 'c-long-read.txt', { title: 'Довгий текст', body: Array.from({ length: 40 }, () => paragraph) });
  const refused = await runCli(['import', longRead], env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /c-long-read\.txt: is \d+ KB; an article file may be at most 512 KB/);
  const raised = await runCli(['import', longRead], { ...env, IMPORT_MAX_FILE_KB: '2048' });
  assert.equal(raised.code, 0, raised.stderr);
  const bad = await runCli(['import', longRead], { ...env, IMPORT_MAX_FILE_KB: 'lots' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /IMPORT_MAX_FILE_KB: must be a whole number of kilobytes/);
});

test('import of a path that does not exist fails with a clear message', async () => {
  const { env } = sqliteEnv();
  const run = await runCli(['import', '/no/such/path'], env);
  assert.ok(run.code !== 0 && run.code !== null, `exit code ${run.code}`);
  assert.match(run.stderr, /\/no\/such\/path: no such file or folder/);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'a message, not a stack trace');
});

test('usage errors: an unknown command or import without paths exits 2', async () => {
  const { env } = sqliteEnv();
  const unknown = await runCli(['frobnicate'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  assert.match(unknown.stderr, /usage: shpalta <command>/);
  const bare = await runCli(['import'], env);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /usage: shpalta import/);
  const help = await runCli(['help'], env);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: shpalta <command>/);
});

test('a DATABASE_URL of another database stops every command with exit 1, naming DATABASE_URL', async () => {
  const dir = tempDir();
  const env = { DATABASE_URL: 'mysql://x', MEDIA_DIR: dir };
  for (const args of [['import', referenceArticle], ['migrate'], ['serve']]) {
    const run = await runCli(args, env);
    assert.equal(run.code, 1, `${args[0]}: ${run.stderr}`);
    assert.match(run.stderr, /DATABASE_URL: 'mysql:\/\/x' must be a postgres:\/\/ URL or a path to a SQLite file/, args[0]);
    assert.doesNotMatch(run.stderr, /\n\s+at /, `${args[0]}: a message, not a stack trace`);
  }
  assert.deepEqual(fs.readdirSync(dir), [], 'nothing was written');
});

const pgUrl = process.env.TEST_DATABASE_URL;

test('import into PostgreSQL, in a throwaway database of its own', { skip: withoutReference || (pgUrl ? false : 'TEST_DATABASE_URL is not set') }, async () => {
  const name = `shpalta_cli_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(pgUrl!);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const run = await runCli(['import', referenceArticle], { DATABASE_URL: url.href, MEDIA_DIR: tempDir(), SITE_URL: 'https://news.example.ua' });
    assert.equal(run.code, 0, run.stderr);
    const id = Number(REFERENCE_PATH.exec(run.stdout)?.[1]);
    assert.ok(id > 0, run.stdout);

    const database = openDatabase({ kind: 'postgres', url: url.href });
    const app = await buildApp({ config: { siteUrl: 'https://news.example.ua', mediaDir: tempDir(), logLevel: 'silent' }, database });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/articles' });
      assert.equal(res.statusCode, 200);
      const items = res.json().items as Array<{ id: number; title: string; url: string }>;
      assert.deepEqual(items.map((i) => [i.id, i.title]), [[id, titleOfFile(referenceArticle)]]);
      assert.equal((await app.inject({ method: 'GET', url: items[0]!.url })).statusCode, 200);
    } finally {
      await app.close();
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
