import type { Kysely } from 'kysely';
import { genderOf, type Gender } from '../../core/gender.js';
import type { Schema } from '../schema.js';
import { fromDate, toDate } from '../values.js';

/** One line of the audit log: who did what to which record. */
export interface AuditEntry {
  userId: number | null;
  action: string;
  targetKind: string;
  targetId: number | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log; call in the transaction that made the change, so both happen or neither. */
export async function recordAudit(db: Kysely<Schema>, e: AuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: fromDate(now), user_id: e.userId, action: e.action, target_kind: e.targetKind, target_id: e.targetId, details: JSON.stringify(e.details ?? {}) })
    .execute();
}

/**
 * Why the article is back with its writer: the last workflow step taken on it, when that step
 * returned it ('article.reject'), with who did it, when, and the reason they gave.
 */
export async function lastReturn(db: Kysely<Schema>, articleId: number): Promise<{ by: string | null; byGender: Gender; at: Date; reason: string } | null> {
  const last = await db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.action', 'l.at', 'l.details', 'u.name', 'u.gender'])
    .where('l.target_kind', '=', 'article')
    .where('l.target_id', '=', articleId)
    .where('l.action', 'in', ['article.submit', 'article.reject', 'article.publish', 'article.schedule', 'article.unschedule', 'article.unpublish', 'article.publish-scheduled'])
    .orderBy('l.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last || last.action !== 'article.reject') return null;
  const reason = (JSON.parse(last.details) as { reason?: unknown }).reason;
  return { by: last.name, byGender: genderOf(last.gender), at: toDate(last.at), reason: typeof reason === 'string' ? reason : '' };
}
