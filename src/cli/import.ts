import { importPaths } from '../services/import-plain.js';
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
    let failed = 0;
    let done = 0;
    await importPaths({ database, media: localMediaStore(config.mediaDir) }, args, (o) => {
      if (o.ok) {
        done++;
        console.log(`${o.article.created ? 'imported ' : o.article.unchanged ? 'unchanged' : 'updated  '} ${o.article.file} -> ${config.siteUrl}${o.article.path}`);
      } else {
        failed++;
        console.error(`error    ${o.error.describe()}`);
      }
    });
    console.log(`${done} imported, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  });
}
