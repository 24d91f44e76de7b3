import { sql, type RawBuilder } from 'kysely';

/** A query compiled for storage: terms already analyzed, filters already resolved to ids. */
export interface SearchSpec {
  /** All must match; each clause is positions (a word, or a phrase's words), each listing alternative terms. */
  must: string[][][];
  not: string[];
  sectionId: number | null;
  tagId: number | null;
  authorId: number | null;
  from: Date | null;
  to: Date | null;
  sort: 'relevance' | 'date';
  limit: number;
  offset: number;
  /** Ranking's notion of now, for the recency boost. */
  now: Date;
  /** How many matches relevance ranks at most (CANDIDATES); tests make it small. */
  candidates?: number;
}

export interface SearchHits {
  ids: number[];
  total: number;
  /**
   * 'exact'; 'atLeast' when counting stopped at COUNT_CAP; 'about' for PostgreSQL's estimate of
   * a query matching more than it ranks (an exact count would read every match's tsvector).
   */
  totalKind: 'exact' | 'atLeast' | 'about';
  /** Whether a page follows this one. */
  more: boolean;
}

// Title above tags above lead above body, the same on both databases.
export const WEIGHTS = { title: 10, tags: 6, lead: 3, body: 1 };

/**
 * Relevance ranks at most this many matches, on both databases: the 100 newest that pass the
 * filters and the 100 newest whose title or tags match. Deeper pages of a vague query are not
 * worth ranking every match (a second on PostgreSQL, 20 ms on SQLite at 100,000 articles).
 */
export const CANDIDATES = 200;
/** Counting stops here ('понад 10 000'): an exact count of a vague query costs more than it tells. */
export const COUNT_CAP = 10_000;

export type Candidate = { id: number; published_at: string | Date; r: number };
/** `all`: the candidates are every match (fewer than were asked for). */
export type Candidates = { rows: Candidate[]; all: boolean };

/** The filters as joins to the precomputed listings (ls, lt, la), on `articleId`'s column. */
export function listingJoins(spec: SearchSpec, articleId: 'a.id' | 'd.article_id'): RawBuilder<unknown> {
  const join = (kind: string, id: number | null, alias: string) =>
    id === null ? sql`` : sql`join article_listings ${sql.raw(alias)} on ${sql.raw(alias)}.article_id = ${sql.raw(articleId)} and ${sql.raw(alias)}.list_kind = ${kind} and ${sql.raw(alias)}.list_id = ${id}`;
  return sql`${join('section', spec.sectionId, 'ls')} ${join('tag', spec.tagId, 'lt')} ${join('author', spec.authorId, 'la')}`;
}

/** Newest first: through a filter's listing when there is one (its index is in that order). */
export function newestFirst(spec: SearchSpec, table: 'a' | 'd'): RawBuilder<unknown> {
  const alias = spec.sectionId !== null ? 'ls' : spec.tagId !== null ? 'lt' : spec.authorId !== null ? 'la' : table;
  return sql`order by ${sql.raw(alias)}.published_at desc`;
}
