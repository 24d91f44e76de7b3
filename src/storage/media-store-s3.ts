import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { MediaStoreConfig } from '../config.js';
import { errors, type ShpaltaError } from '../core/errors.js';
import { mediaType, resolveRange, type MediaStore } from './media-store.js';

type S3Config = Extract<MediaStoreConfig, { kind: 's3' }>;

/** What a client is told to wait before trying again (the HTTP layer sends Retry-After). */
const RETRY_AFTER_SECONDS = 30;

/**
 * Media in a bucket of an S3-compatible service (AWS S3, Cloudflare R2, Backblaze B2, MinIO,
 * Ceph RGW, …), so that instances on several machines keep and serve the same files. Objects
 * carry their type and a year's immutable Cache-Control, so the bucket may also be put behind
 * a CDN directly. Anything but "no such object" from the service is a MEDIA_STORE_UNAVAILABLE
 * error naming the store and the cause: an upload is refused whole (no media row is written
 * for a file that is not stored), and the article being edited is not touched.
 */
export function s3MediaStore(config: S3Config, options: { credentials?: S3ClientConfig['credentials'] } = {}): MediaStore {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // Checksums only where an operation requires them: the newer default (a CRC trailer on every
    // upload) is refused by several S3-compatible services and older MinIO and Ceph releases.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A service that does not answer fails an upload in seconds, not after the OS's TCP timeout.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  const Bucket = config.bucket;
  const location = `s3://${config.bucket}/${config.prefix}`;
  const where = config.endpoint ? `${location} at ${config.endpoint}` : location;
  const objectKey = (key: string) => `${config.prefix}${key}`;
  const fail = (e: unknown): never => {
    throw storeError(where, e);
  };

  const head = async (key: string) => {
    try {
      return await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }));
    } catch (e) {
      if (isNotFound(e)) return null;
      return fail(e);
    }
  };

  return {
    location,
    async put(key, bytes) {
      await client
        .send(
          new PutObjectCommand({
            Bucket,
            Key: objectKey(key),
            Body: bytes,
            ContentLength: bytes.length,
            ContentType: mediaType(key) ?? 'application/octet-stream',
            // Keys are content hashes: an object never changes under its name.
            CacheControl: 'public, max-age=31536000, immutable',
          }),
        )
        .catch(fail);
    },
    async read(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
        return Buffer.from(await r.Body!.transformToByteArray());
      } catch (e) {
        if (isNotFound(e)) return null;
        return fail(e);
      }
    },
    async open(key, range) {
      if (range && 'suffix' in range) {
        // The last N bytes, asked for as an absolute range: not every S3-compatible server reads
        // 'bytes=-N' right (s3rver answers the first N). Rare enough (a PDF reader, a resumed
        // download) to afford the extra round trip.
        const size = (await head(key))?.ContentLength;
        if (size === undefined) return null;
        const part = resolveRange(range, size);
        if (!part) return { kind: 'unsatisfiable', size };
        range = part;
      }
      try {
        const r = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key), ...(range ? { Range: rangeHeader(range) } : {}) }));
        const body = r.Body as Readable;
        // A service that ignores Range answers the whole object, which is then served whole.
        const part = range ? parseContentRange(r.ContentRange) : null;
        if (part) return { kind: 'body', body, size: part.size, range: { start: part.start, end: part.end } };
        return { kind: 'body', body, size: r.ContentLength ?? 0, range: null };
      } catch (e) {
        if (isNotFound(e)) return null;
        if (statusOf(e) === 416) {
          const size = (await head(key))?.ContentLength;
          return size === undefined ? null : { kind: 'unsatisfiable', size };
        }
        return fail(e);
      }
    },
    localPath: () => null,
    async exists(key) {
      return (await head(key)) !== null;
    },
    async size(key) {
      return (await head(key))?.ContentLength ?? null;
    },
    async *list() {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: config.prefix || undefined, ContinuationToken })).catch(fail);
        for (const o of page.Contents ?? []) {
          if (o.Key && !o.Key.endsWith('/')) yield { key: o.Key.slice(config.prefix.length), size: o.Size ?? 0 };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
    close() {
      client.destroy();
    },
  };
}

const rangeHeader = (range: { start: number; end?: number }) => `bytes=${range.start}-${range.end ?? ''}`;

function parseContentRange(header: string | undefined): { start: number; end: number; size: number } | null {
  const m = header ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header) : null;
  return m ? { start: Number(m[1]), end: Number(m[2]), size: Number(m[3]) } : null;
}

const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** No such object (HeadObject's 404 has no body, so no name to tell a missing bucket by). */
const isNotFound = (e: unknown) => {
  const name = (e as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound' || (statusOf(e) === 404 && name !== 'NoSuchBucket');
};

/** Node's codes for a service that cannot be reached at all. */
const NETWORK = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;

function storeError(where: string, e: unknown): ShpaltaError {
  const code = (e as { code?: unknown }).code;
  const name = (e as { name?: string }).name ?? 'Error';
  const status = statusOf(e);
  const reason = (e as Error).message || name;
  const message =
    (typeof code === 'string' && NETWORK.test(code)) || name === 'TimeoutError'
      ? `The media store ${where} cannot be reached (${reason}): check S3_ENDPOINT and the network`
      : status !== undefined
        ? `The media store ${where} refused the request: ${name}${reason !== name ? ` (${reason})` : ''}; check MEDIA_STORE, S3_REGION and the credentials`
        : `The media store ${where} failed: ${reason}`;
  return errors.mediaStoreUnavailable(message, RETRY_AFTER_SECONDS, e);
}
