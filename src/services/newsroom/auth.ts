import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { errors } from '../../core/errors.js';
import type { Role } from '../../core/roles.js';
import type { Gender } from '../../core/gender.js';
import type { Database } from '../../storage/database.js';
import { authorExists, insertAuthor } from '../../storage/repositories/people-and-tags.js';
import * as users from '../../storage/repositories/users.js';
import { recordAudit } from '../../storage/repositories/audit.js';
import { admitAttempt, DEVICE_TOKEN_PATTERN, type Client } from './sign-in-throttle.js';

export { THROTTLE } from './sign-in-throttle.js';

/** A session lives two weeks from its last use. */
export const SESSION_DAYS = 14;
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

/**
 * Creates an account with its byline: `authorId`, an existing author no account signs with yet
 * (an imported writer's), or else a new author of the account's name. Never one found by name:
 * two people of the same name would share it and own each other's articles.
 */
/**
 * A new account. With `audit`, its creation is in the audit log (by whom, and how: 'cli'), in
 * the same transaction.
 */
export async function createUser(
  database: Database,
  u: { email: string; name: string; role: Role; password: string; authorId?: number | null | undefined; mustChangePassword?: boolean },
  now = new Date(),
  audit?: { by: number | null; via?: string },
): Promise<users.User> {
  const email = users.normalizeEmail(u.email);
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw errors.invalidInput('email', `'${u.email}' is not an email address`);
  const name = u.name.trim();
  if (!name) throw errors.invalidInput('name', 'The name is empty');
  checkPasswordStrength(u.password);
  if (await users.userByEmail(database.db, email)) throw errors.conflict('email', `An account with the email ${email} already exists`);
  const chosen = u.authorId ?? null;
  if (chosen !== null) {
    if (!(await authorExists(database.db, chosen))) throw errors.invalidInput('authorId', `There is no author ${chosen}`);
    const holder = await users.userOfAuthor(database.db, chosen);
    if (holder) throw errors.conflict('authorId', `Author ${chosen} is already the byline of ${holder.email}`);
  }
  const passwordHash = await hashPassword(u.password);
  // The account's row comes first, so that the unique index on email decides a race between
  // two creations of one address (insertUser answers CONFLICT), before any byline is made;
  // author_id's does the same for a chosen byline.
  const id = await database.db.transaction().execute(async (trx) => {
    const userId = await users.insertUser(trx, { email, name, role: u.role, passwordHash, authorId: chosen, mustChangePassword: u.mustChangePassword ?? false }, now);
    const authorId = chosen ?? (await insertAuthor(trx, name, now)).id;
    if (chosen === null) await users.setByline(trx, userId, authorId, now);
    if (audit) {
      const details = { email, role: u.role, authorId, ...(audit.via ? { via: audit.via } : {}) };
      await recordAudit(trx, { userId: audit.by, action: 'user.create', targetKind: 'user', targetId: userId, details }, now);
    }
    return userId;
  });
  return (await users.userById(database.db, id))!;
}

/**
 * Sets a new password and ends every session of the account. `oneTime`: a password handed out
 * (printed by the CLI), which the account must change at its next sign-in.
 */
export async function setPassword(database: Database, email: string, password: string, now = new Date(), o: { oneTime?: boolean } = {}): Promise<users.User> {
  const user = await users.userByEmail(database.db, email);
  if (!user) throw errors.notFound(`An account with the email ${users.normalizeEmail(email)}`);
  checkPasswordStrength(password);
  await users.updateUser(database.db, user.id, { passwordHash: await hashPassword(password), mustChangePassword: o.oneTime ?? false }, now);
  await users.deleteUserSessions(database.db, user.id);
  return user;
}

export interface NewSession {
  /** The cookie's value: shown once, stored only as its hash. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: users.User;
  /** The device cookie's token: the one the browser sent, or a new one (sign-in-throttle.ts). */
  deviceToken: string;
}

/**
 * What an unknown or disabled account's password is checked against: a hash of a random secret
 * made with the same parameters as real ones, so that every answer costs one argon2 verify and
 * its time tells nothing about which emails have accounts. Made once, on first need.
 */
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(24).toString('base64url')));

/** Makes the dummy hash ahead of the first sign-in, whose answer would otherwise take twice as long. */
export const prepareSignIn = () => void dummy().catch(() => (dummyHash = undefined));

/**
 * Signs in: the attempt passes the throttle first (sign-in-throttle.ts: per account and place,
 * and per address, so a throttled attempt answers the same whatever is typed), then one argon2
 * verify whether or not the account exists, then a new session.
 */
export async function signIn(database: Database, email: string, password: string, client: Client & { userAgent: string }, now = new Date()): Promise<NewSession> {
  const db = database.db;
  const normalized = users.normalizeEmail(email);
  const user = await users.userByEmail(db, normalized);
  const usable = user !== null && !user.disabled;
  const attempt = await admitAttempt(database, normalized, usable ? user.id : null, client, now);
  const verified = await verify(usable ? user.passwordHash : await dummy(), password).catch(() => false);
  if (!usable || !verified) throw errors.badCredentials();
  const deviceToken = deviceTokenOf(client);
  await attempt.succeeded(user.id, deviceToken);
  const { passwordHash: _, ...plain } = user;
  return openSession(database, plain, client, deviceToken, now);
}

/** The browser's device token when it sent a well-formed one, or a new one. */
const deviceTokenOf = (client: Client) => (client.deviceToken && DEVICE_TOKEN_PATTERN.test(client.deviceToken) ? client.deviceToken : token());

/** A new session for an account that has proved who it is (a password, or a one-time link). */
export async function openSession(database: Database, user: users.User, client: Client & { userAgent: string }, deviceToken = deviceTokenOf(client), now = new Date()): Promise<NewSession> {
  const t = token();
  const csrfToken = token();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await users.insertSession(database.db, { id: sha256hex(t), userId: user.id, csrfToken, expiresAt, ip: client.ip, userAgent: client.userAgent }, now);
  return { token: t, csrfToken, expiresAt, user, deviceToken };
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

/** Anyone states their own grammatical gender (their account page). Audited. */
export async function setOwnGender(database: Database, user: users.User, gender: Gender, now = new Date()): Promise<void> {
  await users.updateUser(database.db, user.id, { gender }, now);
  await recordAudit(database.db, { userId: user.id, action: 'user.update', targetKind: 'user', targetId: user.id, details: { gender } }, now);
}

/**
 * An admin changes an account: its name, role, gender, or whether it may sign in (disabling ends its
 * sessions). An admin may not demote or disable themself, so that an admin always remains.
 * Audited.
 */
export async function changeUser(database: Database, by: users.User, id: number, change: { name?: string; role?: Role; disabled?: boolean; gender?: Gender }, now = new Date()): Promise<users.User> {
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
