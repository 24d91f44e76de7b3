import { parentPort, workerData } from 'node:worker_threads';
import { readForWire } from './import-read.js';

/** The reading thread of a bulk import (import-read.ts, readInWorker): a batch of files in, their reading out. */
const { maxFileBytes } = workerData as { maxFileBytes: number };
parentPort!.on('message', ({ files, maxBytes }: { files: string[]; maxBytes: number }) => parentPort!.postMessage(readForWire(files, maxFileBytes, maxBytes)));
