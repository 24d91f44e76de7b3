import { parentPort, workerData } from 'node:worker_threads';
import { isShpaltaError } from '../core/errors.js';
import { importEach } from '../services/import-plain.js';
import { openMediaStore } from '../storage/media-store.js';
import { withDatabase } from './context.js';
import type { ImportMessage } from './import.js';

/**
 * The writing thread of `shpalta import` (import.ts starts it with a heap of IMPORT_MEMORY_MB):
 * the whole import runs here and tells the command what to print. A file's outcome is sent only
 * when it is printed (a few files, or a failure), so a bulk import sends a message per batch.
 */
const { inputs, bulkAbove } = workerData as { inputs: string[]; bulkAbove: number };
const send = (m: ImportMessage) => parentPort!.postMessage(m);

try {
  await withDatabase(async (config, database) => {
    const media = await openMediaStore(config.mediaStore);
    let bulk = false;
    const count = { imported: 0, unchanged: 0, failed: 0 };
    try {
      await importEach(
        { database, media, limits: { maxFileBytes: config.importMaxFileBytes, maxPhotoBytes: config.maxUploadBytes } },
        inputs,
        (o) => {
          if (o.ok) {
            count.imported++;
            if (o.article.unchanged) count.unchanged++;
            if (!bulk) send({ kind: 'line', line: `${o.article.created ? 'imported ' : o.article.unchanged ? 'unchanged' : 'updated  '} ${o.article.file} -> ${config.siteUrl}${o.article.path}` });
          } else {
            count.failed++;
            send({ kind: 'line', error: true, line: `error    ${o.error.describe()}` });
          }
        },
        {
          memoryMb: config.importMemoryMb,
          onStart: (total) => {
            bulk = total > bulkAbove;
            send({ kind: 'start', total });
          },
          onPending: (file) => send({ kind: 'pending', file }),
          onProgress: (done) => send({ kind: 'progress', done }),
        },
      );
    } finally {
      media.close();
    }
    send({ kind: 'end', ...count });
  }, { bulkWrites: true });
} catch (e) {
  // A path that does not exist, or the reading thread's memory: said in one line.
  if (!isShpaltaError(e)) throw e;
  send({ kind: 'error', line: `shpalta: ${e.describe()}` });
}
