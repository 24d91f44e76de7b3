import { parseArgs } from 'node:util';
import { exportSite } from '../services/transfer.js';
import { withDatabase } from './context.js';
import { mediaName } from './media.js';
import { writePrivately } from './private-files.js';

export const EXPORT_USAGE = 'usage: shpalta export FILE';

/** `shpalta export FILE`: the whole site as one JSON document (services/transfer.ts). */
export async function exportCommand(args: string[]): Promise<number> {
  let file: string | undefined;
  try {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new Error('one FILE is needed');
    file = positionals[0];
  } catch (e) {
    console.error(`shpalta export: ${(e as Error).message}\n${EXPORT_USAGE}`);
    return 2;
  }
  return withDatabase(async (config, database) => {
    const started = Date.now();
    const c = await writePrivately(file!, () => exportSite(database, file!));
    console.log(
      `exported ${c.articles} articles (${c.revisions} revisions), ${c.sections} sections, ${c.authors} authors, ${c.tags} tags, ` +
        `${c.media} media records, ${c.users} users, ${c.auditLog} audit entries to ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`users are exported without their passwords; media files are not in the export: copy ${mediaName(config)} too`);
    console.log(`the file holds drafts and the audit log: it is readable by its owner only (mode 0600)`);
    return 0;
  });
}
