import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../src/storage/database.js';
import { tempDir } from './helpers/databases.js';

test('SQLite: a bulk writer checkpoints its write-ahead log every 25,000 pages, a serving connection at SQLite’s 1,000', async () => {
  const file = path.join(tempDir(), 'site.db');
  const serving = openDatabase({ kind: 'sqlite', file });
  const bulk = openDatabase({ kind: 'sqlite', file }, { bulkWrites: true });
  try {
    assert.equal(serving.sqlite!.pragma('wal_autocheckpoint', { simple: true }), 1000);
    assert.equal(bulk.sqlite!.pragma('wal_autocheckpoint', { simple: true }), 25000);
    assert.equal(bulk.sqlite!.pragma('journal_mode', { simple: true }), 'wal');
  } finally {
    await serving.close();
    await bulk.close();
  }
});
