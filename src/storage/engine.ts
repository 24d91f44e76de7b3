import type { Expression, Kysely, RawBuilder, SqlBool, TransactionBuilder } from 'kysely';
import type { SearchDocument } from '../core/search/document.js';
import type { Schema } from './schema.js';
import type { Candidates, SearchSpec } from './search/spec.js';

export type DialectName = 'sqlite' | 'postgres';

/** One article's search entry, made from its stored text (storage/search/index-article.ts). */
export interface SearchEntry {
  id: number;
  publishedAt: string | Date;
  doc: SearchDocument;
}

/** What a search needs of one engine's full-text index (storage/search/search.ts runs it). */
export interface SearchDialect {
  /** `a.id in (…)`: the published articles whose index entry matches the query. */
  matching(spec: SearchSpec): RawBuilder<unknown>;
  /** How many entries match and pass the filters, counted from the index, stopping at `cap`. */
  countMatches(db: Kysely<Schema>, spec: SearchSpec, cap: number): Promise<number>;
  /** Where an exact count costs more than it tells, the engine's estimate of a text query's matches; else null. */
  estimate(db: Kysely<Schema>, spec: SearchSpec): Promise<{ total: number; totalKind: 'about' } | null>;
  /**
   * The matches to rank, with their relevance: on both databases the newest that pass the
   * filters and the newest whose title or tags match. `joins` and `where` are the filters over
   * `articles a`.
   */
  rank(db: Kysely<Schema>, spec: SearchSpec, filters: { joins: RawBuilder<unknown>; where: RawBuilder<unknown> }, limit: number): Promise<Candidates>;
}

/**
 * Everything in which SQLite and PostgreSQL differ for the code that shares the rest: chosen
 * once, when the database opens (storage/sqlite/, storage/postgres/). Shared code asks the
 * engine and never tests which one it has.
 */
export interface Engine {
  readonly name: DialectName;
  /**
   * Whether a transaction locks the rows it will write (`select … for update`) against other
   * writers; without it (SQLite) the transaction already holds the database for its one writer.
   */
  readonly rowLocks: boolean;
  /** Replaces the index entries of `ids` with `entries` (the published ones); the other ids leave the index. */
  writeSearchEntries(db: Kysely<Schema>, ids: number[], entries: SearchEntry[]): Promise<void>;
  /** Empties the search index. */
  clearSearchIndex(db: Kysely<Schema>): Promise<void>;
  readonly search: SearchDialect;
  /** A case-insensitive substring test that also folds Cyrillic ('київ' finds 'КИЇВ'). */
  containsAnyCase(q: string): (column: Expression<string>) => RawBuilder<SqlBool>;
  /** A transaction that reads one consistent state of the database throughout (an export). */
  snapshot(db: Kysely<Schema>): TransactionBuilder<Schema>;
  /** After rows were written with ids of their own: the rows inserted next are numbered after them. */
  continueIds(db: Kysely<Schema>, tables: readonly string[]): Promise<void>;
}

/** A database or a transaction on it, with the engine it runs on: what storage functions that differ by engine take. */
export interface Store {
  db: Kysely<Schema>;
  engine: Engine;
}
