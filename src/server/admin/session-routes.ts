import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errors } from '../../core/errors.js';
import { prepareSignIn, SESSION_DAYS, signIn, signOut, signOutEverywhere, THROTTLE, type NewSession } from '../../services/newsroom/auth.js';
import type { User } from '../../storage/repositories/users.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { cookieOf, DEVICE_COOKIE, SESSION_COOKIE, setOurCookie } from '../cookies.js';
import { crossSiteRefusal, signedIn } from './guard.js';

export const presentUser = (u: User) => ({ id: u.id, email: u.email, name: u.name, role: u.role, authorId: u.authorId, disabled: u.disabled, gender: u.gender });

const credentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) });

/**
 * Signs in and sets the session cookie and the device cookie (which lets this browser sign in
 * to the account while others' failures slow everyone else down); shared by the JSON route and
 * the sign-in form.
 */
export async function startSession(deps: NewsroomDeps, req: FastifyRequest, reply: FastifyReply, email: string, password: string): Promise<NewSession> {
  const client = { ip: req.ip, userAgent: req.headers['user-agent'] ?? '', deviceToken: cookieOf(req, DEVICE_COOKIE) };
  const session = await signIn(deps.database, email, password, client, deps.clock());
  setOurCookie(reply, SESSION_COOKIE, session.token, SESSION_DAYS * 86_400);
  setOurCookie(reply, DEVICE_COOKIE, session.deviceToken, THROTTLE.knownDays * 86_400);
  return session;
}

/** The sign-in API takes JSON only: a form another site posts is urlencoded or multipart (no preflight). */
const isJson = (req: FastifyRequest) => /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');

export async function endSession(deps: NewsroomDeps, req: FastifyRequest, reply: FastifyReply) {
  await signOut(deps.database, signedIn(req).sessionId);
  setOurCookie(reply, SESSION_COOKIE, '', 0);
}

export function sessionRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  prepareSignIn();
  app.post('/api/v1/admin/session', { config: { rule: 'anonymous' } }, async (req, reply) => {
    const crossSite = crossSiteRefusal(req, deps.siteUrl);
    if (crossSite) throw errors.crossSite(crossSite);
    if (!isJson(req)) throw errors.jsonRequired();
    const { email, password } = parseEditorInput(credentials, req.body);
    const session = await startSession(deps, req, reply, email, password);
    return reply.header('cache-control', 'no-store').send({ user: presentUser(session.user), csrfToken: session.csrfToken });
  });

  app.get('/api/v1/admin/session', { config: { rule: 'contributor', beforePasswordChange: true } }, async (req, reply) => {
    const s = signedIn(req);
    return reply.header('cache-control', 'no-store').send({ user: presentUser(s.user), csrfToken: s.csrfToken });
  });

  app.delete('/api/v1/admin/session', { config: { rule: 'contributor', beforePasswordChange: true } }, async (req, reply) => {
    await endSession(deps, req, reply);
    return reply.code(204).send();
  });

  app.post('/api/v1/admin/session/everywhere', { config: { rule: 'contributor', beforePasswordChange: true } }, async (req, reply) => {
    const ended = await signOutEverywhere(deps.database, signedIn(req).user.id);
    setOurCookie(reply, SESSION_COOKIE, '', 0);
    return reply.send({ ended });
  });
}
