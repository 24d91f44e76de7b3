// The part of negotiator 1.x that the server uses (src/server/accept-encoding.ts); the package
// ships no types, and @types/negotiator describes 0.6, which lacks the `preferred` option.
declare module 'negotiator' {
  import type { IncomingHttpHeaders } from 'node:http';

  export default class Negotiator {
    constructor(request: { headers: IncomingHttpHeaders | Record<string, string | undefined> });
    /** The acceptable ones of `available`, best first; `preferred` orders those of equal q. */
    encodings(available?: readonly string[], options?: { preferred?: readonly string[] }): string[];
    encoding(available?: readonly string[], options?: { preferred?: readonly string[] }): string | undefined;
  }
}
