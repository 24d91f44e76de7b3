import type { Kysely } from 'kysely';
import { isRole, type Role } from '../../core/roles.js';
import type { Schema } from '../schema.js';
import { fromDate, fromFlag, toDate, toFlag } from '../values.js';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
  disabled: boolean;
  createdAt: Date;
}

export interface SessionRecord {
  user: User;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

const userColumns = ['u.id', 'u.email', 'u.name', 'u.role', 'u.author_id', 'u.disabled', 'u.created_at'] as const;

function toUser(r: { id: number; email: string; name: string; role: string; author_id: number | null; disabled: number | boolean; created_at: string | Date }): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: isRole(r.role) ? r.role : 'contributor',
    authorId: r.author_id,
    disabled: toFlag(r.disabled),
    createdAt: toDate(r.created_at),
  };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function insertUser(db: Kysely<Schema>, u: { email: string; name: string; role: Role; passwordHash: string; authorId: number | null }, now: Date): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ email: normalizeEmail(u.email), name: u.name, role: u.role, password_hash: u.passwordHash, author_id: u.authorId, created_at: fromDate(now), updated_at: fromDate(now) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function userById(db: Kysely<Schema>, id: number): Promise<User | null> {
  const r = await db.selectFrom('users as u').select(userColumns).where('u.id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function userByEmail(db: Kysely<Schema>, email: string): Promise<(User & { passwordHash: string }) | null> {
  const r = await db.selectFrom('users as u').select([...userColumns, 'u.password_hash']).where('u.email', '=', normalizeEmail(email)).executeTakeFirst();
  return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
}

export async function listUsers(db: Kysely<Schema>): Promise<User[]> {
  return (await db.selectFrom('users as u').select(userColumns).orderBy('u.name').execute()).map(toUser);
}

export async function updateUser(db: Kysely<Schema>, id: number, change: { name?: string; role?: Role; disabled?: boolean; passwordHash?: string }, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: fromFlag(change.disabled) } : {}),
      ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
      updated_at: fromDate(now),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertSession(db: Kysely<Schema>, s: { id: string; userId: number; csrfToken: string; expiresAt: Date; ip: string; userAgent: string }, now: Date) {
  await db
    .insertInto('sessions')
    .values({ id: s.id, user_id: s.userId, csrf_token: s.csrfToken, created_at: fromDate(now), last_seen_at: fromDate(now), expires_at: fromDate(s.expiresAt), ip: s.ip, user_agent: s.userAgent.slice(0, 300) })
    .execute();
}

/** The session and its account, when the session is live and the account enabled. */
export async function sessionById(db: Kysely<Schema>, id: string, now: Date): Promise<SessionRecord | null> {
  const r = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([...userColumns, 's.csrf_token', 's.expires_at', 's.last_seen_at'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', fromDate(now))
    .executeTakeFirst();
  if (!r) return null;
  const user = toUser(r);
  if (user.disabled) return null;
  return { user, csrfToken: r.csrf_token, expiresAt: toDate(r.expires_at), lastSeenAt: toDate(r.last_seen_at) };
}

export async function touchSession(db: Kysely<Schema>, id: string, now: Date, expiresAt: Date) {
  await db.updateTable('sessions').set({ last_seen_at: fromDate(now), expires_at: fromDate(expiresAt) }).where('id', '=', id).execute();
}

export async function deleteSession(db: Kysely<Schema>, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Signs an account out everywhere; returns how many sessions ended. */
export async function deleteUserSessions(db: Kysely<Schema>, userId: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function recordLoginFailure(db: Kysely<Schema>, keys: string[], now: Date) {
  await db.insertInto('login_failures').values(keys.map((key) => ({ key, at: fromDate(now) }))).execute();
}

export async function countLoginFailures(db: Kysely<Schema>, key: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('key', '=', key)
    .where('at', '>', fromDate(since))
    .executeTakeFirst();
  return { count: Number(r?.n ?? 0), oldest: r?.oldest ? toDate(r.oldest as string | Date) : null };
}

export async function clearLoginFailures(db: Kysely<Schema>, key: string) {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

/** Forgets what no longer counts: expired sessions, old failures. */
export async function pruneAuth(db: Kysely<Schema>, now: Date) {
  await db.deleteFrom('sessions').where('expires_at', '<', fromDate(now)).execute();
  await db.deleteFrom('login_failures').where('at', '<', fromDate(new Date(now.getTime() - 86_400_000))).execute();
}
