import { parseArgs } from 'node:util';
import { loadConfig, parseMediaStore, type Config, type MediaStoreConfig } from '../config.js';
import { copyMediaStore } from '../services/media-copy.js';
import { openMediaStore, type MediaStore } from '../storage/media-store.js';
import { progressBar } from './progress.js';

export const MEDIA_USAGE = `usage:
  shpalta media migrate [--from STORE] [--to STORE]
      copies every media file from one store to the other, skipping those already there
      with the same size (run it again after a failure to go on); nothing is deleted.
      STORE is file:DIR or s3://BUCKET[/PREFIX] (S3_ENDPOINT, S3_REGION, S3_FORCE_PATH_STYLE
      and the AWS_* credentials as for MEDIA_STORE); each defaults to MEDIA_STORE (or MEDIA_DIR)`;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A store as people name it: the folder for a file store, the s3:// address for a bucket. */
export const storeName = (store: MediaStore) => store.location.replace(/^file:/, '');

/** 'MEDIA_DIR (/srv/media)' or 'MEDIA_STORE (s3://bucket/)': where the configured media are, for messages. */
export const mediaName = (config: Pick<Config, 'mediaStore' | 'mediaDir'>) =>
  config.mediaStore.kind === 'file' ? `MEDIA_DIR (${config.mediaDir})` : `MEDIA_STORE (s3://${config.mediaStore.bucket}/${config.mediaStore.prefix})`;

/** `shpalta media migrate --from file:DIR --to s3://bucket`: see MEDIA_USAGE. */
export async function mediaCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'migrate') {
    console.error(`shpalta media: ${sub ? `unknown subcommand '${sub}'` : 'a subcommand is needed'}\n\n${MEDIA_USAGE}`);
    return 2;
  }
  let from: MediaStoreConfig;
  let to: MediaStoreConfig;
  const config = loadConfig();
  try {
    const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
    from = values.from ? parseMediaStore(values.from, config.s3) : config.mediaStore;
    to = values.to ? parseMediaStore(values.to, config.s3) : config.mediaStore;
    if (JSON.stringify(from) === JSON.stringify(to)) throw new Error('--from and --to name the same store: give the other one (MEDIA_STORE is the default of both)');
  } catch (e) {
    console.error(`shpalta media migrate: ${(e as Error).message.replace(/^MEDIA_STORE: /, '')}\n\n${MEDIA_USAGE}`);
    return 2;
  }
  const source = await openMediaStore(from);
  const target = await openMediaStore(to);
  let bar = null as ReturnType<typeof progressBar> | null;
  try {
    console.log(`copying media files: ${storeName(source)} -> ${storeName(target)}`);
    const o = await copyMediaStore(source, target, {
      onStart: (total) => (bar = progressBar('media', total)),
      onFile: () => bar?.tick(),
    });
    bar?.done();
    bar = null;
    const vanished = o.vanished ? `, ${o.vanished} gone from the source while copying` : '';
    console.log(`copied ${o.copied} of ${o.total} files (${megabytes(o.bytes)}); ${o.skipped} were already there with the same size${vanished}`);
    return 0;
  } finally {
    // A failure ends the bar's line before the error is printed under it.
    bar?.done();
    source.close();
    target.close();
  }
}
