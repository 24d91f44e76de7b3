import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { ChangeFeed } from './change-feed.js';
import type { PageCache } from './page-cache.js';

const CHANNEL = 'shpalta:changes';
/** While Redis is unreachable, no page stays fresh longer than this. */
export const DEGRADED_TTL_MS = 5_000;
/** The change log is read this often while Redis carries the changes (a safety net), every second when not. */
const POLL_WITH_REDIS_MS = 10_000;
const POLL_ALONE_MS = 1_000;

/**
 * Carries cache invalidations between instances through Redis pub/sub, at once. Each instance
 * publishes the keys of its own writes and drops the pages that depend on others'. When Redis
 * cannot be reached the instance says so in the log and in /readyz, keeps pages fresh for five
 * seconds at most and reads the database's change log every second, and returns to normal by
 * itself when Redis is back.
 */
export class RedisBus {
  private readonly id = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private up = false;
  private everUp = false;

  constructor(url: string, private readonly feed: ChangeFeed, private readonly cache: PageCache, private readonly log: FastifyBaseLogger) {
    const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, retryStrategy: (times: number) => Math.min(times * 250, 2_000) };
    this.pub = new Redis(url, options);
    this.sub = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const r of [this.pub, this.sub]) {
      r.on('error', () => this.setUp(false, 'error'));
      r.on('close', () => this.setUp(false, 'closed'));
      r.on('ready', () => this.setUp(this.pub.status === 'ready' && this.sub.status === 'ready', 'ready'));
    }
    this.sub.on('message', (_channel: string, message: string) => {
      try {
        const { from, keys } = JSON.parse(message) as { from: string; keys: string[] };
        if (from !== this.id && Array.isArray(keys)) this.feed.deliver(keys.filter((k) => typeof k === 'string'));
      } catch {
        this.log.warn('an unreadable message on the Redis change channel was ignored');
      }
    });
    void this.sub.subscribe(CHANNEL).catch(() => {});
    feed.publisher = (keys) => {
      if (!this.up) return;
      this.pub.publish(CHANNEL, JSON.stringify({ from: this.id, keys })).catch(() => this.setUp(false, 'publish failed'));
    };
    this.degrade();
  }

  get connected(): boolean {
    return this.up;
  }

  /** For /readyz: fails while Redis is unreachable. */
  async check(): Promise<void> {
    if (!this.up) throw new Error('Redis is unreachable: caches fall back to 5-second lifetimes');
    await this.pub.ping();
  }

  private degrade() {
    this.cache.capTtl(DEGRADED_TTL_MS);
    this.feed.setPollInterval(POLL_ALONE_MS);
  }

  private setUp(up: boolean, why: string) {
    if (up === this.up) return;
    this.up = up;
    if (up) {
      this.cache.capTtl(null);
      this.feed.setPollInterval(POLL_WITH_REDIS_MS);
      this.log.info(this.everUp ? 'Redis is reachable again: cache invalidations go through it' : 'Redis connected: cache invalidations go through it');
      this.everUp = true;
    } else {
      this.degrade();
      this.log.warn(`Redis is unreachable (${why}): pages stay fresh for at most ${DEGRADED_TTL_MS / 1000} s and the change log is read every second`);
    }
  }

  async close(): Promise<void> {
    this.feed.publisher = null;
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
