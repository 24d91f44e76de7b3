import { EventEmitter } from 'node:events';
import type { Database } from '../../storage/database.js';
import type { ArticleEvent } from '../../storage/repositories/article-writes.js';
import { changeIdsAfter, changesByIds, latestChangeId } from '../../storage/repositories/change-log.js';

export type ChangeListener = (keys: string[]) => void;

export interface ChangeFeedOptions {
  /**
   * The change log is read from a read replica, which public pages are read from too. A change
   * then reaches the caches only once the replica has it: a page dropped earlier would be
   * rendered again from the replica's older state and kept. Writes of this process and keys
   * from other instances only make the feed read the log again at once.
   */
  followsReplica?: boolean;
}

/** Ids this far below the newest seen are read again: a transaction that took a lower id may commit later. */
const LATE_COMMIT_WINDOW = 200;
/** After a change announced ahead of the replica: read the log again after these pauses (ms). */
const CHASE_MS = [0, 50, 100, 200, 400, 800];

/**
 * Where content changes are announced to the caches of this process. Writes in this process
 * notify at once; writes elsewhere (a CLI import, another instance) arrive through the
 * content_changes table, read every `pollMs`.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private lastId = 0;
  /** Ids read within the late-commit window, so that a late one is announced once. */
  private seen = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private chasing = false;
  private pollMs = 1000;
  private readonly followsReplica: boolean;
  /** Called with the keys of this process's own writes (the Redis bus sends them on). */
  publisher: ((keys: string[]) => void) | null = null;

  /** `database`: where the change log is read (the replica, when public pages are read from one). */
  constructor(
    private readonly database: Database,
    options: ChangeFeedOptions = {},
  ) {
    this.emitter.setMaxListeners(50);
    this.followsReplica = options.followsReplica ?? false;
  }

  /**
   * Keys changed by a write in this process: to its caches, and to other instances' through the
   * publisher. `changeIds`: where the write recorded them in the change log. Announced now, they
   * are not announced again when the log is read, which would drop the pages cached since for
   * nothing. Following a replica, the log's reading is what announces them, so they stay unread.
   */
  notify(keys: string[], changeIds: readonly number[] = []): void {
    if (!keys.length) return;
    this.publisher?.(keys);
    if (this.followsReplica) this.chase();
    else {
      for (const id of changeIds) if (id > this.lastId - LATE_COMMIT_WINDOW) this.seen.add(id);
      this.emitter.emit('change', keys);
    }
  }

  /** Keys changed elsewhere (another instance): to this process's caches only. */
  deliver(keys: string[]): void {
    if (!keys.length) return;
    if (this.followsReplica) this.chase();
    else this.emitter.emit('change', keys);
  }

  onChange(listener: ChangeListener): void {
    this.emitter.on('change', listener);
  }

  /**
   * After a write commits in this process: its cache keys (notify) and its domain events, to
   * whoever follows them here (onArticleEvent: the webhooks and live updates to come).
   */
  announce(outcome: { changed: string[]; events: readonly ArticleEvent[]; changeIds?: readonly number[] }): void {
    this.notify(outcome.changed, outcome.changeIds);
    for (const event of outcome.events) this.emitter.emit('article', event);
  }

  onArticleEvent(listener: (event: ArticleEvent) => void): void {
    this.emitter.on('article', listener);
  }

  /** Starts reading the change log from its current end. */
  async start(pollMs = 1000): Promise<void> {
    this.lastId = await latestChangeId(this.database.db);
    this.seen = new Set(await changeIdsAfter(this.database.db, this.lastId - LATE_COMMIT_WINDOW));
    this.setPollInterval(pollMs);
  }

  /**
   * How often the change log is read: every second alone, less often while Redis carries the
   * changes. Following a replica it is read every second at least, since Redis only hurries it.
   */
  setPollInterval(ms: number): void {
    this.pollMs = this.followsReplica ? Math.min(ms, 1000) : ms;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.poll().catch(() => {}), this.pollMs);
    this.timer.unref();
  }

  /** Reads changes recorded since the last poll; returns the keys announced. */
  async poll(): Promise<string[]> {
    const floor = Math.max(0, this.lastId - LATE_COMMIT_WINDOW);
    // Ids first (the window is mostly known already), then the keys of the new ones only.
    const ids = await changeIdsAfter(this.database.db, floor, 1000 + LATE_COMMIT_WINDOW);
    const unseen = ids.filter((id) => !this.seen.has(id));
    const fresh = unseen.length ? await changesByIds(this.database.db, unseen) : [];
    for (const r of fresh) this.seen.add(r.id);
    // Past this process's own changes too (announced when written), so the window moves on;
    // only once the new ones are read, so that a failed read leaves them to the next poll.
    if (ids.length) this.lastId = Math.max(this.lastId, ids.at(-1)!);
    for (const id of this.seen) if (id <= this.lastId - LATE_COMMIT_WINDOW) this.seen.delete(id);
    if (fresh.length === 0) return [];
    const keys = [...new Set(fresh.flatMap((r) => r.keys))];
    this.emitter.emit('change', keys);
    return keys;
  }

  /** A change was announced before the log (on the replica) may hold it: read it again soon, a few times. */
  private chase(): void {
    if (this.chasing) return;
    this.chasing = true;
    const step = (i: number) => {
      if (i >= CHASE_MS.length) {
        this.chasing = false;
        return;
      }
      const timer = setTimeout(() => {
        this.poll()
          .then((keys) => {
            if (keys.length) this.chasing = false;
            else step(i + 1);
          })
          .catch(() => step(i + 1));
      }, CHASE_MS[i]);
      timer.unref();
    };
    step(0);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
