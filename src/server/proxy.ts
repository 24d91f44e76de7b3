import type { TrustProxy } from '../config.js';

/**
 * Fastify's trustProxy from TRUST_PROXY. A list is compiled by Fastify itself (addresses,
 * CIDR ranges, 'loopback'…). A number of hops is a function: Fastify 5 reads a bare number as
 * 'trust nobody', so the nearest N peers are trusted here as Express does it, the way an
 * operator who counts their proxies expects (the port must then be reachable only through them).
 */
export function fastifyTrustProxy(trust: TrustProxy | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trust === undefined || trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}
