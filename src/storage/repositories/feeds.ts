import type { Kysely } from 'kysely';
import type { Block, Correction, Recap } from '../../core/model.js';
import type { Schema } from '../schema.js';
import { correctionsOf, publicCorrection, type StoredCorrection } from './corrections.js';
import { withBlockMedia } from './media.js';

export interface FeedExtras {
  /** Present only when asked for (full-text feeds). */
  body?: Block[];
  recap?: Recap | null;
  corrections?: Correction[];
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
  const bodies = withBody ? await bodiesWithMedia(db, rows.map((r) => (r.body !== undefined ? (JSON.parse(r.body) as Block[]) : []))) : [];
  const corrections = withBody ? await correctionsOf(db, ids) : new Map<number, StoredCorrection[]>();
  return new Map(
    rows.map((r, i) => [
      r.id,
      {
        photoBytes: r.bytes === null ? null : Number(r.bytes),
        ...(r.body !== undefined ? { body: bodies[i]!, recap: r.recap ? (JSON.parse(r.recap) as Recap) : null, corrections: (corrections.get(r.id) ?? []).map(publicCorrection) } : {}),
      },
    ]),
  );
}

/**
 * Body image blocks with their stored files (`media`, as the article page has them), so the
 * full-text feed shows body photos: every item's blocks resolved in one query, not one per item.
 */
async function bodiesWithMedia(db: Kysely<Schema>, bodies: Block[][]): Promise<Block[][]> {
  const resolved = await withBlockMedia(db, bodies.flat());
  let at = 0;
  return bodies.map((b) => resolved.slice(at, (at += b.length)));
}
