import { isShpaltaError } from '../core/errors.js';
import { forTerminal } from '../core/untrusted-text.js';
import { importEach } from '../services/import-plain.js';
import { progressBar } from './progress.js';
import { openMediaStore } from '../storage/media-store.js';
import { withDatabase } from './context.js';
import { importJsonCommand } from './import-json.js';

/**
 * What an import prints comes partly from the files (their names, a line quoted in an error):
 * every line goes through forTerminal, so that a control sequence in a file is shown, not obeyed.
 */
const out = (line: string) => console.log(forTerminal(line));
const err = (line: string) => console.error(forTerminal(line));

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
    const media = await openMediaStore(config.mediaStore);
    try {
      await importEach(
        { database, media, limits: { maxFileBytes: config.importMaxFileBytes, maxPhotoBytes: config.maxUploadBytes } },
        args,
        (o) => {
          if (o.ok) {
            done++;
            if (o.article.unchanged) skipped++;
            if (!bar) out(`${o.article.created ? 'imported ' : o.article.unchanged ? 'unchanged' : 'updated  '} ${o.article.file} -> ${config.siteUrl}${o.article.path}`);
          } else {
            failed++;
            err(`error    ${o.error.describe()}`);
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
    } catch (e) {
      // A path that does not exist: named as given, which may be a hostile file name too.
      if (!isShpaltaError(e)) throw e;
      err(`shpalta: ${e.describe()}`);
      return 1;
    } finally {
      media.close();
    }
    bar?.done();
    console.log(`${done} imported${skipped ? ` (${skipped} unchanged, skipped)` : ''}, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  });
}

/** Above this many files an import shows a progress bar instead of a line per file. */
const BULK = 50;
