import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isNewsroomUrl } from './admin/guard.js';

/**
 * The reader's site runs no script at all: its JSON-LD is a data block (`type="application/ld+json"`),
 * which no script-src governs. Images may come from anywhere over HTTPS (an imported article may
 * link one); styles, the icon and forms are our own. Nothing may frame a page.
 */
export const PUBLIC_CSP = [
  "default-src 'none'",
  "img-src 'self' https:",
  "style-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The newsroom runs its own modules from 'self' and nothing inline (the editor's boot data is a
 * JSON block, not script); it talks to its own API only. An upload's preview is shown from the
 * server's copy, so no blob: or data: images are needed.
 */
export const NEWSROOM_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A year: browsers remember to use HTTPS only. Subdomains are not ours to decide (no includeSubDomains). */
export const HSTS = 'max-age=31536000';

const common = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
const publicHeaders = { ...common, 'content-security-policy': PUBLIC_CSP, 'referrer-policy': 'strict-origin-when-cross-origin' };
// The newsroom's addresses (article ids, searches) are nobody else's business.
const newsroomHeaders = { ...common, 'content-security-policy': NEWSROOM_CSP, 'referrer-policy': 'same-origin' };

/**
 * Puts the security headers on a reply: before routing, so that every answer has them, from
 * the page cache's hits and 304s to errors, media files, feeds and the newsroom. HSTS goes with
 * every answer when the site's public origin is HTTPS, or the request came over HTTPS (TLS
 * here, or X-Forwarded-Proto from a proxy Fastify is told to trust).
 */
export function securityHeaders(siteUrl: string) {
  const alwaysHttps = siteUrl.startsWith('https://');
  return (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?', 1)[0]!;
    reply.headers(securityHeadersOf(path));
    if (alwaysHttps || req.protocol === 'https') reply.header('strict-transport-security', HSTS);
  };
}

/** The security headers of an answer for this path (HSTS aside), in the order they are sent. */
export const securityHeadersOf = (path: string): Readonly<Record<string, string>> => (isNewsroomUrl(path) ? newsroomHeaders : publicHeaders);

/** Installs them first of all hooks, with the request id that every answer carries (a page cache hit too). */
export function installSecurityHeaders(app: FastifyInstance, siteUrl: string) {
  const put = securityHeaders(siteUrl);
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    put(req, reply);
    done();
  });
}
