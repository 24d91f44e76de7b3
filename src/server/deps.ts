import type { Database } from '../storage/database.js';
import type { ChangeFeed } from './cache/change-feed.js';
import type { PageCache } from './cache/page-cache.js';
import type { Metrics } from './ops.js';
import type { SiteContextSource } from './site-context.js';

/** What the public routes work with, built once in app.ts and passed down. */
export interface PublicDeps {
  /**
   * Where readers' pages are read: the read replica when DATABASE_REPLICA_URL is set, else the
   * primary. Never write here: the newsroom is given `primary` in its place.
   */
  database: Database;
  /** Where every write goes (DATABASE_URL): the scheduled jobs, the newsroom. */
  primary: Database;
  cache: PageCache;
  site: SiteContextSource;
  changes: ChangeFeed;
  siteUrl: string;
  /** Absent only where a test builds deps by hand. */
  metrics?: Metrics;
}
