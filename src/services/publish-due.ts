import { inTransaction, type Database } from '../storage/database.js';
import { afterArticleWrite, statesOf, type WriteOutcome } from '../storage/repositories/article-writes.js';
import { dueScheduledIds, publishIfScheduled } from '../storage/repositories/article-editing.js';
import { recordAudit } from '../storage/repositories/audit.js';
import { pruneChangeLog as pruneLog } from '../storage/repositories/change-log.js';

export interface PublishResult extends WriteOutcome {
  published: number[];
}

/**
 * Publishes every scheduled article whose time has come. Each goes live in its own transaction
 * through a conditional update (status still 'scheduled'), so when several instances run this
 * at once each article is published exactly once; the schedule is the database, so an article
 * due while the server was down goes live at the next run.
 */
export async function publishDueArticles(database: Database, now: Date): Promise<PublishResult> {
  const result: PublishResult = { published: [], changed: [], changeIds: [], events: [] };
  for (const id of await dueScheduledIds(database.db, now, 200)) {
    const outcome = await inTransaction(database, async (tx) => {
      const before = await statesOf(tx.db, [id]);
      if (!(await publishIfScheduled(tx.db, id, now))) return null;
      await recordAudit(tx.db, { userId: null, action: 'article.publish-scheduled', targetKind: 'article', targetId: id }, now);
      return afterArticleWrite(tx, [id], { before, now });
    });
    if (outcome) {
      result.published.push(id);
      result.changed.push(...outcome.changed);
      result.changeIds.push(...outcome.changeIds);
      result.events.push(...outcome.events);
    }
  }
  return result;
}

/** Forgets recorded changes older than a day: every instance has read them long before. */
export const pruneChangeLog = (database: Database, now: Date) => pruneLog(database.db, now);
