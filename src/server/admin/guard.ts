import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ShpaltaError } from '../../core/errors.js';
import { atLeast, isRole, type Actor, type Role } from '../../core/roles.js';
import { sameToken, sessionOf } from '../../services/newsroom/auth.js';
import type { Database } from '../../storage/database.js';
import type { User } from '../../storage/repositories/users.js';

/**
 * Who may call a newsroom route: 'anonymous' (the sign-in form), or the least role
 * ('contributor' is anyone signed in). Every route under /admin and /api/v1/admin states one:
 * registering a route without it throws at startup.
 */
export type Rule = 'anonymous' | Role;

export const SESSION_COOKIE = 'shpalta_session';
/** The sign-in form's CSRF token (double submit: a cookie and the same value in the form). */
export const LOGIN_CSRF_COOKIE = 'shpalta_login';
export const CSRF_HEADER = 'x-csrf-token';

export interface SignedIn {
  user: User;
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    rule?: Rule;
  }
  interface FastifyRequest {
    signedIn: SignedIn | null;
  }
}

export const isNewsroomUrl = (url: string) => url === '/admin' || url.startsWith('/admin/') || url.startsWith('/api/v1/admin/') || url === '/api/v1/admin';

/** The cookies of a request, by name (the first of each). */
export function cookies(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        // A cookie that is not ours and not valid: ignored.
      }
    }
  }
  return out;
}

/** Set-Cookie for our cookies: httpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
export function cookieHeader(req: FastifyRequest, name: string, value: string, maxAgeSeconds: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export const unauthenticated = () => new ShpaltaError('UNAUTHENTICATED', 'Sign in first');
export const forbidden = (why = 'Your role does not allow this') => new ShpaltaError('FORBIDDEN', why);
export const csrfRefused = () => new ShpaltaError('CSRF_TOKEN', 'The request lacks a valid CSRF token: reload the page');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token a state-changing request carries: the header (API) or the form's _csrf field. */
function presentedCsrf(req: FastifyRequest): string | null {
  const header = req.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | null | undefined;
  return body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : null;
}

/**
 * Installs the newsroom's access control: refuses at startup any newsroom route without a rule,
 * and before each ruled route's handler finds the session, checks the role and, for anything but
 * GET/HEAD, the CSRF token. Pages answer an anonymous reader with a redirect to the sign-in form,
 * the API with 401.
 */
export function installGuard(app: FastifyInstance, database: Database, clock: () => Date) {
  app.decorateRequest('signedIn', null);
  const guard = async (req: FastifyRequest, reply: FastifyReply) => {
    const rule = req.routeOptions.config.rule!;
    const token = cookies(req).get(SESSION_COOKIE);
    const session = token ? await sessionOf(database, token, clock()) : null;
    if (session) {
      req.signedIn = {
        user: session.user,
        actor: { id: session.user.id, role: session.user.role, authorId: session.user.authorId },
        sessionId: session.id,
        csrfToken: session.csrfToken,
      };
    }
    if (rule === 'anonymous') return;
    if (!req.signedIn) {
      if (req.url.startsWith('/api/')) throw unauthenticated();
      return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    if (!atLeast(req.signedIn.user.role, rule)) throw forbidden();
    if (!SAFE_METHODS.has(req.method)) {
      const presented = presentedCsrf(req);
      if (!presented || !sameToken(presented, req.signedIn.csrfToken)) throw csrfRefused();
    }
  };
  // The guard joins the routes that state a rule, and only those: the public pages, the hot
  // path, run no hook of it.
  app.addHook('onRoute', (route) => {
    const rule = (route.config as { rule?: unknown } | undefined)?.rule;
    if (isNewsroomUrl(route.url) && rule !== 'anonymous' && !isRole(rule)) throw new Error(`Route ${String(route.method)} ${route.url} states no access rule (config.rule)`);
    if (rule === undefined) return;
    const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [guard, ...own];
  });
}

/** The signed-in account of a route with a role rule (the guard has made sure there is one). */
export function signedIn(req: FastifyRequest): SignedIn {
  if (!req.signedIn) throw unauthenticated();
  return req.signedIn;
}
