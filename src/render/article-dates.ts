import { kyivOffsetIso } from '../core/kyiv-time.js';
import type { ArticleSummary, Correction } from '../core/model.js';

/**
 * The machine-readable publication and last editorial change. A story whose time of day is
 * unknown states the day alone (schema.org and Open Graph take a date without a time), rather
 * than claim the midnight it is stored at; so does its last change while that is the same
 * instant. The sitemaps' lastmod and Google News' publication_date (W3C Datetime) do the same.
 * Feeds cannot: RSS's pubDate (RFC 822) and Atom's published and updated (RFC 3339) require a
 * time, so they carry the stored midnight in Kyiv, with its offset. An edit before publication
 * (a scheduled story) never dates the change earlier than the publication.
 */
export function articleDates(a: Pick<ArticleSummary, 'publishedAt' | 'createdAt' | 'updatedAt' | 'publishedTimeKnown'> & { corrections?: readonly Correction[] }) {
  const published = a.publishedAt ?? a.createdAt;
  // A marked correction or update is the latest change readers are told of.
  const latest = [a.updatedAt, ...(a.corrections?.[0] ? [a.corrections[0].at] : [])].reduce((x, y) => (y > x ? y : x));
  const modified = latest > published ? latest : published;
  const day = (d: Date) => kyivOffsetIso(d).slice(0, 10);
  return {
    published,
    modified,
    publishedText: a.publishedTimeKnown ? kyivOffsetIso(published) : day(published),
    modifiedText: a.publishedTimeKnown || modified.getTime() !== published.getTime() ? kyivOffsetIso(modified) : day(modified),
  };
}
