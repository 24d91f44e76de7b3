import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, describe, test } from 'node:test';
import type { ShpaltaApp } from '../src/server/app.js';
import { updateUser } from '../src/storage/repositories/users.js';
import { testDatabases } from './helpers/databases.js';
import { assertOurCookie, setCookiesOf } from './helpers/cookies.js';
import { addUser, PASSWORD, testClock } from './helpers/newsroom.js';
import { closeTestSites, openSite } from './helpers/site.js';

after(closeTestSites);

interface Try {
  /** The peer's address (the socket's); 127.0.0.1 unless given. */
  ip?: string;
  /** The shpalta_device cookie's token. */
  device?: string | undefined;
  headers?: Record<string, string>;
}

const signInPost = (app: ShpaltaApp, email: string, password: string, o: Try = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/admin/session',
    remoteAddress: o.ip ?? '127.0.0.1',
    headers: { ...(o.device ? { cookie: `shpalta_device=${o.device}` } : {}), ...o.headers },
    payload: { email, password },
  });

const cookiesOf = (r: { headers: Record<string, unknown> }) => [r.headers['set-cookie'] ?? []].flat().map(String);
const deviceOf = (r: { headers: Record<string, unknown> }) => cookiesOf(r).find((c) => c.startsWith('shpalta_device='))?.split(/[=;]/)[1];
const statusOf = async (p: ReturnType<typeof signInPost>) => (await p).statusCode;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const tdb of testDatabases) {
  describe(`sign-in throttling (${tdb.dialect})`, () => {
    test('failures slow down the places an account does not know, never its owner’s known device or address, admins included', async () => {
      const clock = testClock();
      const { app, database } = await openSite(tdb, [], { clock: clock.now });
      const admin = await addUser(database, 'admin');
      const OFFICE = '198.51.100.10';
      const first = await signInPost(app, admin.email, PASSWORD, { ip: OFFICE });
      assert.equal(first.statusCode, 200, first.body);
      const device = deviceOf(first);
      assert.match(device ?? '', /^[\w-]{43}$/, 'a device cookie');
      assertOurCookie(setCookiesOf(first).get('shpalta_device'), 7_776_000);

      // Someone guesses from address after address: five failures, then each try waits.
      for (let i = 1; i <= 5; i++) assert.equal(await statusOf(signInPost(app, admin.email, `guess ${i}`, { ip: `203.0.113.${i}` })), 401);
      const slowed = await signInPost(app, admin.email, PASSWORD, { ip: '203.0.113.99' });
      assert.deepEqual([slowed.statusCode, slowed.json().error.code, slowed.headers['retry-after']], [429, 'TOO_MANY_ATTEMPTS', '30'], 'a new place waits, even with the right password');

      // The owner is not locked out: their browser from anywhere, and the office without it.
      assert.equal(await statusOf(signInPost(app, admin.email, PASSWORD, { ip: '192.0.2.77', device })), 200, 'the known device');
      assert.equal(await statusOf(signInPost(app, admin.email, PASSWORD, { ip: OFFICE })), 200, 'the known address');

      // The guesser gets one try per wait, each wait twice the last, up to 15 minutes.
      let wait = 30;
      for (const next of [60, 120, 240, 480, 900, 900]) {
        clock.advance((wait + 1) * 1000);
        assert.equal(await statusOf(signInPost(app, admin.email, 'another guess', { ip: '203.0.113.50' })), 401);
        const r = await signInPost(app, admin.email, 'and another', { ip: '203.0.113.51' });
        assert.deepEqual([r.statusCode, r.headers['retry-after']], [429, String(next)]);
        wait = next;
      }
      assert.equal(await statusOf(signInPost(app, admin.email, PASSWORD, { ip: '192.0.2.78', device })), 200, 'still the owner’s device signs in at once');

      // Guessing on the owner's device (stolen cookie) is slowed there too, on its own count.
      for (let i = 1; i <= 5; i++) assert.equal(await statusOf(signInPost(app, admin.email, `device guess ${i}`, { device })), 401);
      assert.equal(await statusOf(signInPost(app, admin.email, PASSWORD, { device })), 429);
      assert.equal(await statusOf(signInPost(app, admin.email, PASSWORD, { ip: OFFICE })), 200, 'the office is a place of its own');
    });

    test('an address trying many accounts waits; accounts that know the address or the device do not', async () => {
      const { app, database } = await openSite(tdb, []);
      const CAFE = '198.51.100.20';
      const owner = await addUser(database, 'editor');
      const other = await addUser(database, 'author');
      const device = deviceOf(await signInPost(app, owner.email, PASSWORD, { ip: '192.0.2.5' }));
      const regular = await addUser(database, 'author');
      assert.equal(await statusOf(signInPost(app, regular.email, PASSWORD, { ip: CAFE })), 200);

      for (let i = 0; i < 20; i++) assert.equal(await statusOf(signInPost(app, `nobody${i}@example.com`, 'spray', { ip: CAFE })), 401);
      const sprayed = await signInPost(app, other.email, PASSWORD, { ip: CAFE });
      assert.deepEqual([sprayed.statusCode, sprayed.json().error.code], [429, 'TOO_MANY_ATTEMPTS'], 'an account new to the address waits');
      assert.ok(Number(sprayed.headers['retry-after']) > 800);
      assert.equal(await statusOf(signInPost(app, owner.email, PASSWORD, { ip: CAFE, device })), 200, 'a device the account knows');
      assert.equal(await statusOf(signInPost(app, regular.email, PASSWORD, { ip: CAFE })), 200, 'an address the account knows');
      assert.equal(await statusOf(signInPost(app, other.email, PASSWORD, { ip: '192.0.2.6' })), 200, 'elsewhere, the other account is not held back');
    });

    test('simultaneous guesses get no more tries than one after another', async () => {
      const { app, database } = await openSite(tdb, []);
      const user = await addUser(database, 'author');
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => statusOf(signInPost(app, user.email, `guess ${i}`, { ip: `203.0.113.${100 + i}` }))));
      assert.deepEqual([results.filter((s) => s === 401).length, results.filter((s) => s === 429).length], [5, 7], results.join(' '));
    });

    test('an unknown or disabled email takes as long to refuse as a wrong password of a real account', async () => {
      const { app, database } = await openSite(tdb, []);
      // Each account has five tries before it waits: the rounds go round several.
      const ACCOUNTS = [1, 2, 3, 4, 5];
      const known = await Promise.all(ACCOUNTS.map(() => addUser(database, 'author')));
      const disabled = await Promise.all(ACCOUNTS.map(async () => {
        const u = await addUser(database, 'author');
        await updateUser(database.db, u.id, { disabled: true }, new Date());
        return u;
      }));
      const kinds = {
        known: (i: number) => known[i % ACCOUNTS.length]!.email,
        unknown: (i: number) => `no.such.${i}@example.com`,
        disabled: (i: number) => disabled[i % ACCOUNTS.length]!.email,
      };
      const times: Record<keyof typeof kinds, number[]> = { known: [], unknown: [], disabled: [] };
      let n = 0;
      // Interleaved and many: a busy machine's noise falls on every kind alike, and medians settle.
      for (let round = -1; round < 15; round++) {
        for (const kind of Object.keys(kinds) as Array<keyof typeof kinds>) {
          const started = performance.now();
          const r = await signInPost(app, kinds[kind](round + 1), 'not the password', { ip: `203.0.113.${++n}` });
          const ms = performance.now() - started;
          assert.equal(r.statusCode, 401, `${kind}: ${r.body}`);
          // Round -1 warms up.
          if (round >= 0) times[kind].push(ms);
        }
      }
      const [k, u, d] = [median(times.known), median(times.unknown), median(times.disabled)];
      const figures = `medians: known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms, disabled ${d.toFixed(1)} ms`;
      console.log(`# ${tdb.dialect} sign-in timing, ${figures}`);
      // Before the dummy hash an unknown email took a sixth of the time (15 ms against 98 ms).
      for (const other of [u, d]) assert.ok(other / k > 0.4 && other / k < 2.5, figures);
    });
  });

  describe(`TRUST_PROXY (${tdb.dialect})`, () => {
    test('without it, X-Forwarded-For neither dodges the address limit nor locks out the address it names', async () => {
      const { app } = await openSite(tdb, []);
      for (let i = 0; i < 20; i++) {
        assert.equal(await statusOf(signInPost(app, `nobody${i}@example.com`, 'spray', { headers: { 'x-forwarded-for': '192.0.2.1' } })), 401);
      }
      const dodging = await signInPost(app, 'nobody.else@example.com', 'spray', { headers: { 'x-forwarded-for': '192.0.2.2' } });
      assert.equal(dodging.statusCode, 429, 'the peer’s own address is counted, whatever it claims');
      assert.equal(await statusOf(signInPost(app, 'someone@example.com', 'a typo', { ip: '192.0.2.1' })), 401, 'the address it named is not locked out');
    });

    test('with it, the trusted proxy’s forwarded address and protocol count, and nobody else’s', async () => {
      const { app, database } = await openSite(tdb, [], { config: { trustProxy: ['127.0.0.1'] } });
      for (let i = 0; i < 20; i++) {
        assert.equal(await statusOf(signInPost(app, `nobody${i}@example.com`, 'spray', { headers: { 'x-forwarded-for': '192.0.2.1' } })), 401);
      }
      assert.equal(await statusOf(signInPost(app, 'x@example.com', 'spray', { headers: { 'x-forwarded-for': '192.0.2.1' } })), 429, 'the forwarded address waits');
      assert.equal(await statusOf(signInPost(app, 'x@example.com', 'a typo', { headers: { 'x-forwarded-for': '192.0.2.2' } })), 401, 'another client behind the proxy does not');

      const user = await addUser(database, 'author');
      const sessionIp = async (r: Awaited<ReturnType<typeof signInPost>>) => {
        assert.equal(r.statusCode, 200, r.body);
        const rows = await database.db.selectFrom('sessions').select(['ip', 'created_at']).where('user_id', '=', user.id).execute();
        return rows.map((x) => x.ip);
      };
      // A client's own X-Forwarded-For entry (the leftmost) is not believed: the proxy's is.
      const viaProxy = await signInPost(app, user.email, PASSWORD, { headers: { 'x-forwarded-for': '203.0.113.66, 198.51.100.5', 'x-forwarded-proto': 'https' } });
      assert.deepEqual(await sessionIp(viaProxy), ['198.51.100.5']);
      for (const name of ['shpalta_session', 'shpalta_device']) assert.equal(setCookiesOf(viaProxy).get(name)?.attributes.secure, true, `${name}: Secure behind the TLS proxy`);
      const direct = await signInPost(app, user.email, PASSWORD, { ip: '203.0.113.7', headers: { 'x-forwarded-for': '198.51.100.99', 'x-forwarded-proto': 'https' } });
      assert.deepEqual((await sessionIp(direct)).sort(), ['198.51.100.5', '203.0.113.7'], 'a peer that is not the proxy is taken at its word only for its own address');
      assert.doesNotMatch(cookiesOf(direct).join('\n'), /Secure/i);
    });

    test('a number of hops trusts that many proxies nearest the server', async () => {
      for (const [hops, expected] of [[1, '198.51.100.5'], [2, '203.0.113.66']] as const) {
        const { app, database } = await openSite(tdb, [], { config: { trustProxy: hops } });
        const user = await addUser(database, 'author');
        const r = await signInPost(app, user.email, PASSWORD, { headers: { 'x-forwarded-for': '192.0.2.9, 203.0.113.66, 198.51.100.5' } });
        assert.equal(r.statusCode, 200);
        const row = await database.db.selectFrom('sessions').select('ip').where('user_id', '=', user.id).executeTakeFirstOrThrow();
        assert.equal(row.ip, expected, `${hops} hops`);
      }
    });
  });
}
