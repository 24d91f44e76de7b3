import type { Kysely } from 'kysely';
import { errors } from '../../core/errors.js';
import { genderOf, storedGender, type Gender } from '../../core/gender.js';
import { isRole, type Role } from '../../core/roles.js';
import { uniqueViolationColumn } from '../constraint-errors.js';
import type { Schema } from '../schema.js';
import { fromDate, fromFlag, toDate, toFlag } from '../values.js';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
  disabled: boolean;
  /** A password someone else handed out: changed before anything else is allowed. */
  mustChangePassword: boolean;
  /** For the verbs that name the account ('опублікувала'); 'unknown' takes a neutral wording. */
  gender: Gender;
  createdAt: Date;
}

export interface SessionRecord {
  user: User;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

const userColumns = ['u.id', 'u.email', 'u.name', 'u.role', 'u.author_id', 'u.disabled', 'u.must_change_password', 'u.gender', 'u.created_at'] as const;

function toUser(r: { id: number; email: string; name: string; role: string; author_id: number | null; disabled: number | boolean; must_change_password: number | boolean; gender: string | null; created_at: string | Date }): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: isRole(r.role) ? r.role : 'contributor',
    authorId: r.author_id,
    disabled: toFlag(r.disabled),
    mustChangePassword: toFlag(r.must_change_password),
    gender: genderOf(r.gender),
    createdAt: toDate(r.created_at),
  };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Inserts an account. The unique indexes decide between simultaneous creations: the loser is
 * told CONFLICT naming its field, as a check before the insert would have told it.
 */
export async function insertUser(db: Kysely<Schema>, u: { email: string; name: string; role: Role; passwordHash: string; authorId: number | null; mustChangePassword?: boolean }, now: Date): Promise<number> {
  try {
    const row = await db
      .insertInto('users')
      .values({ email: normalizeEmail(u.email), name: u.name, role: u.role, password_hash: u.passwordHash, author_id: u.authorId, must_change_password: fromFlag(u.mustChangePassword ?? false), created_at: fromDate(now), updated_at: fromDate(now) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (e) {
    const column = uniqueViolationColumn(e);
    if (column === 'email') throw errors.conflict('email', `An account with the email ${normalizeEmail(u.email)} already exists`);
    if (column === 'author_id') throw errors.conflict('authorId', `Author ${u.authorId} is already the byline of another account`);
    throw e;
  }
}

export async function setByline(db: Kysely<Schema>, userId: number, authorId: number, now: Date) {
  await db.updateTable('users').set({ author_id: authorId, updated_at: fromDate(now) }).where('id', '=', userId).execute();
}

/** The account that signs with this author, if any. */
export async function userOfAuthor(db: Kysely<Schema>, authorId: number): Promise<User | null> {
  const r = await db.selectFrom('users as u').select(userColumns).where('u.author_id', '=', authorId).executeTakeFirst();
  return r ? toUser(r) : null;
}

/** An author's name and slug, as a byline is shown. */
export async function bylineOf(db: Kysely<Schema>, authorId: number): Promise<{ name: string; slug: string } | null> {
  return (await db.selectFrom('authors').select(['name', 'slug']).where('id', '=', authorId).executeTakeFirst()) ?? null;
}

/** Authors no account signs with: the bylines a new account may take. */
export async function authorsWithoutAccount(db: Kysely<Schema>): Promise<Array<{ id: number; name: string; slug: string }>> {
  return db
    .selectFrom('authors as a')
    .select(['a.id', 'a.name', 'a.slug'])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('users as u').select('u.id').whereRef('u.author_id', '=', 'a.id'))))
    .orderBy('a.name')
    .orderBy('a.slug')
    .execute();
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

/** Every account with its byline's name and slug (the accounts page). */
export async function listUsersWithBylines(db: Kysely<Schema>): Promise<Array<User & { byline: { name: string; slug: string } | null }>> {
  const rows = await db.selectFrom('users as u').leftJoin('authors as a', 'a.id', 'u.author_id').select([...userColumns, 'a.name as author_name', 'a.slug as author_slug']).orderBy('u.name').orderBy('u.id').execute();
  return rows.map((r) => ({ ...toUser(r), byline: r.author_name !== null && r.author_slug !== null ? { name: r.author_name, slug: r.author_slug } : null }));
}

export async function updateUser(db: Kysely<Schema>, id: number, change: { name?: string; role?: Role; disabled?: boolean; passwordHash?: string; mustChangePassword?: boolean; gender?: Gender }, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: fromFlag(change.disabled) } : {}),
      ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
      ...(change.mustChangePassword !== undefined ? { must_change_password: fromFlag(change.mustChangePassword) } : {}),
      ...(change.gender !== undefined ? { gender: storedGender(change.gender) } : {}),
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

/** Signs an account out of every session but one (the one that changed its password). */
export async function deleteOtherSessions(db: Kysely<Schema>, userId: number, keep: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '!=', keep).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The account's password hash (checking its current password). */
export async function passwordHashOf(db: Kysely<Schema>, userId: number): Promise<string | null> {
  return (await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst())?.password_hash ?? null;
}

export type PasswordLinkPurpose = 'invite' | 'reset';

/** Stores a new link for the account, after revoking its unused ones: only the newest works. */
export async function replacePasswordLink(db: Kysely<Schema>, l: { tokenHash: string; userId: number; purpose: PasswordLinkPurpose; createdBy: number | null; expiresAt: Date }, now: Date) {
  await db.deleteFrom('password_links').where('user_id', '=', l.userId).where('used_at', 'is', null).execute();
  await db
    .insertInto('password_links')
    .values({ token_hash: l.tokenHash, user_id: l.userId, purpose: l.purpose, created_by: l.createdBy, created_at: fromDate(now), expires_at: fromDate(l.expiresAt), used_at: null })
    .execute();
}

/** A link that is unused and unexpired, with its account (enabled or not: the caller decides). */
export async function livePasswordLink(db: Kysely<Schema>, tokenHash: string, now: Date): Promise<{ purpose: PasswordLinkPurpose; user: User } | null> {
  const r = await db
    .selectFrom('password_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select([...userColumns, 'l.purpose'])
    .where('l.token_hash', '=', tokenHash)
    .where('l.used_at', 'is', null)
    .where('l.expires_at', '>', fromDate(now))
    .executeTakeFirst();
  return r ? { purpose: r.purpose === 'invite' ? 'invite' : 'reset', user: toUser(r) } : null;
}

/** Marks the link used; false when another request used it first (the link works once). */
export async function usePasswordLink(db: Kysely<Schema>, tokenHash: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('password_links').set({ used_at: fromDate(now) }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a sign-in attempt as a failure under each key (until it succeeds); returns the rows' ids. */
export async function recordLoginFailure(db: Kysely<Schema>, keys: string[], now: Date): Promise<number[]> {
  const rows = await db.insertInto('login_failures').values(keys.map((key) => ({ key, at: fromDate(now) }))).returning('id').execute();
  return rows.map((r) => r.id);
}

/** The failures under a key since a time that were recorded before the row `before` (an attempt's own). */
export async function countLoginFailures(db: Kysely<Schema>, key: string, since: Date, before?: number): Promise<{ count: number; oldest: Date | null; newest: Date | null }> {
  let q = db
    .selectFrom('login_failures')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest'), eb.fn.max('at').as('newest')])
    .where('key', '=', key)
    .where('at', '>', fromDate(since));
  if (before !== undefined) q = q.where('id', '<', before);
  const r = await q.executeTakeFirst();
  const date = (v: unknown) => (v ? toDate(v as string | Date) : null);
  return { count: Number(r?.n ?? 0), oldest: date(r?.oldest), newest: date(r?.newest) };
}

export async function clearLoginFailures(db: Kysely<Schema>, key: string) {
  await db.deleteFrom('login_failures').where('key', '=', key).execute();
}

export async function deleteLoginFailures(db: Kysely<Schema>, ids: number[]) {
  if (ids.length) await db.deleteFrom('login_failures').where('id', 'in', ids).execute();
}

/** Whether the account has signed in from this device or address since `since`. */
export async function isKnownClient(db: Kysely<Schema>, userId: number, kind: 'device' | 'address', key: string, since: Date): Promise<boolean> {
  const r = await db
    .selectFrom('sign_in_clients')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('key', '=', key)
    .where('last_seen_at', '>', fromDate(since))
    .executeTakeFirst();
  return r !== undefined;
}

export async function rememberClient(db: Kysely<Schema>, userId: number, kind: 'device' | 'address', key: string, now: Date) {
  await db
    .insertInto('sign_in_clients')
    .values({ user_id: userId, kind, key, last_seen_at: fromDate(now) })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'key']).doUpdateSet({ last_seen_at: fromDate(now) }))
    .execute();
}

/** Forgets what no longer counts: expired sessions, old failures, devices and addresses not seen for `knownDays`. */
export async function pruneAuth(db: Kysely<Schema>, now: Date, knownDays: number) {
  await db.deleteFrom('sessions').where('expires_at', '<', fromDate(now)).execute();
  await db.deleteFrom('password_links').where('expires_at', '<', fromDate(now)).execute();
  await db.deleteFrom('login_failures').where('at', '<', fromDate(new Date(now.getTime() - 86_400_000))).execute();
  await db.deleteFrom('sign_in_clients').where('last_seen_at', '<', fromDate(new Date(now.getTime() - knownDays * 86_400_000))).execute();
}
