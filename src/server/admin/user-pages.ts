import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isShpaltaError } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import { isGender, type Gender } from '../../core/gender.js';
import { isRole, type Role } from '../../core/roles.js';
import { renderUsersPage, type UsersPageState } from '../../render/admin/users-page.js';
import { changeUser } from '../../services/newsroom/auth.js';
import { inviteUser, resetPassword, type IssuedLink } from '../../services/newsroom/passwords.js';
import { authorsWithoutAccount, listUsersWithBylines, userById } from '../../storage/repositories/users.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';
import { field, NO_STORE, queryOf, type PageTools } from './page-tools.js';

const DONE: Record<string, string> = { role: uk.admin.users.roleChanged, gender: uk.admin.users.genderChanged, disabled: uk.admin.users.disabledDone, enabled: uk.admin.users.enabledDone };

/**
 * Accounts (admin only): the list; inviting someone, and resetting a password, each by a
 * one-time link shown once to the admin; changing a role; disabling and enabling.
 */
export function userPages(scope: FastifyInstance, deps: NewsroomDeps, { ctx }: PageTools) {
  const db = deps.database.db;
  const t = uk.admin.users;
  const usersPage = async (req: FastifyRequest, reply: FastifyReply, s: Omit<UsersPageState, 'users' | 'selfId' | 'freeBylines'>, status = 200) => {
    const [users, freeBylines] = await Promise.all([listUsersWithBylines(db), authorsWithoutAccount(db)]);
    const body = renderUsersPage(ctx(req), { ...s, users, freeBylines, selfId: signedIn(req).user.id });
    // A link shown here carries its token: the page names itself in no Referer.
    return reply.code(status).headers({ ...NO_STORE, 'referrer-policy': 'no-referrer' }).type('text/html; charset=utf-8').send(body);
  };
  // Shown on this answer only: the database keeps the token's hash alone.
  const shownLink = (kind: 'invite' | 'reset', l: IssuedLink): UsersPageState['link'] => ({ kind, name: l.user.name, email: l.user.email, url: new URL(l.path, deps.siteUrl).href, expiresAt: l.expiresAt });

  scope.get('/admin/users', { config: { rule: 'admin' } }, async (req, reply) => {
    const done = DONE[queryOf(req).done ?? ''];
    return usersPage(req, reply, done ? { done } : {});
  });

  scope.post('/admin/users', { config: { rule: 'admin' } }, async (req, reply) => {
    const role: Role = isRole(field(req, 'role')) ? (field(req, 'role') as Role) : 'author';
    const form = { email: field(req, 'email').trim(), name: field(req, 'name').trim(), role, authorId: field(req, 'authorId').trim() };
    try {
      // '' is a new byline; anything else names an author (createUser checks it is free).
      const authorId = form.authorId === '' ? null : /^\d{1,9}$/.test(form.authorId) ? Number(form.authorId) : 0;
      const invited = await inviteUser(deps.database, signedIn(req).user, { email: form.email, name: form.name, role, authorId }, deps.clock());
      return usersPage(req, reply, { link: shownLink('invite', invited) }, 201);
    } catch (e) {
      if (!isShpaltaError(e)) throw e;
      const f = e.location.field;
      const error =
        e.code === 'CONFLICT' ? (f === 'authorId' ? t.bylineTaken : t.emailTaken)
        : f === 'email' ? t.badEmail
        : f === 'name' ? t.noName
        : f === 'authorId' ? t.bylineMissing
        : null;
      if (!error) throw e;
      return usersPage(req, reply, { error, form }, e.code === 'CONFLICT' ? 409 : 400);
    }
  });

  /** The account a row's form names, other than the admin's own; or the page with an error. */
  const other = async (req: FastifyRequest, reply: FastifyReply): Promise<number | FastifyReply> => {
    const id = Number((req.params as { id: string }).id);
    if (!Number.isInteger(id) || !(await userById(db, id))) return usersPage(req, reply, { error: uk.admin.errors.notFound }, 404);
    if (id === signedIn(req).user.id) return usersPage(req, reply, { error: t.notSelf }, 400);
    return id;
  };

  const change = async (req: FastifyRequest, reply: FastifyReply, c: { role?: Role; disabled?: boolean; gender?: Gender }, done: string) => {
    const id = await other(req, reply);
    if (typeof id !== 'number') return id;
    await changeUser(deps.database, signedIn(req).user, id, c, deps.clock());
    return reply.headers(NO_STORE).redirect(`/admin/users?done=${done}`, 303);
  };

  scope.post('/admin/users/:id/role', { config: { rule: 'admin' } }, async (req, reply) => {
    const role = field(req, 'role');
    if (!isRole(role)) return usersPage(req, reply, { error: uk.admin.errors.invalid }, 400);
    return change(req, reply, { role }, 'role');
  });
  scope.post('/admin/users/:id/gender', { config: { rule: 'admin' } }, async (req, reply) => {
    const gender = field(req, 'gender');
    if (!isGender(gender)) return usersPage(req, reply, { error: uk.admin.errors.invalid }, 400);
    return change(req, reply, { gender }, 'gender');
  });
  scope.post('/admin/users/:id/disable', { config: { rule: 'admin' } }, async (req, reply) => change(req, reply, { disabled: true }, 'disabled'));
  scope.post('/admin/users/:id/enable', { config: { rule: 'admin' } }, async (req, reply) => change(req, reply, { disabled: false }, 'enabled'));

  scope.post('/admin/users/:id/reset-password', { config: { rule: 'admin' } }, async (req, reply) => {
    const id = await other(req, reply);
    if (typeof id !== 'number') return id;
    const issued = await resetPassword(deps.database, signedIn(req).user, id, deps.clock());
    return usersPage(req, reply, { link: shownLink('reset', issued) });
  });
}
