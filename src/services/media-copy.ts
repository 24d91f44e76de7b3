import type { MediaStore, StoredFile } from '../storage/media-store.js';

/**
 * Copies every file of one media store into another: a folder into a bucket when a site
 * moves to several machines, a bucket into a backup's folder and back. Keys are content
 * hashes, so a file already at its key with the same size is the same file and is skipped:
 * a copy that stopped (a network failure, Ctrl-C) is run again and goes on where it was.
 * Nothing is deleted on either side.
 */

export interface CopyProgress {
  /** Called once the source has been listed, with the number of files in it. */
  onStart?(total: number): void;
  /** Called after each file, copied or skipped. */
  onFile?(file: StoredFile, copied: boolean): void;
}

export interface CopyOutcome {
  /** Files in the source. */
  total: number;
  copied: number;
  /** Bytes copied. */
  bytes: number;
  /** Already in the destination with the same size. */
  skipped: number;
  /** Listed in the source but gone when read (removed meanwhile by hand). */
  vanished: number;
  /** Files in the destination afterwards, its own included. */
  inDestination: number;
}

/** Files in flight at once: enough to hide a bucket's round trip, few enough to bound memory. */
const PARALLEL = 4;

/** Stops at the first failure (the destination unreachable, say): run it again to go on. */
export async function copyMediaStore(from: MediaStore, to: MediaStore, progress: CopyProgress = {}): Promise<CopyOutcome> {
  const there = new Map<string, number>();
  for await (const f of to.list()) there.set(f.key, f.size);
  const files: StoredFile[] = [];
  for await (const f of from.list()) files.push(f);
  progress.onStart?.(files.length);

  const outcome: CopyOutcome = { total: files.length, copied: 0, bytes: 0, skipped: 0, vanished: 0, inDestination: there.size };
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < files.length) {
      const file = files[next++]!;
      if (there.get(file.key) === file.size) {
        outcome.skipped++;
        progress.onFile?.(file, false);
        continue;
      }
      const bytes = await from.read(file.key);
      if (!bytes) {
        outcome.vanished++;
        progress.onFile?.(file, false);
        continue;
      }
      await to.put(file.key, bytes);
      if (!there.has(file.key)) outcome.inDestination++;
      outcome.copied++;
      outcome.bytes += bytes.length;
      progress.onFile?.(file, true);
    }
  };
  const stopOnFailure = () =>
    worker().catch((e: unknown) => {
      stopped = true;
      throw e;
    });
  // Every worker's file in flight settles before the failure is reported.
  const settled = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL, files.length) }, stopOnFailure));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return outcome;
}
