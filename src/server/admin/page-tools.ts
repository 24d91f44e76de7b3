import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AdminContext } from '../../render/admin/layout.js';

/** Newsroom pages are never stored, framed, or named in another site's Referer. */
export const NO_STORE = { 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' } as const;

/** The form fields of a urlencoded POST, as strings ('' when absent). */
export const field = (req: FastifyRequest, name: string): string => {
  const v = (req.body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};

export const queryOf = (req: FastifyRequest) => (req.query ?? {}) as Record<string, string | undefined>;

/** What a group of newsroom pages is given: the context of a page, and how to send one. */
export interface PageTools {
  ctx: (req: FastifyRequest) => AdminContext;
  page: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
}
