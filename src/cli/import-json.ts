import { parseArgs } from 'node:util';
import { isShpaltaError } from '../core/errors.js';
import { DEFAULT_IMPORT_LIMITS } from '../core/limits.js';
import { forTerminal } from '../core/untrusted-text.js';
import { importSite } from '../services/transfer.js';
import { withDatabase } from './context.js';
import { mediaName } from './media.js';

export const IMPORT_JSON_USAGE = 'usage: shpalta import --json FILE [--force] [--max-record-mb N]';

const MB = 1024 * 1024;

/** `shpalta import --json FILE`: loads an export made by `shpalta export` (see services/transfer.ts). */
export async function importJsonCommand(args: string[]): Promise<number> {
  let file: string | undefined;
  let force = false;
  let maxRecordBytes = DEFAULT_IMPORT_LIMITS.maxRecordBytes;
  try {
    const { positionals, values } = parseArgs({ args, options: { force: { type: 'boolean' }, 'max-record-mb': { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new Error('one FILE is needed');
    file = positionals[0];
    force = values.force === true;
    if (values['max-record-mb'] !== undefined) {
      const n = Number(values['max-record-mb']);
      if (!/^\d+$/.test(values['max-record-mb']) || n < 1 || n > 1024) throw new Error('--max-record-mb must be a whole number of megabytes from 1 to 1024');
      maxRecordBytes = n * MB;
    }
  } catch (e) {
    console.error(forTerminal(`shpalta import --json: ${(e as Error).message}`) + `\n${IMPORT_JSON_USAGE}`);
    return 2;
  }
  // The file's name and a quoted piece of it may reach the terminal: shown, never obeyed.
  const out = (line: string) => console.log(forTerminal(line));
  return withDatabase(async (config, database) => {
    const started = Date.now();
    let c;
    try {
      c = await importSite(database, file!, { force, maxRecordBytes });
    } catch (e) {
      if (!isShpaltaError(e)) throw e;
      console.error(forTerminal(`shpalta: ${e.describe()}`));
      return 1;
    }
    out(
      `imported ${c.articles} articles (${c.revisions} revisions), ${c.sections} sections, ${c.authors} authors, ${c.tags} tags, ` +
        `${c.media} media records, ${c.users} users, ${c.auditLog} audit entries from ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (c.users > 0) {
      out(`the ${c.users} imported accounts have no usable password: give each a new one with 'shpalta user reset-password --email EMAIL'`);
    }
    out(`media files are not in an export: copy the source's media files into ${mediaName(config)} (shpalta media migrate)`);
    return 0;
  });
}
