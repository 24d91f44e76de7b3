import { z } from 'zod';

/** The feed cursor is opaque to clients: base64url of '<publishedAt ISO>|<id>'. */
export const encodeCursor = (c: { publishedAt: Date; id: number }) => Buffer.from(`${c.publishedAt.toISOString()}|${c.id}`).toString('base64url');

function decodeCursor(value: string): { publishedAt: Date; id: number } | null {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const publishedAt = new Date(at ?? '');
  const n = Number(id);
  return Number.isNaN(publishedAt.getTime()) || !Number.isInteger(n) || n < 1 ? null : { publishedAt, id: n };
}

export const listQuery = z.object({
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int('limit must be a whole number').min(1, 'limit must be at least 1').max(100, 'limit must be at most 100').default(20)),
  cursor: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const c = decodeCursor(v);
      if (!c) ctx.addIssue({ code: 'custom', message: 'cursor is not one this API returned' });
      return c ?? undefined;
    }),
});

export const idParams = z.object({
  id: z.string().regex(/^\d{1,15}$/, 'id must be a positive whole number').transform(Number),
});
