import type { Kysely } from 'kysely';
import type { Schema } from '../schema.js';
import { fromDate } from '../values.js';

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
