import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/*
 * The one way the server reads a page of another site: for a social post's public metadata,
 * asked for by a signed-in writer. It must never become a way into our own network (SSRF):
 *
 * - the host is never the writer's: callers build the address from a recognised post, on the
 *   platform's own hosts, and a redirect is followed (twice at most) only to those hosts, https;
 * - every address a host name resolves to is checked where the connection is made (so a name
 *   that resolves to 127.0.0.1, or changes between two lookups, is refused): loopback,
 *   private, link-local (cloud metadata at 169.254.169.254), shared, multicast and reserved
 *   ranges are refused;
 * - one deadline for the whole exchange, a cap on the bytes read (after decompression), only
 *   HTML and JSON read, no cookies, no credentials.
 *
 * `origin` (SOCIAL_PREVIEW_ORIGIN) sends every request to one server instead, with the platform's
 * host in the Host header: a newsroom's own relay, or a test's server speaking like the platforms.
 * That origin is the operator's choice, so its address is not checked.
 */

export interface PreviewFetchConfig {
  /** Off (SOCIAL_PREVIEW=off): no request leaves; a post's address alone fills the preview. */
  enabled: boolean;
  /** Where every request goes instead of the platforms (SOCIAL_PREVIEW_ORIGIN); null: the platforms. */
  origin: string | null;
  /** The deadline of one preview, all its requests together (SOCIAL_PREVIEW_TIMEOUT_MS). */
  timeoutMs: number;
  /** The most bytes read of an answer; past it the answer is cut (a page's <head> comes first). */
  maxBytes: number;
}

export const DEFAULT_PREVIEW_FETCH: PreviewFetchConfig = { enabled: true, origin: null, timeoutMs: 3_000, maxBytes: 1024 * 1024 };

export interface Fetched {
  status: number;
  contentType: string;
  body: string;
}

const USER_AGENT = 'Mozilla/5.0 (compatible; Shpalta/1.0; link preview for a newsroom editor)';
const MAX_REDIRECTS = 2;

const BLOCKED = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** Whether an address is one a public page may not live at. */
export const isNonPublicAddress = (address: string): boolean => {
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isNonPublicAddress(mapped);
  const family = isIP(address);
  return family === 0 || BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/** dns.lookup, refusing a name any of whose addresses is not public. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 4);
    const bad = addresses.find((a) => isNonPublicAddress(a.address));
    if (bad || !addresses.length) return callback(Object.assign(new Error(`${hostname} resolves to ${bad?.address ?? 'nothing'}, not a public address`), { code: 'ENONPUBLIC' }), '', 4);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/**
 * GET `url` (one of `hosts`, https), following redirects within `hosts`; null when the platform
 * cannot be read (a refused address, a timeout, a redirect elsewhere, a network error).
 */
export async function fetchPublic(url: string, hosts: ReadonlySet<string>, cfg: PreviewFetchConfig, signal: AbortSignal): Promise<Fetched | null> {
  let at = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (at.protocol !== 'https:' || !hosts.has(at.hostname) || at.username || at.password || at.port) return null;
    const answer = await get(at, cfg, signal);
    if (!('location' in answer)) return answer;
    at = new URL(answer.location, at);
  }
  return null;
}

type Answer = Fetched | { location: string };

function get(url: URL, cfg: PreviewFetchConfig, signal: AbortSignal): Promise<Answer> {
  const via = cfg.origin ? new URL(cfg.origin) : url;
  const client = via.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: via.protocol,
        hostname: via.hostname.replace(/^\[|\]$/g, ''),
        port: via.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        agent: false,
        signal,
        headers: { host: url.host, 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,application/json;q=0.9', 'accept-language': 'uk,en;q=0.7', 'accept-encoding': 'gzip, deflate, br' },
        ...(cfg.origin ? {} : { lookup: publicOnlyLookup, servername: url.hostname }),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400 && location) {
          res.resume();
          return resolve({ location });
        }
        const contentType = String(res.headers['content-type'] ?? '');
        if (!/^(text\/html|application\/(xhtml\+xml|json)|application\/[a-z.+-]*\+json)\b/i.test(contentType)) {
          res.destroy();
          return resolve({ status, contentType, body: '' });
        }
        readCapped(decoded(res, String(res.headers['content-encoding'] ?? '')), cfg.maxBytes).then(
          (body) => {
            res.destroy();
            resolve({ status, contentType, body });
          },
          reject,
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function decoded(res: http.IncomingMessage, encoding: string): Readable {
  switch (encoding.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip());
    case 'deflate':
      return res.pipe(zlib.createInflate());
    case 'br':
      return res.pipe(zlib.createBrotliDecompress());
    default:
      return res;
  }
}

/** The first `max` bytes of a stream as UTF-8 (a character cut at the end is dropped). */
async function readCapped(stream: Readable, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const c = chunk as Buffer;
    chunks.push(c.subarray(0, Math.min(c.length, max - size)));
    size += c.length;
    if (size >= max) {
      stream.destroy();
      break;
    }
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks)).replace(/\ufffd$/, '');
}
