import { EventEmitter } from 'node:events';
import type { Database } from '../../storage/database.js';

export type ChangeListener = (keys: string[]) => void;

/**
 * Where content changes are announced to the caches of this process. Writes in this process
 * notify at once; writes elsewhere (a CLI import, another instance) arrive through the
 * content_changes table, read every `pollMs`.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private lastId = 0;
  private timer: NodeJS.Timeout | null = null;
  private pollMs = 1000;
  /** Called with the keys of this process's own writes (the Redis bus sends them on). */
  publisher: ((keys: string[]) => void) | null = null;

  constructor(private readonly database: Database) {
    this.emitter.setMaxListeners(50);
  }

  /** Keys changed by a write in this process: to its caches, and to other instances' through the publisher. */
  notify(keys: string[]): void {
    if (!keys.length) return;
    this.emitter.emit('change', keys);
    this.publisher?.(keys);
  }

  /** Keys changed elsewhere (another instance, the change log): to this process's caches only. */
  deliver(keys: string[]): void {
    if (keys.length) this.emitter.emit('change', keys);
  }

  onChange(listener: ChangeListener): void {
    this.emitter.on('change', listener);
  }

  /** Starts reading the change log from its current end. */
  async start(pollMs = 1000): Promise<void> {
    const row = await this.database.db.selectFrom('content_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    this.lastId = Number(row?.id ?? 0);
    this.setPollInterval(pollMs);
  }

  /** How often the change log is read: every second alone, less often while Redis carries the changes. */
  setPollInterval(ms: number): void {
    this.pollMs = ms;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.poll().catch(() => {}), this.pollMs);
    this.timer.unref();
  }

  /** Reads changes recorded since the last poll; returns the keys announced. */
  async poll(): Promise<string[]> {
    const rows = await this.database.db
      .selectFrom('content_changes')
      .select(['id', 'keys'])
      .where('id', '>', this.lastId)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (rows.length === 0) return [];
    this.lastId = rows.at(-1)!.id;
    const keys = [...new Set(rows.flatMap((r) => r.keys.split(' ')))];
    this.deliver(keys);
    return keys;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
