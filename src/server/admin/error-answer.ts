import type { FastifyError } from 'fastify';
import { isShpaltaError } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';

/**
 * The status and the words of the newsroom's error page for an error on an /admin page.
 * `badInputIsMissing`: the page's only input is in its address (an article id), so input that
 * does not parse names a page that does not exist.
 */
export function adminErrorAnswer(error: FastifyError, o: { badInputIsMissing?: boolean } = {}): [status: number, message: string] {
  const t = uk.admin.errors;
  const code = isShpaltaError(error) ? error.code : null;
  if (code === 'FORBIDDEN') return [403, t.forbidden];
  if (code === 'CSRF_TOKEN') return [403, t.csrf];
  if (code === 'NOT_FOUND') return [404, t.notFound];
  if (code === 'INVALID_INPUT') return o.badInputIsMissing ? [404, t.notFound] : [400, t.invalid];
  if (error.statusCode && error.statusCode < 500) return [error.statusCode, t.invalid];
  return [500, t.server];
}
