import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { buildApp, type ShpaltaApp } from '../src/server/app.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { DEGRADED_TTL_MS } from '../src/server/cache/redis-bus.js';
import { tempDir } from './helpers/databases.js';
import { addUser, signInAs } from './helpers/newsroom.js';

const redisUrl = process.env.TEST_REDIS_URL;
if (process.env.CI && !redisUrl) throw new Error('TEST_REDIS_URL must be set on CI: the Redis suite may not be skipped');

const opened: Array<{ close(): Promise<unknown> }> = [];
after(async () => {
  for (const o of opened.reverse()) await o.close();
});

async function instance(database: Database, mediaDir: string, redis: string): Promise<ShpaltaApp> {
  const app = await buildApp({ config: { siteUrl: 'https://shpalta.test', mediaDir, logLevel: 'silent', redisUrl: redis }, database });
  opened.push(app);
  return app;
}

async function until(what: string, check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const readiness = async (app: ShpaltaApp) => (await app.inject({ method: 'GET', url: '/readyz' })).json() as { status: string; checks: Array<{ name: string; ok: boolean; error?: string }> };

describe('Redis between instances', { skip: redisUrl ? false : 'TEST_REDIS_URL is not set' }, () => {
  test('a publication on one instance drops the other instance’s cached pages at once', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'shared.db');
    const [da, db] = [openDatabase({ kind: 'sqlite', file }), openDatabase({ kind: 'sqlite', file })];
    opened.push(da, db);
    await migrateToLatest(da);
    const a = await instance(da, path.join(dir, 'media'), redisUrl!);
    const b = await instance(db, path.join(dir, 'media'), redisUrl!);
    await until('both instances reach Redis', async () => (await readiness(a)).status === 'ready' && (await readiness(b)).status === 'ready');

    const editor = await signInAs(a, await addUser(da, 'editor'));
    const home = async () => b.inject({ method: 'GET', url: '/' });
    await home();
    assert.equal((await home()).headers['x-cache'], 'HIT', 'b has its home page cached');

    // Publishing needs a section; this empty site gets one.
    await da.db.insertInto('sections').values({ parent_id: null, slug: 'svit', name: 'Світ', path: 'svit', position: 0, created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute();
    const sectionId = (await da.db.selectFrom('sections').select('id').executeTakeFirstOrThrow()).id;
    const created = await editor.request('POST', '/api/v1/admin/articles', { title: 'Новина з першого сервера', lead: 'Лід новини.', sectionId });
    const started = Date.now();
    const published = await editor.request('POST', `/api/v1/admin/articles/${created.json.article.id}/transition`, { step: 'publish' });
    assert.equal(published.status, 200, published.body);
    await until('b shows the new story', async () => (await home()).body.includes('Новина з першого сервера'), 1000);
    // With Redis up the change log is read only every 10 s: this came through Redis.
    assert.ok(Date.now() - started < 1000);
  });

  test('without Redis an instance serves on, with short cache lifetimes, and says so in /readyz', async () => {
    const dir = tempDir();
    const database = openDatabase({ kind: 'sqlite', file: path.join(dir, 'alone.db') });
    opened.push(database);
    await migrateToLatest(database);
    const app = await instance(database, path.join(dir, 'media'), 'redis://127.0.0.1:1');
    const r = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(r.statusCode, 200, 'still serving');
    const body = r.json() as Awaited<ReturnType<typeof readiness>>;
    assert.equal(body.status, 'degraded');
    assert.deepEqual(body.checks.find((c) => c.name === 'redis')?.ok, false);
    assert.equal(app.shpalta.cache.ttlMs, DEGRADED_TTL_MS);
    assert.equal((await app.inject({ method: 'GET', url: '/' })).statusCode, 200);
  });
});
