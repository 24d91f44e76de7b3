import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import Fastify from 'fastify';
import { trackUnfinished } from '../src/server/drain.js';
import { sleep, until } from './helpers/servers.js';

test('a handler still at work after its client hung up keeps shutdown waiting until it returns', async () => {
  const app = Fastify();
  const unfinished = trackUnfinished(app);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let handlerEnded = false;
  app.get('/slow', async () => {
    await released;
    handlerEnded = true;
    return { ok: true };
  });
  app.get('/fast', async () => ({ ok: true }));
  app.get('/sync', (_req, reply) => void reply.send('plain'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  // Answered requests, a 404 and a handler that sends without returning a promise leave nothing behind.
  assert.equal((await fetch(`${base}/fast`)).status, 200);
  assert.equal(await (await fetch(`${base}/sync`)).text(), 'plain');
  assert.equal((await fetch(`${base}/nowhere`)).status, 404);
  await until('finished requests settle', async () => unfinished.count === 0);
  assert.equal(await unfinished.settled(100), true);

  // A client asks for the slow page and hangs up.
  const req = http.get(`${base}/slow`);
  req.on('error', () => {});
  await until('the slow request arrives', async () => unfinished.count === 1);
  req.destroy();
  await sleep(100);

  // The connection is gone, the server closes, but the handler has not returned.
  await app.close();
  assert.equal(handlerEnded, false);
  assert.equal(unfinished.count, 1);
  assert.equal(await unfinished.settled(200), false, 'not settled while the handler runs');

  const settling = unfinished.settled(5_000);
  release();
  assert.equal(await settling, true);
  assert.equal(handlerEnded, true, 'settled only after the handler returned');
  assert.equal(unfinished.count, 0);
});

test('a handler that starts after its client hung up (its hooks outlived the connection) is counted again while it runs', async () => {
  const app = Fastify();
  const unfinished = trackUnfinished(app);
  let openGate!: () => void;
  const gate = new Promise<void>((r) => (openGate = r));
  let finish!: () => void;
  const work = new Promise<void>((r) => (finish = r));
  let started = false;
  app.get('/late', { preHandler: async () => gate }, async () => {
    started = true;
    await work;
    return { ok: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const req = http.get(`http://127.0.0.1:${port}/late`);
  req.on('error', () => {});
  await until('the request arrives', async () => unfinished.count === 1);
  req.destroy();
  // Gone before its handler began: counted out.
  await until('the hung-up request is counted out', async () => unfinished.count === 0);
  openGate();
  await until('the handler starts', async () => started);
  assert.equal(unfinished.count, 1, 'its handler counts while it runs');
  await app.close();
  const settling = unfinished.settled(5_000);
  finish();
  assert.equal(await settling, true);
  assert.equal(unfinished.count, 0);
});
