import type { Kysely } from 'kysely';
import type { Block, Recap } from '../../core/model.js';
import type { Schema } from '../schema.js';

export interface FeedExtras {
  /** Present only when asked for (full-text feeds). */
  body?: Block[];
  recap?: Recap | null;
  /** Stored size of the lead photo's file; RSS enclosures require it. */
  photoBytes: number | null;
}

/**
 * What a feed shows beyond a list summary, for a page of articles in one query: the list
 * queries leave the body out (list pages never need it), and a full getArticle per item would
 * cost several queries each.
 */
export async function feedExtras(db: Kysely<Schema>, ids: number[], withBody: boolean): Promise<Map<number, FeedExtras>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('articles as a')
    .leftJoin('media as m', 'm.id', 'a.photo_media_id')
    .select(['a.id', 'm.bytes'])
    .$if(withBody, (q) => q.select(['a.body', 'a.recap']))
    .where('a.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        photoBytes: r.bytes === null ? null : Number(r.bytes),
        ...(r.body !== undefined ? { body: JSON.parse(r.body) as Block[], recap: r.recap ? (JSON.parse(r.recap) as Recap) : null } : {}),
      },
    ]),
  );
}
