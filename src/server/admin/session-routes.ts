import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SESSION_DAYS, signIn, signOut, signOutEverywhere, type NewSession } from '../../services/newsroom/auth.js';
import type { User } from '../../storage/repositories/users.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { cookieHeader, SESSION_COOKIE, signedIn } from './guard.js';

export const presentUser = (u: User) => ({ id: u.id, email: u.email, name: u.name, role: u.role, authorId: u.authorId, disabled: u.disabled });

const credentials = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) });

/** Signs in and sets the session cookie; shared by the JSON route and the sign-in form. */
export async function startSession(deps: NewsroomDeps, req: FastifyRequest, reply: FastifyReply, email: string, password: string): Promise<NewSession> {
  const session = await signIn(deps.database, email, password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' }, deps.clock());
  reply.header('set-cookie', cookieHeader(req, SESSION_COOKIE, session.token, SESSION_DAYS * 86_400));
  return session;
}

export async function endSession(deps: NewsroomDeps, req: FastifyRequest, reply: FastifyReply) {
  await signOut(deps.database, signedIn(req).sessionId);
  reply.header('set-cookie', cookieHeader(req, SESSION_COOKIE, '', 0));
}

export function sessionRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  app.post('/api/v1/admin/session', { config: { rule: 'anonymous' } }, async (req, reply) => {
    const { email, password } = parseEditorInput(credentials, req.body);
    const session = await startSession(deps, req, reply, email, password);
    return reply.header('cache-control', 'no-store').send({ user: presentUser(session.user), csrfToken: session.csrfToken });
  });

  app.get('/api/v1/admin/session', { config: { rule: 'contributor' } }, async (req, reply) => {
    const s = signedIn(req);
    return reply.header('cache-control', 'no-store').send({ user: presentUser(s.user), csrfToken: s.csrfToken });
  });

  app.delete('/api/v1/admin/session', { config: { rule: 'contributor' } }, async (req, reply) => {
    await endSession(deps, req, reply);
    return reply.code(204).send();
  });

  app.post('/api/v1/admin/session/everywhere', { config: { rule: 'contributor' } }, async (req, reply) => {
    const ended = await signOutEverywhere(deps.database, signedIn(req).user.id);
    reply.header('set-cookie', cookieHeader(req, SESSION_COOKIE, '', 0));
    return reply.send({ ended });
  });
}
