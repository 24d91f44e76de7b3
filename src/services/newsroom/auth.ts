import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ShpaltaError, errors } from '../../core/errors.js';
import type { Role } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { ensureAuthor } from '../../storage/repositories/people-and-tags.js';
import * as users from '../../storage/repositories/users.js';
import { recordAudit } from './articles.js';

/** A session lives two weeks from its last use. */
export const SESSION_DAYS = 14;
/** Sign-in throttling: this many failures within the window lock the account, or the address. */
export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 20 };
export const MIN_PASSWORD_LENGTH = 10;

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const token = () => randomBytes(32).toString('base64url');

export const hashPassword = (password: string) => hash(password);

/** A password to hand out once: 20 characters from 120 random bits. */
export const generatePassword = () => randomBytes(15).toString('base64url');

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw errors.invalidInput('password', `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
}

/** A timing-safe comparison of two tokens. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Creates an account with its byline (an existing author of that name, or a new one). */
export async function createUser(database: Database, u: { email: string; name: string; role: Role; password: string }, now = new Date()): Promise<users.User> {
  const email = users.normalizeEmail(u.email);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw errors.invalidInput('email', `'${u.email}' is not an email address`);
  const name = u.name.trim();
  if (!name) throw errors.invalidInput('name', 'The name is empty');
  checkPasswordStrength(u.password);
  if (await users.userByEmail(database.db, email)) throw errors.conflict('email', `An account with the email ${email} already exists`);
  const passwordHash = await hashPassword(u.password);
  const id = await database.db.transaction().execute(async (trx) => {
    const author = await ensureAuthor(trx, name, now);
    return users.insertUser(trx, { email, name, role: u.role, passwordHash, authorId: author.id }, now);
  });
  return (await users.userById(database.db, id))!;
}

/** Sets a new password and ends every session of the account. */
export async function setPassword(database: Database, email: string, password: string, now = new Date()): Promise<users.User> {
  const user = await users.userByEmail(database.db, email);
  if (!user) throw errors.notFound(`An account with the email ${users.normalizeEmail(email)}`);
  checkPasswordStrength(password);
  await users.updateUser(database.db, user.id, { passwordHash: await hashPassword(password) }, now);
  await users.deleteUserSessions(database.db, user.id);
  return user;
}

export interface NewSession {
  /** The cookie's value: shown once, stored only as its hash. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: users.User;
}

export function tooManyAttempts(retryAfterSeconds: number): ShpaltaError {
  const e = new ShpaltaError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
  e.retryAfterSeconds = retryAfterSeconds;
  return e;
}

/**
 * Signs in: throttled per account and per address (both checked before the password, so a
 * locked account answers the same whatever is typed), then a new session.
 */
export async function signIn(database: Database, email: string, password: string, client: { ip: string; userAgent: string }, now = new Date()): Promise<NewSession> {
  const db = database.db;
  const accountKey = `email:${users.normalizeEmail(email)}`;
  const addressKey = `ip:${client.ip}`;
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  for (const [key, max] of [[accountKey, THROTTLE.perAccount], [addressKey, THROTTLE.perAddress]] as const) {
    const f = await users.countLoginFailures(db, key, since);
    if (f.count >= max) {
      const retry = Math.max(1, Math.round((f.oldest!.getTime() + THROTTLE.windowMinutes * 60_000 - now.getTime()) / 1000));
      throw tooManyAttempts(retry);
    }
  }
  const user = await users.userByEmail(db, email);
  const ok = user !== null && !user.disabled && (await verify(user.passwordHash, password).catch(() => false));
  if (!ok || !user) {
    await users.recordLoginFailure(db, [accountKey, addressKey], now);
    throw new ShpaltaError('BAD_CREDENTIALS', 'Wrong email or password');
  }
  await users.clearLoginFailures(db, accountKey);
  const t = token();
  const csrfToken = token();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await users.insertSession(db, { id: sha256hex(t), userId: user.id, csrfToken, expiresAt, ip: client.ip, userAgent: client.userAgent }, now);
  const { passwordHash: _, ...plain } = user;
  return { token: t, csrfToken, expiresAt, user: plain };
}

/** The live session of a cookie's token; extends it when it was last used over an hour ago. */
export async function sessionOf(database: Database, cookieToken: string, now = new Date()) {
  const id = sha256hex(cookieToken);
  const s = await users.sessionById(database.db, id, now);
  if (!s) return null;
  if (now.getTime() - s.lastSeenAt.getTime() > 3_600_000) {
    await users.touchSession(database.db, id, now, new Date(now.getTime() + SESSION_DAYS * 86_400_000));
  }
  return { id, ...s };
}

/**
 * An admin changes an account: its name, role, or whether it may sign in (disabling ends its
 * sessions). An admin may not demote or disable themself, so that an admin always remains.
 * Audited.
 */
export async function changeUser(database: Database, by: users.User, id: number, change: { name?: string; role?: Role; disabled?: boolean }, now = new Date()): Promise<users.User> {
  if (id === by.id && ((change.role !== undefined && change.role !== 'admin') || change.disabled)) {
    throw errors.invalidInput(change.disabled ? 'disabled' : 'role', 'An admin cannot demote or disable their own account: ask another admin');
  }
  if (!(await users.userById(database.db, id))) throw errors.notFound(`User ${id}`);
  await users.updateUser(database.db, id, change, now);
  if (change.disabled) await users.deleteUserSessions(database.db, id);
  await recordAudit(database.db, { userId: by.id, action: 'user.update', targetKind: 'user', targetId: id, details: change }, now);
  return (await users.userById(database.db, id))!;
}

export const signOut = (database: Database, sessionId: string) => users.deleteSession(database.db, sessionId);
export const signOutEverywhere = (database: Database, userId: number) => users.deleteUserSessions(database.db, userId);
