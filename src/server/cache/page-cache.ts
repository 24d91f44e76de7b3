import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A rendered response, kept with what it depends on and its compressed forms once asked for. */
export interface CachedPage {
  status: number;
  type: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  /** The identity encoding's strong ETag; each compressed form has its own (respond.ts etagFor). */
  etag: string;
  /** When what the page shows last changed (an HTTP date), kept across re-renders of the same bytes. */
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
  /** When each change key was last invalidated (performance.now()): a render that began before must not be kept. */
  private readonly invalidatedAt = new Map<string, number>();
  /** Renders under way, by cache key: requests for the same page wait for the one render. */
  private readonly renders = new Map<string, { done: Promise<void>; end: () => void }>();
  hits = 0;
  misses = 0;
  /** Of the hits, those answered before routing (fast-hit.ts). */
  hitsBeforeRouting = 0;
  /** Requests that waited for another's render of the same page instead of rendering it again. */
  shared = 0;

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
    const page = this.fresh(key, now);
    if (page) this.hits++;
    else this.misses++;
    return page;
  }

  /** As get, without counting a hit or a miss (the caller counts what it serves). */
  fresh(key: string, now = Date.now()): CachedPage | undefined {
    const page = this.lru.get(key);
    return page && page.freshUntil > now && (this.ttlCapMs === null || now - (page.storedAt ?? 0) < this.ttlCapMs) ? page : undefined;
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

  /**
   * True when something in `deps` changed at or after `since` (performance.now()): a page rendered from what the
   * database held before the change arrived is served to its own request but not kept.
   */
  changedSince(deps: string[], since: number): boolean {
    return deps.some((dep) => (this.invalidatedAt.get(dep) ?? -Infinity) >= since);
  }

  /** A render of this key under way, to wait for; undefined when none is. */
  renderOf(key: string): Promise<void> | undefined {
    return this.renders.get(key)?.done;
  }

  /** This request renders `key`: others wait for it until `endRender` with the token returned. */
  beginRender(key: string): object {
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    const render = { done, end };
    this.renders.set(key, render);
    return render;
  }

  /** That render is over (idempotent; a later render of the same key is left alone). */
  endRender(key: string, token: object): void {
    const render = this.renders.get(key);
    if (render !== token) return;
    this.renders.delete(key);
    render.end();
  }

  /**
   * Drops every entry that depends on any of these keys; returns how many it touched. A page
   * that only lists what changed (the home page, a section's, a tag's list: 'home' and '…-list:'
   * keys) is kept as stale instead: while one request renders it anew, others get the previous
   * version at once rather than queueing behind the render. A page that shows a changed record
   * itself (an article taken down, a renamed tag, the site's menu) is dropped and never served
   * stale.
   */
  invalidate(changed: Iterable<string>): number {
    const now = performance.now();
    if (this.invalidatedAt.size > 50_000) {
      // Renders take seconds at worst: what was invalidated ten minutes ago matters no more.
      for (const [dep, at] of this.invalidatedAt) if (at < now - 600_000) this.invalidatedAt.delete(dep);
    }
    const drop = new Set<string>();
    const outdate = new Set<string>();
    for (const dep of changed) {
      this.invalidatedAt.set(dep, now);
      const keys = this.byDep.get(dep);
      if (!keys) continue;
      for (const key of keys) (isListKey(dep) ? outdate : drop).add(key);
    }
    let n = 0;
    for (const key of drop) if (this.lru.delete(key)) n++;
    for (const key of outdate) {
      if (drop.has(key)) continue;
      const page = this.lru.get(key, { updateAgeOnGet: false });
      if (page) {
        page.freshUntil = 0;
        n++;
      }
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

/** Keys of lists ('home', 'section-list:…'): what depends on them only lists articles. */
const isListKey = (dep: string) => dep === 'home' || /^[a-z]+-list:/.test(dep);
