import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../../core/errors.js';
import { atLeast, isRole, type Actor, type Role } from '../../core/roles.js';
import { sameToken, sessionOf } from '../../services/newsroom/auth.js';
import type { Database } from '../../storage/database.js';
import type { User } from '../../storage/repositories/users.js';
import { cookieOf, SESSION_COOKIE } from '../cookies.js';

/**
 * Who may call a newsroom route: 'anonymous' (the sign-in form), or the least role
 * ('contributor' is anyone signed in). Every route under /admin and /api/v1/admin states one:
 * registering a route without it throws at startup.
 */
export type Rule = 'anonymous' | Role;

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
    /** Open to an account that must change its handed-out password first (its account page, signing out). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    signedIn: SignedIn | null;
  }
}

export const isNewsroomUrl = (url: string) => url === '/admin' || url.startsWith('/admin/') || url.startsWith('/api/v1/admin/') || url === '/api/v1/admin';


const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token a state-changing request carries: the header (API) or the form's _csrf field. */
function presentedCsrf(req: FastifyRequest): string | null {
  const header = req.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | null | undefined;
  return body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : null;
}

/**
 * Installs the newsroom's access control: refuses at startup any newsroom route without a rule.
 * For each ruled route, the session and the role are decided in onRequest, before any body is
 * read (an anonymous 20 MB upload is answered at once, not received first); the CSRF token of
 * anything but GET/HEAD is checked in preHandler, once a form's `_csrf` field has been parsed.
 * Pages answer an anonymous reader with a redirect to the sign-in form, the API with 401.
 */
export function installGuard(app: FastifyInstance, database: Database, clock: () => Date) {
  app.decorateRequest('signedIn', null);
  const authenticate = async (req: FastifyRequest, reply: FastifyReply) => {
    const rule = req.routeOptions.config.rule!;
    const token = cookieOf(req, SESSION_COOKIE);
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
    if (!req.signedIn || !atLeast(req.signedIn.user.role, rule)) {
      // The body is not read: close the connection after the answer rather than receive it.
      if (hasBody(req)) reply.header('connection', 'close');
      if (!req.signedIn) {
        if (req.url.startsWith('/api/')) throw errors.unauthenticated();
        return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
      }
      throw errors.forbidden();
    }
    if (req.signedIn.user.mustChangePassword && !req.routeOptions.config.beforePasswordChange) {
      if (hasBody(req)) reply.header('connection', 'close');
      if (req.url.startsWith('/api/')) throw errors.passwordChangeRequired();
      return reply.redirect('/admin/account', 303);
    }
  };
  const checkCsrf = async (req: FastifyRequest) => {
    if (SAFE_METHODS.has(req.method) || req.routeOptions.config.rule === 'anonymous' || !req.signedIn) return;
    const presented = presentedCsrf(req);
    if (!presented || !sameToken(presented, req.signedIn.csrfToken)) throw errors.csrfToken();
  };
  // The guard joins the routes that state a rule, and only those: the public pages, the hot
  // path, run no hook of it.
  app.addHook('onRoute', (route) => {
    const rule = (route.config as { rule?: unknown } | undefined)?.rule;
    if (isNewsroomUrl(route.url) && rule !== 'anonymous' && !isRole(rule)) throw new Error(`Route ${String(route.method)} ${route.url} states no access rule (config.rule)`);
    if (rule === undefined) return;
    const list = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);
    route.onRequest = [authenticate, ...list(route.onRequest)];
    route.preHandler = [checkCsrf, ...list(route.preHandler)];
  });
}

/** Whether a request has a body (that a refusal need not wait for). */
const hasBody = (req: FastifyRequest) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * Why a sign-in is refused as coming from another site, or null when it may go on. Browsers say
 * where a request comes from in Sec-Fetch-Site (every current one) or Origin; a sign-in that
 * another site's page made its visitor's browser send would sign that visitor into the
 * attacker's account (login CSRF). A client that sends neither (a script, curl) is no browser
 * carrying someone's cookies, and may go on.
 */
export function crossSiteRefusal(req: FastifyRequest, siteUrl: string): string | null {
  const fetchSite = req.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') {
    return fetchSite === 'same-origin' || fetchSite === 'none' ? null : `Sec-Fetch-Site: ${fetchSite}`;
  }
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return null;
  if (!URL.canParse(origin)) return `Origin: ${origin}`;
  const from = new URL(origin);
  // Its own host as the browser saw it: the Host header, a trusted proxy's X-Forwarded-Host, or
  // SITE_URL's; each read as a host of the Origin's scheme, so that ':443' and '' are the same.
  const hostOf = (h: string | undefined) => (h && URL.canParse(`${from.protocol}//${h}`) ? new URL(`${from.protocol}//${h}`).host : null);
  const own = [req.headers.host, req.host, URL.canParse(siteUrl) ? new URL(siteUrl).host : undefined].map(hostOf);
  return own.includes(from.host) ? null : `Origin: ${origin}`;
}

/** The signed-in account of a route with a role rule (the guard has made sure there is one). */
export function signedIn(req: FastifyRequest): SignedIn {
  if (!req.signedIn) throw errors.unauthenticated();
  return req.signedIn;
}
