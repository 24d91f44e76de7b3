import { inTransaction } from '../storage/database.js';
import { indexArticles } from '../storage/search/index-article.js';
import { articleIdBatches } from '../storage/search/search.js';
import { withDatabase } from './context.js';
import { progressBar } from './progress.js';

/** `shpalta reindex`: rebuilds the search index of every article, in batches, with a progress bar. */
export async function reindexCommand(): Promise<number> {
  return withDatabase(async (_config, database) => {
    const { n } = await database.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bar = progressBar('reindex', Number(n));
    for await (const ids of articleIdBatches(database.db)) {
      await inTransaction(database, (tx) => indexArticles(tx, ids));
      bar.tick(ids.length);
    }
    bar.done();
    return 0;
  });
}
