import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors, isShpaltaError, type ShpaltaError } from '../core/errors.js';
import type { ArticleSummary } from '../core/model.js';
import { renderErrorPage, type ErrorPageStatus } from '../render/error-page.js';
import type { SiteContext } from '../render/site.js';
import { listPublished } from '../storage/repositories/articles.js';
import { isNewsroomUrl } from './admin/guard.js';
import { newsroomMessage } from './newsroom-messages.js';
import { serveStale } from './cache/respond.js';
import { securityHeaders } from './security-headers.js';
import type { PublicDeps } from './deps.js';
import { bareSiteContext } from './site-context.js';

/** What clients are told to wait before trying again while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 30;

/** Node's socket errors, and SQLite's codes (extended ones too) for a file it cannot use now. */
const UNREACHABLE_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR)\w*)$/;
// PostgreSQL's SQLSTATEs: 08 connection exception; 57P01–57P03 the server shuts down or is
// starting; 53300 too many connections; 57014 statement_timeout cancelled a query.
const UNREACHABLE_SQLSTATE = /^(08...|57P0[123]|53300|57014)$/;
// pg's own errors carry no code, only these messages.
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|connection has been discarded/i;

/**
 * Whether an error means the database cannot be reached or does not answer in time (pg's
 * socket and pool errors, timeouts, SQLite busy or unopenable), looked for through the causes.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    // Our own errors say what failed by their code (an S3 store's refused connection is not the database's).
    if (isShpaltaError(e)) return e.code === 'DATABASE_UNAVAILABLE';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE_CODE.test(code) || UNREACHABLE_SQLSTATE.test(code))) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
    if (e instanceof Error && UNREACHABLE_MESSAGE.test(e.message) && !isShpaltaError(e)) return true;
  }
  return false;
}

export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/');

/**
 * The API's error answer: the status of the error's code in the catalogue (core/errors.ts), and
 * `{ error: { code, message, field? } }` with what the error adds beside it. The newsroom's
 * messages are Ukrainian whatever raised the error (newsroom-messages.ts). An error of the
 * command line's own (no status) is a bug when it reaches here, and is answered as one.
 */
export function sendApiError(reply: FastifyReply, error: ShpaltaError) {
  const answer = error.status === null ? errors.internal() : error;
  const field = answer.location.field;
  if (answer.retryAfterSeconds) reply.header('retry-after', String(answer.retryAfterSeconds));
  return reply
    .code(answer.status ?? 500)
    .type('application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send({ error: { code: answer.code, message: isNewsroomUrl(reply.request.url) ? newsroomMessage(answer) : answer.message, ...(field ? { field } : {}) }, ...(answer.extra ?? {}) });
}

const MB = 1024 * 1024;
const formatLimit = (bytes: number) => (bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);
const pathOf = (req: FastifyRequest) => req.url.split('?', 1)[0]!;

/**
 * What the API answers for an error that Fastify or a plugin raised (Fastify's `FST_ERR_…`,
 * @fastify/multipart's `FST_…`, a parser's own): a code of the catalogue, with its status.
 * Their codes are not ours to promise, and never reach clients.
 */
export function fromFrameworkError(error: FastifyError, req: FastifyRequest): ShpaltaError {
  // Before routing, so no route either way: the URL is what is wrong.
  if (error.code === 'FST_ERR_BAD_URL') return errors.badUrl(`The URL is not valid: ${error.message}`);
  // A body sent to a path no route serves: the route is what is wrong, not the body.
  if (req.is404 && (error.statusCode ?? 500) < 500) return errors.routeNotFound(req.method, pathOf(req));
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errors.invalidRequest('The body is not valid JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidRequest('The body is empty: send a JSON object, or no Content-Type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return errors.invalidRequest('The body is not as long as its Content-Length says');
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return errors.payloadTooLarge(`The body is larger than the ${formatLimit(req.routeOptions.bodyLimit)} allowed`);
  if (status === 415) {
    const type = String(req.headers['content-type'] ?? '').slice(0, 100);
    return errors.unsupportedContentType(`A body of type '${type}' is not accepted: send application/json`);
  }
  if (status === 404) return errors.routeNotFound(req.method, pathOf(req));
  // Fastify's and its plugins' messages for a client's mistake are written for the client.
  if (status < 500) return errors.invalidRequest(error.message);
  return errors.internal();
}

/** Reader's error pages may be kept a minute by a CDN; the newsroom's never (they would outlive a sign-in). */
const errorCacheControl = (req: FastifyRequest) => (isNewsroomUrl(req.url.split('?', 1)[0]!) ? 'no-store' : 'public, max-age=60');

/** An error page with the menu and the latest news when the database answers, a bare one when not. */
async function errorPage(deps: PublicDeps, req: FastifyRequest, reply: FastifyReply, status: number, page: ErrorPageStatus) {
    if (page === 503) {
      // Not for CDNs to keep: the page is back as soon as the database is.
      return reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('retry-after', String(RETRY_AFTER_SECONDS)).send(renderErrorPage(bareSiteContext(deps.siteUrl), 503));
    }
    let ctx: SiteContext = bareSiteContext(deps.siteUrl);
    let latest: ArticleSummary[] = [];
    if (page === 404 || page === 410) {
      try {
        [ctx, latest] = await Promise.all([deps.site.load(), listPublished(deps.database.db, { limit: 5 })]);
      } catch {
        // The page still renders without them.
      }
    }
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', errorCacheControl(req)).send(renderErrorPage(ctx, page, latest));
}

/**
 * A 404 that costs nothing: for a request that is no page by its shape alone (a path deeper or
 * longer than any), answered without the menu and the latest news, which would ask the database.
 */
export function sendNotFoundAtOnce(deps: PublicDeps, req: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).type('text/html; charset=utf-8').header('cache-control', errorCacheControl(req)).send(renderErrorPage(bareSiteContext(deps.siteUrl), 404));
}

/**
 * Requests Fastify rejects before routing (a URL with broken percent-encoding): answered in our
 * shapes, JSON with a code for the API and the Ukrainian 404 page for readers.
 */
export function frameworkErrorHandler(deps: PublicDeps) {
  const secure = securityHeaders(deps.siteUrl);
  return (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    // No hook has run for such a request.
    reply.header('x-request-id', req.id);
    secure(req, reply);
    if (isApiRequest(req)) return void sendApiError(reply, fromFrameworkError(error, req));
    void errorPage(deps, req, reply, 404, 404);
  };
}

export function installErrorHandling(app: FastifyInstance, deps: PublicDeps) {
  app.setNotFoundHandler(async (req, reply) => {
    if (isApiRequest(req)) return sendApiError(reply, errors.routeNotFound(req.method, pathOf(req)));
    return errorPage(deps, req, reply, 404, 404);
  });

  const outage = outageLog('the database is unavailable: cached pages are served stale, others answer 503');
  const storeOutage = outageLog('the media store is unavailable: uploads and media files answer 503');
  app.setErrorHandler(async (error: FastifyError | ShpaltaError | Error, req, reply) => {
    const unavailable = isDatabaseUnavailable(error);
    const known = isShpaltaError(error) ? error : unavailable ? errors.databaseUnavailable(RETRY_AFTER_SECONDS, error) : null;
    const fastifyStatus = (error as FastifyError).statusCode;
    const status = known ? (known.status ?? 500) : fastifyStatus && fastifyStatus < 500 ? fastifyStatus : 500;
    if (status >= 500) {
      if (unavailable) outage(req, error);
      else if (known?.code === 'MEDIA_STORE_UNAVAILABLE') storeOutage(req, error);
      else req.log.error({ err: error }, 'request failed');
      // A reader is better served by the page as it was than by an error.
      if (serveStale(deps.cache, req, reply)) return reply;
    }
    if (isApiRequest(req)) return sendApiError(reply, known ?? (status < 500 ? fromFrameworkError(error as FastifyError, req) : errors.internal()));
    return errorPage(deps, req, reply, status, status === 410 ? 410 : status === 503 ? 503 : status >= 500 ? 500 : 404);
  });
}

/**
 * During an outage every request fails the same way: the first failure is logged with its
 * cause, then one line every ten seconds with how many more there were.
 */
function outageLog(what: string, everyMs = 10_000) {
  let lastAt = 0;
  let since = 0;
  return (req: FastifyRequest, error: unknown) => {
    const now = Date.now();
    if (now - lastAt < everyMs) return void since++;
    req.log.error({ err: error, alsoFailedSinceLastLine: since }, what);
    lastAt = now;
    since = 0;
  };
}
