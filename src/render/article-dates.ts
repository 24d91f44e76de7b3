import { kyivOffsetIso } from '../core/kyiv-time.js';
import type { ArticleSummary } from '../core/model.js';

/**
 * The machine-readable publication and last editorial change. A story whose time of day is
 * unknown states the day alone (schema.org and Open Graph take a date without a time), rather
 * than claim the midnight it is stored at; so does its last change while that is the same
 * instant. The sitemaps' lastmod and Google News' publication_date (W3C Datetime) do the same.
 * Feeds cannot: RSS's pubDate (RFC 822) and Atom's published and updated (RFC 3339) require a
 * time, so they carry the stored midnight in Kyiv, with its offset. An edit before publication
 * (a scheduled story) never dates the change earlier than the publication.
 */
export function articleDates(a: Pick<ArticleSummary, 'publishedAt' | 'createdAt' | 'updatedAt' | 'publishedTimeKnown'>) {
  const published = a.publishedAt ?? a.createdAt;
  const modified = a.updatedAt > published ? a.updatedAt : published;
  const day = (d: Date) => kyivOffsetIso(d).slice(0, 10);
  return {
    published,
    modified,
    publishedText: a.publishedTimeKnown ? kyivOffsetIso(published) : day(published),
    modifiedText: a.publishedTimeKnown || modified.getTime() !== published.getTime() ? kyivOffsetIso(modified) : day(modified),
  };
}
