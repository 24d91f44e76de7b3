import { createHash, randomBytes } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { errors } from '../../core/errors.js';
import type { Role } from '../../core/roles.js';
import type { Database } from '../../storage/database.js';
import { recordAudit } from '../../storage/repositories/audit.js';
import * as users from '../../storage/repositories/users.js';
import { checkPasswordStrength, createUser, hashPassword } from './auth.js';

/** An invitation is good for a week, a password reset for a day. */
export const LINK_DAYS = { invite: 7, reset: 1 } as const;

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
/** A link's token: 256 random bits, in the URL only; the database keeps its sha256. */
const linkToken = () => randomBytes(32).toString('base64url');
/** A password no one knows: the account cannot sign in until a link sets one. */
const unknownPassword = () => hashPassword(randomBytes(24).toString('base64url'));

/** The new password and its repetition: the same, long enough, and (when given) not the old one. */
async function checkNewPassword(password: string, repeat: string, currentHash?: string) {
  checkPasswordStrength(password);
  if (password !== repeat) throw errors.invalidInput('repeat', 'The two new passwords differ');
  if (currentHash && (await verify(currentHash, password).catch(() => false))) throw errors.invalidInput('password', 'The new password is the one you have: choose another');
}

/**
 * A signed-in account changes its own password: the current one first (a session left open on
 * someone else's screen must not be enough), then the new one twice. Every other session of the
 * account ends; this one stays. Audited.
 */
export async function changeOwnPassword(database: Database, s: { userId: number; sessionId: string }, given: { current: string; password: string; repeat: string }, now: Date): Promise<void> {
  const hash = await users.passwordHashOf(database.db, s.userId);
  if (!hash || !(await verify(hash, given.current).catch(() => false))) throw errors.invalidInput('current', 'The current password is wrong');
  await checkNewPassword(given.password, given.repeat, hash);
  const passwordHash = await hashPassword(given.password);
  await database.db.transaction().execute(async (trx) => {
    await users.updateUser(trx, s.userId, { passwordHash, mustChangePassword: false }, now);
    const ended = await users.deleteOtherSessions(trx, s.userId, s.sessionId);
    await recordAudit(trx, { userId: s.userId, action: 'user.password', targetKind: 'user', targetId: s.userId, details: { endedSessions: ended } }, now);
  });
}

export interface IssuedLink {
  user: users.User;
  /** The path with the token, shown once to the admin who passes it on. */
  path: string;
  expiresAt: Date;
}

async function issueLink(db: Database['db'], userId: number, purpose: users.PasswordLinkPurpose, by: number, now: Date): Promise<{ path: string; expiresAt: Date }> {
  const token = linkToken();
  const expiresAt = new Date(now.getTime() + LINK_DAYS[purpose] * 86_400_000);
  await users.replacePasswordLink(db, { tokenHash: sha256hex(token), userId, purpose, createdBy: by, expiresAt }, now);
  return { path: `/admin/password/${token}`, expiresAt };
}

/**
 * An admin invites someone: the account is made with its byline and a password no one knows,
 * and a link lets the person choose their own. Audited (the creation and the invitation).
 */
export async function inviteUser(database: Database, by: users.User, u: { email: string; name: string; role: Role; authorId?: number | null }, now: Date): Promise<IssuedLink> {
  const user = await createUser(database, { ...u, password: randomBytes(24).toString('base64url') }, now, { by: by.id });
  const link = await database.db.transaction().execute(async (trx) => {
    const issued = await issueLink(trx, user.id, 'invite', by.id, now);
    await recordAudit(trx, { userId: by.id, action: 'user.invite', targetKind: 'user', targetId: user.id, details: { expiresAt: issued.expiresAt.toISOString() } }, now);
    return issued;
  });
  return { user, ...link };
}

/**
 * An admin resets another account's password: the old one stops working and every session of
 * the account ends at once (the usual reason is that it leaked), and a link lets the person
 * choose a new one. An admin changes their own on their account page instead. Audited.
 */
export async function resetPassword(database: Database, by: users.User, userId: number, now: Date): Promise<IssuedLink> {
  if (userId === by.id) throw errors.invalidInput('id', 'Change your own password on your account page');
  const user = await users.userById(database.db, userId);
  if (!user) throw errors.notFound(`User ${userId}`);
  const passwordHash = await unknownPassword();
  const link = await database.db.transaction().execute(async (trx) => {
    await users.updateUser(trx, userId, { passwordHash }, now);
    const ended = await users.deleteUserSessions(trx, userId);
    const issued = await issueLink(trx, userId, 'reset', by.id, now);
    await recordAudit(trx, { userId: by.id, action: 'user.reset-password', targetKind: 'user', targetId: userId, details: { endedSessions: ended, expiresAt: issued.expiresAt.toISOString() } }, now);
    return issued;
  });
  return { user, ...link };
}

/** The account a link is for, while it is unused and unexpired and the account enabled. */
export async function linkAccount(database: Database, token: string, now: Date): Promise<{ purpose: users.PasswordLinkPurpose; user: users.User }> {
  const live = /^[A-Za-z0-9_-]{43}$/.test(token) ? await users.livePasswordLink(database.db, sha256hex(token), now) : null;
  if (!live || live.user.disabled) throw errors.linkInvalid();
  return live;
}

/**
 * The person sets their password through the link, which then stops working (of two requests
 * at once, one wins). Every earlier session of the account ends. Audited as done by the account.
 */
export async function setPasswordByLink(database: Database, token: string, given: { password: string; repeat: string }, now: Date): Promise<users.User> {
  const { purpose, user } = await linkAccount(database, token, now);
  await checkNewPassword(given.password, given.repeat);
  const passwordHash = await hashPassword(given.password);
  await database.db.transaction().execute(async (trx) => {
    if (!(await users.usePasswordLink(trx, sha256hex(token), now))) throw errors.linkInvalid();
    await users.updateUser(trx, user.id, { passwordHash, mustChangePassword: false }, now);
    await users.deleteUserSessions(trx, user.id);
    await recordAudit(trx, { userId: user.id, action: purpose === 'invite' ? 'user.accept-invite' : 'user.password', targetKind: 'user', targetId: user.id, details: { via: 'link' } }, now);
  });
  return user;
}
