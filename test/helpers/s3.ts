import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { MediaStoreConfig } from '../../src/config.js';
import { s3MediaStore } from '../../src/storage/media-store-s3.js';
import type { MediaStore } from '../../src/storage/media-store.js';

/** s3rver's fixed account: any other key is refused as InvalidAccessKeyId. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The variables a `shpalta` process needs for MEDIA_STORE=s3://bucket/prefix on this server. */
  env(prefix?: string): Record<string, string>;
  config(prefix?: string): Extract<MediaStoreConfig, { kind: 's3' }>;
  /** Our store over this server. */
  store(prefix?: string): MediaStore;
  /** Direct look-ups through the SDK, beside our store, for what the tests check. */
  keys(prefix?: string): Promise<string[]>;
  object(key: string): Promise<Buffer | null>;
  head(key: string): Promise<{ size: number; type: string | undefined; cacheControl: string | undefined } | null>;
  remove(key: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real S3-protocol server in this process (@20minutes/s3rver, the maintained fork of s3rver,
 * keeping objects in a temporary folder), with one empty bucket, on a free loopback port.
 */
export async function startS3(bucket = 'shpalta-media'): Promise<TestS3> {
  const S3rver = createRequire(import.meta.url)('@20minutes/s3rver') as new (o: object) => S3rver;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
    // s3rver signs a bucket-level request (ListObjectsV2) as '/bucket' where AWS SDK v3 signs
    // '/bucket/'; object requests agree. The key id must still be s3rver's own.
    allowMismatchedSignatures: true,
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3_CREDENTIALS });
  const stores: MediaStore[] = [];
  const config = (prefix = '') => ({ kind: 's3' as const, bucket, prefix: prefix ? `${prefix.replace(/\/+$/, '')}/` : '', endpoint, region: 'us-east-1', forcePathStyle: true });
  const notFound = (e: unknown) => {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
    throw e;
  };
  return {
    endpoint,
    bucket,
    env: (prefix = '') => ({
      MEDIA_STORE: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      // The SDK's notice that its releases after January 2027 need Node 22; this one runs on 20.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    }),
    config,
    store(prefix) {
      const s = s3MediaStore(config(prefix), { credentials: S3_CREDENTIALS });
      stores.push(s);
      return s;
    },
    async keys(prefix = '') {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys.sort();
    },
    async object(key) {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch(notFound);
      return r ? Buffer.from(await r.Body!.transformToByteArray()) : null;
    },
    async head(key) {
      const r = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).catch(notFound);
      return r ? { size: r.ContentLength ?? 0, type: r.ContentType, cacheControl: r.CacheControl } : null;
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async stop() {
      for (const s of stores.splice(0)) s.close();
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
