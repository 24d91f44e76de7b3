import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { loadQueries, runExact, runShpalta, score } from '../scripts/search-eval.js';
import { closeTestDatabases, testDatabases } from './helpers/databases.js';

after(closeTestDatabases);

// The targets: precision ≥ 0.98 and recall ≥ 0.95 on our evaluation set, on both databases.
for (const tdb of testDatabases) {
  test(`search quality on the evaluation set (${tdb.dialect})`, { timeout: 120_000 }, async () => {
    const queries = loadQueries();
    assert.ok(queries.length >= 60, 'at least 60 queries');
    const ours = score(queries, await runShpalta(await tdb.open(), queries));
    const exact = score(queries, runExact(queries));
    const detail = ours.misses.map((m) => `${m.q}: extra ${m.extra.join(', ') || '-'}; missing ${m.missing.join(', ') || '-'}`).join('\n');
    assert.ok(ours.precision >= 0.98, `precision ${ours.precision.toFixed(3)}\n${detail}`);
    assert.ok(ours.recall >= 0.95, `recall ${ours.recall.toFixed(3)}\n${detail}`);
    assert.ok(ours.recall > exact.recall + 0.5, 'far better than exact matching');
  });
}
