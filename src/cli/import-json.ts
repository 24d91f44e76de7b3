import { parseArgs } from 'node:util';
import { importSite } from '../services/transfer.js';
import { withDatabase } from './context.js';

export const IMPORT_JSON_USAGE = 'usage: shpalta import --json FILE [--force]';

/** `shpalta import --json FILE`: loads an export made by `shpalta export` (see services/transfer.ts). */
export async function importJsonCommand(args: string[]): Promise<number> {
  let file: string | undefined;
  let force = false;
  try {
    const { positionals, values } = parseArgs({ args, options: { force: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new Error('one FILE is needed');
    file = positionals[0];
    force = values.force === true;
  } catch (e) {
    console.error(`shpalta import --json: ${(e as Error).message}\n${IMPORT_JSON_USAGE}`);
    return 2;
  }
  return withDatabase(async (config, database) => {
    const started = Date.now();
    const c = await importSite(database, file!, { force });
    console.log(
      `imported ${c.articles} articles (${c.revisions} revisions), ${c.sections} sections, ${c.authors} authors, ${c.tags} tags, ` +
        `${c.media} media records, ${c.users} users, ${c.auditLog} audit entries from ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (c.users > 0) {
      console.log(`the ${c.users} imported accounts have no usable password: give each a new one with 'shpalta user reset-password --email EMAIL'`);
    }
    console.log(`media files are not in an export: copy the source's media folder into MEDIA_DIR (${config.mediaDir})`);
    return 0;
  });
}
