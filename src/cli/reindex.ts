import { inTransaction } from '../storage/database.js';
import { indexArticles } from '../storage/search/index-article.js';
import { articleIdBatches } from '../storage/search/search.js';
import { withDatabase } from './context.js';
import { progressBar } from './progress.js';
import { countRows } from '../storage/repositories/article-editing.js';

/** `shpalta reindex`: rebuilds the search index of every article, in batches, with a progress bar. */
export async function reindexCommand(): Promise<number> {
  return withDatabase(async (_config, database) => {
    const bar = progressBar('reindex', await countRows(database.db, 'articles'));
    for await (const ids of articleIdBatches(database.db)) {
      await inTransaction(database, (tx) => indexArticles(tx, ids));
      bar.tick(ids.length);
    }
    bar.done();
    return 0;
  });
}
