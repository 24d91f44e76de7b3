import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The newsroom session (its token; the database keeps only the hash). */
export const SESSION_COOKIE = 'shpalta_session';
/** The sign-in form's CSRF token (double submit: a cookie and the same value in the form). */
export const LOGIN_CSRF_COOKIE = 'shpalta_login';
/** A browser the accounts signed in from before: throttling does not hold it back for others' failures. */
export const DEVICE_COOKIE = 'shpalta_device';

/**
 * Cookies are read and written by @fastify/cookie: the Cookie header is parsed in onRequest
 * (so the page cache, which answers there, must be installed after this), and what a route
 * sets is written as Set-Cookie in onSend.
 */
export async function installCookies(app: FastifyInstance) {
  await app.register(fastifyCookie);
}

/** A cookie of the request (the first of that name), or undefined. */
export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  // Parsed by the plugin's onRequest hook; a request answered before it (none now) is read here.
  const cookies = req.cookies ?? (req.headers.cookie ? req.server.parseCookie(req.headers.cookie) : {});
  return cookies[name];
}

/**
 * Sets one of our cookies: Path=/, HttpOnly (no script reads it), SameSite=Lax, Max-Age in
 * seconds (0 ends it), and Secure when the request came over HTTPS (TLS here, or a trusted
 * proxy's X-Forwarded-Proto). No Domain: the site's own host only.
 */
export function setOurCookie(reply: FastifyReply, name: string, value: string, maxAgeSeconds: number) {
  reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: maxAgeSeconds, secure: 'auto' });
}
