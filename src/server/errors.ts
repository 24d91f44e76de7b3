import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isShpaltaError, ShpaltaError } from '../core/errors.js';
import { renderErrorPage } from '../render/error-page.js';
import type { SiteContext } from '../render/site.js';

/**
 * Every error code the HTTP layer can answer with, and its status. API clients rely on the
 * codes; README.md lists them with what to do.
 */
const STATUS_BY_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  GONE: 410,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  IMPORT_FORMAT: 400,
  IMPORT_FILE: 400,
};

export const isApiRequest = (req: FastifyRequest) => req.url.startsWith('/api/');

export function sendApiError(reply: FastifyReply, status: number, code: string, message: string, field?: string) {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message, ...(field ? { field } : {}) } });
}

export function installErrorHandling(app: FastifyInstance, site: () => Promise<SiteContext>) {
  app.setNotFoundHandler(async (req, reply) => {
    if (isApiRequest(req)) return sendApiError(reply, 404, 'ROUTE_NOT_FOUND', `No API route ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(404).type('text/html; charset=utf-8').send(renderErrorPage(await site(), 404));
  });

  app.setErrorHandler(async (error: FastifyError | ShpaltaError | Error, req, reply) => {
    const known = isShpaltaError(error) ? error : null;
    const fastifyStatus = (error as FastifyError).statusCode;
    const status = known ? (STATUS_BY_CODE[known.code] ?? 500) : fastifyStatus && fastifyStatus < 500 ? fastifyStatus : 500;
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    if (isApiRequest(req)) {
      if (known) return sendApiError(reply, status, known.code, known.message, known.location.field);
      if (status < 500) return sendApiError(reply, status, (error as FastifyError).code ?? 'BAD_REQUEST', error.message);
      return sendApiError(reply, 500, 'INTERNAL', 'Internal server error');
    }
    const page = status === 410 ? 410 : status >= 500 ? 500 : 404;
    return reply.code(status).type('text/html; charset=utf-8').send(renderErrorPage(await site(), page));
  });
}
