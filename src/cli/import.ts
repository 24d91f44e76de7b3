import { importPaths } from '../services/import-plain.js';
import { progressBar } from './progress.js';
import { localMediaStore } from '../storage/media-store.js';
import { withDatabase } from './context.js';
import { importJsonCommand } from './import-json.js';

/** `shpalta import FILE|DIR…`: one line per file; exits 1 when any file failed. */
export async function importCommand(args: string[]): Promise<number> {
  if (args[0] === '--json') return importJsonCommand(args.slice(1));
  if (args.length === 0) {
    console.error('usage: shpalta import FILE|DIR…');
    return 2;
  }
  return withDatabase(async (config, database) => {
    // A few files: a line each. A bulk import: a progress bar with rate and time left, and
    // lines only for the files that failed.
    let bar = null as ReturnType<typeof progressBar> | null;
    let failed = 0;
    let done = 0;
    let skipped = 0;
    let reported = 0;
    await importPaths(
      { database, media: localMediaStore(config.mediaDir) },
      args,
      (o) => {
        if (o.ok) {
          done++;
          if (o.article.unchanged) skipped++;
          if (!bar) console.log(`${o.article.created ? 'imported ' : o.article.unchanged ? 'unchanged' : 'updated  '} ${o.article.file} -> ${config.siteUrl}${o.article.path}`);
        } else {
          failed++;
          console.error(`error    ${o.error.describe()}`);
        }
      },
      {
        onStart: (total) => {
          if (total > BULK) bar = progressBar('import', total);
        },
        onProgress: (n) => {
          bar?.tick(n - reported);
          reported = n;
        },
      },
    );
    bar?.done();
    console.log(`${done} imported${skipped ? ` (${skipped} unchanged, skipped)` : ''}, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  });
}

/** Above this many files an import shows a progress bar instead of a line per file. */
const BULK = 50;

