import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closeTestDatabases, tempDir } from './helpers/databases.js';
import { fetchMetrics, requiredUrl, runCli, sleep, startServer, throwawayPgDatabase, until, type ServerProcess } from './helpers/servers.js';
import { writePlainArticle } from './helpers/site.js';

/**
 * Two `shpalta serve` processes over one PostgreSQL database and one Redis, as behind a load
 * balancer: what one publishes the other shows at once, a scheduled article goes live once,
 * and a session made on one works on the other.
 */
const pgUrl = requiredUrl('TEST_DATABASE_URL');
const redisUrl = requiredUrl('TEST_REDIS_URL');
const PASSWORD = 'correct horse battery staple';
const skip = !pgUrl ? 'TEST_DATABASE_URL is not set' : !redisUrl ? 'TEST_REDIS_URL is not set' : false;

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(base: string, email: string): Promise<Session> {
  const r = await fetch(`${base}/api/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: (JSON.parse(text) as { csrfToken: string }).csrfToken };
}

/** A newsroom API call with the session's cookie and CSRF token. */
async function api(base: string, s: Session, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(base + path, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

const page = async (base: string, path: string) => {
  const r = await fetch(base + path);
  return { status: r.status, cache: r.headers.get('x-cache'), body: await r.text() };
};

describe('two instances over one database and Redis', { skip }, () => {
  let database: Awaited<ReturnType<typeof throwawayPgDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let editor: Session;
  let sectionId: number;

  before(async () => {
    database = await throwawayPgDatabase(pgUrl!, 'shpalta_instances');
    const env = { DATABASE_URL: database.url.href, MEDIA_DIR: tempDir(), SITE_URL: 'https://news.example.ua', REDIS_URL: redisUrl! };
    // One article, so the site has a section to publish in.
    const imported = await runCli(['import', writePlainArticle(tempDir(), 'first.txt')], env);
    assert.equal(imported.code, 0, imported.stderr);
    const added = await runCli(['user', 'add', '--email', 'editor@example.com', '--name', 'Редакторка', '--role', 'admin', '--password-stdin'], env, PASSWORD);
    assert.equal(added.code, 0, added.stderr);
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
    for (const s of [a, b]) await until('the instance reaches Redis', async () => ((await (await fetch(`${s.base}/readyz`)).json()) as { status: string }).status === 'ready');
    editor = await signIn(a.base, 'editor@example.com');
    const sections = await api(a.base, editor, 'GET', '/api/v1/admin/sections');
    assert.equal(sections.status, 200);
    sectionId = (sections.json as { items: Array<{ id: number }> }).items[0]!.id;
  });

  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    await closeTestDatabases();
  });

  test('an article published through one instance is on the other’s home page within a second', async () => {
    await page(b.base, '/');
    assert.equal((await page(b.base, '/')).cache, 'HIT', 'b has its home page cached');
    const created = await api(a.base, editor, 'POST', '/api/v1/admin/articles', { title: 'Новина з першого сервера', lead: 'Лід новини з першого сервера.', sectionId });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.article.id as number;
    const published = await api(a.base, editor, 'POST', `/api/v1/admin/articles/${id}/transition`, { step: 'publish' });
    assert.equal(published.status, 200, JSON.stringify(published.json));
    // The change log alone would be read within 10 s with Redis up: within one second, Redis carried it.
    const took = await until('b shows the new story', async () => (await page(b.base, '/')).body.includes('Новина з першого сервера'), 1000, 10);
    assert.ok(took < 1000, `${took} ms`);
  });

  test('a session made on one instance works on the other', async () => {
    const mine = await signIn(b.base, 'editor@example.com');
    const listed = await api(a.base, mine, 'GET', '/api/v1/admin/articles');
    assert.equal(listed.status, 200, JSON.stringify(listed.json));
    const created = await api(a.base, mine, 'POST', '/api/v1/admin/articles', { title: 'Чернетка з іншого сервера', lead: 'Лід.', sectionId });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.equal((await api(b.base, mine, 'GET', `/api/v1/admin/articles/${created.json.article.id}`)).status, 200);
    // Signing out on one ends the session on both.
    assert.equal((await api(a.base, mine, 'DELETE', '/api/v1/admin/session')).status < 300, true);
    assert.equal((await api(b.base, mine, 'GET', '/api/v1/admin/articles')).status, 401);
  });

  test('a scheduled article goes live once, though both instances run the publishing job', async () => {
    const created = await api(b.base, editor, 'POST', '/api/v1/admin/articles', { title: 'Заплановано на обидва сервери', lead: 'Лід запланованої новини.', sectionId });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = created.json.article.id as number;
    const at = new Date(Date.now() + 2000).toISOString();
    const scheduled = await api(b.base, editor, 'POST', `/api/v1/admin/articles/${id}/transition`, { step: 'schedule', at });
    assert.equal(scheduled.status, 200, JSON.stringify(scheduled.json));
    // Each instance runs the job every 5 s: within 8 s both have had a go.
    await until('the article is published', async () => (await api(a.base, editor, 'GET', `/api/v1/admin/articles/${id}`)).json.article.status === 'published', 8000, 200);
    await sleep(5500);
    const audit = await api(a.base, editor, 'GET', '/api/v1/admin/audit');
    const runs = (audit.json.items as Array<{ action: string; targetId: number }>).filter((i) => i.action === 'article.publish-scheduled' && i.targetId === id);
    assert.equal(runs.length, 1, JSON.stringify(audit.json.items.slice(0, 5)));
    const publishedBy = await Promise.all([a, b].map(async (s) => Number(/^shpalta_scheduled_articles_published_total (\d+)/m.exec(await fetchMetrics(s.base))?.[1])));
    assert.equal(publishedBy[0]! + publishedBy[1]!, 1, `published by each instance: ${publishedBy.join(', ')}`);
    assert.match((await page(a.base, '/')).body, /Заплановано на обидва сервери/);
    assert.match((await page(b.base, '/')).body, /Заплановано на обидва сервери/);
  });
});
