import { uk } from '../core/i18n/uk.js';
import type { Database } from '../storage/database.js';
import type { SiteContext } from '../render/site.js';
import { STYLESHEET_PATH } from './routes/public/assets.js';

/**
 * The site-wide part of every page. The menu lists top-level sections; when the database
 * cannot be read (an error page during an outage) the page still renders, without a menu.
 */
export function siteContextLoader(database: Database, siteUrl: string): () => Promise<SiteContext> {
  return async () => {
    const sections = await database.db
      .selectFrom('sections')
      .select(['name', 'path'])
      .where('parent_id', 'is', null)
      .orderBy('position')
      .orderBy('id')
      .execute()
      .catch(() => []);
    return { url: siteUrl, name: uk.siteName, sections, stylesheet: STYLESHEET_PATH, now: new Date() };
  };
}
