import { articlePath } from '../core/model.js';
import { uk } from '../core/i18n/uk.js';
import type { SiteContext } from '../render/site.js';
import type { Database } from '../storage/database.js';
import { latestBreaking } from '../storage/repositories/articles.js';
import { topSections } from '../storage/repositories/sections.js';
import { STYLESHEET_PATH } from './routes/public/assets.js';

const BREAKING_FOR_MS = 60 * 60 * 1000;
const MAX_AGE_MS = 60 * 1000;

export interface SiteContextSource {
  load(): Promise<SiteContext>;
  /** Forget what was loaded (the menu or the breaking story changed). */
  invalidate(): void;
}

/**
 * The site-wide part of every page (the menu, the breaking-news banner), read once and kept
 * until a 'site' change, the banner's expiry, or a minute passes. When the database cannot be
 * read, an error page still renders, without a menu.
 */
export function siteContextSource(database: Database, siteUrl: string, clock: () => Date = () => new Date()): SiteContextSource {
  let cached: { value: Omit<SiteContext, 'now'>; until: number } | null = null;
  return {
    async load() {
      const now = clock();
      if (cached && cached.until > now.getTime()) return { ...cached.value, now };
      const [sections, breaking] = await Promise.all([
        topSections(database.db),
        latestBreaking(database.db, new Date(now.getTime() - BREAKING_FOR_MS)),
      ]);
      const banner = breaking
        ? {
            title: breaking.title,
            path: articlePath({ id: breaking.id, slug: breaking.slug, sections: breaking.sectionPath ? [{ path: breaking.sectionPath }] : [] }),
            until: new Date(breaking.publishedAt.getTime() + BREAKING_FOR_MS),
          }
        : null;
      const value = { url: siteUrl, name: uk.siteName, sections, stylesheet: STYLESHEET_PATH, breaking: banner };
      cached = { value, until: Math.min(now.getTime() + MAX_AGE_MS, banner ? banner.until.getTime() : Infinity) };
      return { ...value, now };
    },
    invalidate() {
      cached = null;
    },
  };
}

/** For error pages while the database is unreachable. */
export const bareSiteContext = (siteUrl: string): SiteContext => ({
  url: siteUrl,
  name: uk.siteName,
  sections: [],
  stylesheet: STYLESHEET_PATH,
  now: new Date(),
  breaking: null,
});
