import assert from 'node:assert/strict';
import type { Role } from '../../src/core/roles.js';
import type { ShpaltaApp } from '../../src/server/app.js';
import { createUser } from '../../src/services/newsroom/auth.js';
import type { Database } from '../../src/storage/database.js';
import type { User } from '../../src/storage/repositories/users.js';

/** A clock the test moves: the app's newsroom reads it for sessions, schedules and revisions. */
export function testClock(start = new Date('2026-11-24T09:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (d: Date) => void (now = d.getTime()),
    advance: (ms: number) => void (now += ms),
  };
}

export const PASSWORD = 'correct horse battery staple';

/** An account of this role (name and email made from it unless given). */
export async function addUser(database: Database, role: Role, o: { name?: string; email?: string } = {}): Promise<User> {
  const name = o.name ?? `Тест ${role} ${Math.random().toString(36).slice(2, 7)}`;
  const email = o.email ?? `${role}.${Math.random().toString(36).slice(2, 9)}@example.com`;
  return createUser(database, { email, name, role, password: PASSWORD });
}

export interface Client {
  user: User;
  cookie: string;
  csrf: string;
  /** A JSON request with this session's cookie and (unless told not to) its CSRF token. */
  request(method: string, url: string, body?: unknown, o?: { csrf?: boolean; headers?: Record<string, string> }): Promise<{ status: number; json: any; body: string; headers: Record<string, unknown> }>;
}

/** Signs in through the API and returns a client that sends the session's cookie. */
export async function signInAs(app: ShpaltaApp, user: User, password = PASSWORD): Promise<Client> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/admin/session', payload: { email: user.email, password } });
  assert.equal(r.statusCode, 200, `sign-in of ${user.email}: ${r.body}`);
  const setCookie = String(r.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const csrf = (r.json() as { csrfToken: string }).csrfToken;
  return {
    user,
    cookie,
    csrf,
    async request(method, url, body, o = {}) {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { cookie, ...(o.csrf === false ? {} : { 'x-csrf-token': csrf }), ...(o.headers ?? {}) },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      let json: unknown = null;
      try {
        json = res.json();
      } catch {
        // Not JSON: a page or an empty body.
      }
      return { status: res.statusCode, json, body: res.body, headers: res.headers };
    },
  };
}
