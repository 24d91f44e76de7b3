import type { Database } from '../storage/database.js';
import { recordAudit } from './newsroom/articles.js';
import { recordChange, refreshListings } from '../storage/repositories/listings.js';
import { indexArticle } from '../storage/search/index-article.js';
import { fromDate } from '../storage/values.js';

export interface PublishResult {
  published: number[];
  changed: string[];
}

/**
 * Publishes every scheduled article whose time has come. Each goes live in its own transaction
 * through a conditional update (status still 'scheduled'), so when several instances run this
 * at once each article is published exactly once; the schedule is the database, so an article
 * due while the server was down goes live at the next run.
 */
export async function publishDueArticles(database: Database, now: Date): Promise<PublishResult> {
  const due = await database.db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', fromDate(now))
    .orderBy('published_at')
    .limit(200)
    .execute();
  const result: PublishResult = { published: [], changed: [] };
  for (const { id } of due) {
    const changed = await database.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('articles')
        .set((eb) => ({ status: 'published', updated_at: fromDate(now), changed_at: fromDate(now), version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return null;
      await indexArticle(trx, id);
      await recordAudit(trx, { userId: null, action: 'article.publish-scheduled', targetKind: 'article', targetId: id }, now);
      const keys = await refreshListings(trx, id);
      await recordChange(trx, keys, now);
      return keys;
    });
    if (changed) {
      result.published.push(id);
      result.changed.push(...changed);
    }
  }
  return result;
}

/** Forgets recorded changes older than a day: every instance has read them long before. */
export async function pruneChangeLog(database: Database, now: Date): Promise<void> {
  await database.db.deleteFrom('content_changes').where('created_at', '<', fromDate(new Date(now.getTime() - 86_400_000))).execute();
}
