import type { Kysely } from 'kysely';
import { needsUpgrade, upgradeBlock, upgradeFields, upgradeRecap } from '../../core/legacy-text.js';

/**
 * Rich text (contract/model.ts): every block's text, image caption and list item, and every
 * recap paragraph, from a plain string to runs (core/legacy-text.ts), wherever blocks are kept:
 * articles' bodies and recaps, revisions' snapshots, working copies. The plain text reads the
 * same, so the search index stays as it is. Rows are read and written a batch at a time (an
 * archive of 100,000 articles is a few hundred statements, never all of it in memory), and only
 * rows still in the plain form are written: running it again changes nothing.
 */
const BATCH = 500;

export async function up(db: Kysely<any>): Promise<void> {
  for (let after = 0; ; ) {
    const rows: Array<{ id: number; body: string; recap: string | null }> = await db.selectFrom('articles').select(['id', 'body', 'recap']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const body = JSON.parse(r.body) as unknown[];
      const recap = r.recap === null ? null : (JSON.parse(r.recap) as unknown);
      if (!needsUpgrade({ body, recap })) continue;
      const upgraded = { body: body.map(upgradeBlock), recap: upgradeRecap(recap) };
      await db
        .updateTable('articles')
        .set({ body: JSON.stringify(upgraded.body), recap: upgraded.recap === null ? null : JSON.stringify(upgraded.recap) })
        .where('id', '=', r.id)
        .execute();
    }
    after = rows[rows.length - 1]!.id;
  }
  for (let after = 0; ; ) {
    const rows: Array<{ id: number; snapshot: string }> = await db.selectFrom('article_revisions').select(['id', 'snapshot']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const snapshot = JSON.parse(r.snapshot) as unknown;
      if (needsUpgrade(snapshot)) await db.updateTable('article_revisions').set({ snapshot: JSON.stringify(upgradeFields(snapshot)) }).where('id', '=', r.id).execute();
    }
    after = rows[rows.length - 1]!.id;
  }
  // Working copies are keyed by article and account: the keyset is the pair.
  for (let after = { article: 0, user: 0 }; ; ) {
    const from = after;
    const rows: Array<{ article_id: number; user_id: number; fields: string }> = await db
      .selectFrom('article_working_copies')
      .select(['article_id', 'user_id', 'fields'])
      .where((eb) => eb.or([eb('article_id', '>', from.article), eb.and([eb('article_id', '=', from.article), eb('user_id', '>', from.user)])]))
      .orderBy('article_id')
      .orderBy('user_id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const fields = JSON.parse(r.fields) as unknown;
      if (needsUpgrade(fields)) {
        await db.updateTable('article_working_copies').set({ fields: JSON.stringify(upgradeFields(fields)) }).where('article_id', '=', r.article_id).where('user_id', '=', r.user_id).execute();
      }
    }
    const last = rows[rows.length - 1]!;
    after = { article: last.article_id, user: last.user_id };
  }
}
