import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isShpaltaError, type ShpaltaError } from '../../core/errors.js';
import { isGender } from '../../core/gender.js';
import { uk } from '../../core/i18n/uk.js';
import { renderAccountPage, renderInvalidLinkPage, renderPasswordLinkPage } from '../../render/admin/account-page.js';
import { MIN_PASSWORD_LENGTH, openSession, SESSION_DAYS, setOwnGender, THROTTLE } from '../../services/newsroom/auth.js';
import { changeOwnPassword, linkAccount, setPasswordByLink } from '../../services/newsroom/passwords.js';
import { bylineOf } from '../../storage/repositories/users.js';
import { cookieOf, DEVICE_COOKIE, SESSION_COOKIE, setOurCookie } from '../cookies.js';
import type { NewsroomDeps } from './deps.js';
import { crossSiteRefusal, signedIn } from './guard.js';
import { field, NO_STORE, queryOf, type PageTools } from './page-tools.js';

/**
 * What a refused new password is told, by the field the service named; null for other errors.
 * The new password is refused as too short or, when long enough, as the current one.
 */
function passwordError(e: unknown, password: string): string | null {
  if (!isShpaltaError(e) || e.code !== 'INVALID_INPUT') return null;
  const t = uk.admin.myAccount;
  const messages: Record<string, string> = { current: t.wrongCurrent, repeat: t.differ, password: password.length < MIN_PASSWORD_LENGTH ? t.tooShort : t.same };
  return messages[(e as ShpaltaError).location.field ?? ''] ?? null;
}

/** A link's page carries its token in the URL: never in a Referer, never stored. */
const LINK_HEADERS = { ...NO_STORE, 'referrer-policy': 'no-referrer' };

/**
 * One's own account (any signed-in account, also one that must first change its password), and
 * the pages of the one-time links an admin hands out (anonymous: the link is the proof).
 */
export function accountPages(scope: FastifyInstance, deps: NewsroomDeps, { ctx, page }: PageTools) {
  const accountPage = async (req: FastifyRequest, reply: FastifyReply, s: { done?: string; error?: string }, status = 200) => {
    const { user } = signedIn(req);
    const byline = user.authorId === null ? null : await bylineOf(deps.database.db, user.authorId);
    return page(reply, renderAccountPage(ctx(req), { user, byline, ...s }), status);
  };

  scope.get('/admin/account', { config: { rule: 'contributor', beforePasswordChange: true } }, async (req, reply) =>
    accountPage(req, reply, queryOf(req).done === 'password' ? { done: uk.admin.myAccount.changed } : queryOf(req).done === 'gender' ? { done: uk.admin.myAccount.genderSaved } : {}),
  );

  scope.post('/admin/account/gender', { config: { rule: 'contributor' } }, async (req, reply) => {
    const gender = field(req, 'gender');
    if (!isGender(gender)) return accountPage(req, reply, { error: uk.admin.errors.invalid }, 400);
    await setOwnGender(deps.database, signedIn(req).user, gender, deps.clock());
    return reply.headers(NO_STORE).redirect('/admin/account?done=gender', 303);
  });

  scope.post('/admin/account/password', { config: { rule: 'contributor', beforePasswordChange: true } }, async (req, reply) => {
    const s = signedIn(req);
    try {
      await changeOwnPassword(deps.database, { userId: s.user.id, sessionId: s.sessionId }, { current: field(req, 'current'), password: field(req, 'password'), repeat: field(req, 'repeat') }, deps.clock());
    } catch (e) {
      const error = passwordError(e, field(req, 'password'));
      if (!error) throw e;
      return accountPage(req, reply, { error }, 400);
    }
    return reply.headers(NO_STORE).redirect('/admin/account?done=password', 303);
  });

  const linkPage = async (req: FastifyRequest, reply: FastifyReply, error?: string, status = 200) => {
    const token = (req.params as { token: string }).token;
    try {
      const { purpose, user } = await linkAccount(deps.database, token, deps.clock());
      const body = renderPasswordLinkPage(ctx(req), { purpose, user, action: `/admin/password/${token}`, ...(error ? { error } : {}) });
      return reply.code(status).headers(LINK_HEADERS).type('text/html; charset=utf-8').send(body);
    } catch (e) {
      if (!isShpaltaError(e) || e.code !== 'LINK_INVALID') throw e;
      return reply.code(410).headers(LINK_HEADERS).type('text/html; charset=utf-8').send(renderInvalidLinkPage(ctx(req)));
    }
  };

  scope.get('/admin/password/:token', { config: { rule: 'anonymous' } }, async (req, reply) => linkPage(req, reply));

  // Anonymous, so no session's CSRF token: a page of another site posting here with its own
  // invitation would sign its visitor into the attacker's account (login CSRF), so only this
  // site's own pages may post.
  scope.post('/admin/password/:token', { config: { rule: 'anonymous' } }, async (req, reply) => {
    if (crossSiteRefusal(req, deps.siteUrl)) return linkPage(req, reply, uk.admin.login.crossSite, 403);
    const token = (req.params as { token: string }).token;
    let user;
    try {
      user = await setPasswordByLink(deps.database, token, { password: field(req, 'password'), repeat: field(req, 'repeat') }, deps.clock());
    } catch (e) {
      const error = passwordError(e, field(req, 'password'));
      if (error) return linkPage(req, reply, error, 400);
      if (isShpaltaError(e) && e.code === 'LINK_INVALID') return reply.code(410).headers(LINK_HEADERS).type('text/html; charset=utf-8').send(renderInvalidLinkPage(ctx(req)));
      throw e;
    }
    const session = await openSession(deps.database, user, { ip: req.ip, userAgent: req.headers['user-agent'] ?? '', deviceToken: cookieOf(req, DEVICE_COOKIE) }, undefined, deps.clock());
    setOurCookie(reply, SESSION_COOKIE, session.token, SESSION_DAYS * 86_400);
    setOurCookie(reply, DEVICE_COOKIE, session.deviceToken, THROTTLE.knownDays * 86_400);
    return reply.headers(LINK_HEADERS).redirect('/admin', 303);
  });
}
