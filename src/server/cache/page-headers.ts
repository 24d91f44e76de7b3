import type { ContentCoding } from '../accept-encoding.js';
import type { CachedPage } from './page-cache.js';

/**
 * For CDNs and browsers: readers get a page at most a minute old, a CDN may serve a stale copy
 * while it refetches, and for a day when we are down.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400';

/** Pages smaller than this are sent as they are, whatever the client accepts. */
export const COMPRESS_OVER = 1024;

export type CacheState = 'HIT' | 'MISS' | 'STALE';

/**
 * The ETag of one encoding of a page: each is its own representation (other bytes), so each has
 * its own strong tag, as RFC 9110 asks: '"<hash>"', '"<hash>-br"', '"<hash>-gzip"'.
 */
export const etagFor = (etag: string, encoding: ContentCoding | null) => (encoding ? `${etag.slice(0, -1)}-${encoding}"` : etag);

/**
 * The headers of a page's answer but its length, in the order they are sent: one list for the
 * routed answer (respond.ts) and the hit answered before routing (fast-hit.ts).
 */
export function pageHeaders(page: CachedPage, encoding: ContentCoding | null, state: CacheState): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': page.type,
    'cache-control': PUBLIC_CACHE_CONTROL,
    etag: etagFor(page.etag, encoding),
    'last-modified': page.lastModified,
    vary: 'Accept-Encoding',
    'x-cache': state,
  };
  if (page.location) headers.location = page.location;
  if (encoding) headers['content-encoding'] = encoding;
  return headers;
}
