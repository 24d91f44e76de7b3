import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A rendered response, kept with what it depends on and its compressed forms once asked for. */
export interface CachedPage {
  status: number;
  type: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  etag: string;
  lastModified: string;
  location?: string;
  deps: string[];
  /** Epoch ms after which the entry is stale: re-rendered when possible, served only on error. */
  freshUntil: number;
  /** Epoch ms when it was rendered. */
  storedAt?: number;
}

export interface PageCacheOptions {
  maxBytes: number;
  ttlMs: number;
}

/**
 * The in-process page cache for anonymous readers. Bounded in bytes (LRU). Entries are dropped
 * exactly when something they show changes (invalidate with the change keys), and go stale after
 * a TTL as a backstop. A stale entry is kept to answer when the database cannot.
 */
export class PageCache {
  private readonly lru: LRUCache<string, CachedPage>;
  private readonly byDep = new Map<string, Set<string>>();
  private readonly configuredTtlMs: number;
  /** While set, no entry counts as fresh for longer than this (Redis is unreachable). */
  private ttlCapMs: number | null = null;
  hits = 0;
  misses = 0;

  constructor(options: PageCacheOptions) {
    this.configuredTtlMs = options.ttlMs;
    this.lru = new LRUCache<string, CachedPage>({
      maxSize: options.maxBytes,
      sizeCalculation: (p) => p.body.length + (p.gzip?.length ?? 0) + (p.br?.length ?? 0) + 512,
      dispose: (page, key) => this.unindex(key, page),
    });
  }

  /** How long a page rendered now stays fresh. */
  get ttlMs(): number {
    return this.ttlCapMs === null ? this.configuredTtlMs : Math.min(this.configuredTtlMs, this.ttlCapMs);
  }

  /**
   * Caps every entry's freshness (null lifts the cap): when invalidations may not arrive, pages
   * are rendered anew this often. Entries are kept, stale, for serving when the database fails.
   */
  capTtl(ms: number | null): void {
    this.ttlCapMs = ms;
  }

  /** A fresh entry, or undefined (a stale one counts as a miss). */
  get(key: string, now = Date.now()): CachedPage | undefined {
    const page = this.lru.get(key);
    if (page && page.freshUntil > now && (this.ttlCapMs === null || now - (page.storedAt ?? 0) < this.ttlCapMs)) {
      this.hits++;
      return page;
    }
    this.misses++;
    return undefined;
  }

  /** Any entry, fresh or stale, for when rendering anew failed. */
  getStale(key: string): CachedPage | undefined {
    return this.lru.get(key, { updateAgeOnGet: false });
  }

  set(key: string, page: CachedPage): void {
    this.lru.set(key, page);
    for (const dep of page.deps) {
      let keys = this.byDep.get(dep);
      if (!keys) this.byDep.set(dep, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Drops every entry that depends on any of these keys; returns how many. */
  invalidate(changed: Iterable<string>): number {
    let n = 0;
    for (const dep of changed) {
      const keys = this.byDep.get(dep);
      if (!keys) continue;
      for (const key of [...keys]) if (this.lru.delete(key)) n++;
    }
    return n;
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  private unindex(key: string, page: CachedPage): void {
    for (const dep of page.deps) {
      const keys = this.byDep.get(dep);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byDep.delete(dep);
    }
  }
}

export const etagOf = (body: Buffer) => `"${createHash('sha1').update(body).digest('base64url')}"`;
