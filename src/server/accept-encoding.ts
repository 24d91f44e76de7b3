import Negotiator from 'negotiator';

/** A content coding the server compresses answers with. */
export type ContentCoding = 'br' | 'gzip';

/** Pages and assets: brotli when the client takes it as gladly as gzip, being smaller. */
export const BR_OR_GZIP: readonly ContentCoding[] = ['br', 'gzip'];

/** Distinct header values remembered; browsers send a handful, so this only bounds abuse. */
const MEMO_LIMIT = 500;
const memo = new Map<string, ContentCoding | null>();

/**
 * The one reading of Accept-Encoding (RFC 9110 §12.5.3), by `negotiator`: the coding of
 * `offered` the client prefers, or null to send the bytes as they are. q-values decide
 * ('gzip, br;q=0.5' gets gzip, 'br;q=0' never brotli), '*' stands for every coding the header
 * does not name ('br;q=0, *' gets gzip), and identity competes like any coding ('identity,
 * gzip;q=0.5' stays uncompressed); among equal q the order of `offered` decides. A request that
 * accepts nothing we have ('identity;q=0', '*;q=0') still gets the plain bytes, not a 406.
 *
 * The page cache answers a hit in microseconds, so each header value's answer is remembered.
 */
export function preferredEncoding(header: string | string[] | undefined, offered: readonly ContentCoding[] = BR_OR_GZIP): ContentCoding | null {
  const value = Array.isArray(header) ? header.join(', ') : (header ?? '');
  // Pages and assets offer BR_OR_GZIP: its answers are remembered by the header alone.
  const key = offered === BR_OR_GZIP ? value : `${offered.join(',')}\n${value}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const available = [...offered, 'identity'];
  const best = new Negotiator({ headers: { 'accept-encoding': value } }).encoding(available, { preferred: available });
  const answer = offered.find((coding) => coding === best) ?? null;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, answer);
  return answer;
}
