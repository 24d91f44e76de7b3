import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { errors } from './core/errors.js';
import { DEFAULT_PREVIEW_FETCH, type PreviewFetchConfig } from './services/social-preview/fetch.js';

/**
 * All configuration comes from environment variables, checked once at start. A bad value
 * stops the boot with one line per problem, naming the variable and what it should be.
 */
export interface Config {
  database: DatabaseConfig;
  host: string;
  port: number;
  siteUrl: string;
  /** The local media folder (MEDIA_DIR); the store itself when `mediaStore` is a file store. */
  mediaDir: string;
  /** Where media files are kept (MEDIA_STORE): that folder, or an S3-compatible bucket. */
  mediaStore: MediaStoreConfig;
  /** S3_ENDPOINT, S3_REGION, S3_FORCE_PATH_STYLE: for MEDIA_STORE, and for `shpalta media migrate`'s s3:// stores. */
  s3: S3Settings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Memory bound of the page cache. */
  cacheMaxBytes: number;
  /** How long a cached page is served before it is rendered anew even without a change. */
  cacheTtlSeconds: number;
  /** The largest media upload accepted (also the largest photo an import reads). */
  maxUploadBytes: number;
  /** The largest plain-text article file an import reads (IMPORT_MAX_FILE_KB). */
  importMaxFileBytes: number;
  /** The JavaScript heap a plain-text import's writing thread may use, in MB (IMPORT_MEMORY_MB); its reading thread gets half. */
  importMemoryMb: number;
  /** Redis for cache invalidation between instances; null: this instance alone (the change log still reaches it). */
  redisUrl: string | null;
  /** PostgreSQL connections a serving process keeps, to the database and to its replica each (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** A PostgreSQL read replica of DATABASE_URL for public reads (DATABASE_REPLICA_URL); null: none. */
  replicaUrl: string | null;
  /**
   * Which peers may tell the client's address and protocol in X-Forwarded-For/-Proto/-Host
   * (TRUST_PROXY): none (false), the nearest N hops, or these addresses and ranges.
   */
  trustProxy: TrustProxy;
  /** The bearer token /metrics asks for on the public port (METRICS_TOKEN); null: not served there. */
  metricsToken: string | null;
  /** A listener of its own for /metrics (METRICS_LISTEN), without a token; null: none. */
  metricsListen: { host: string; port: number } | null;
  /** How the newsroom reads a social post's public metadata (SOCIAL_PREVIEW, SOCIAL_PREVIEW_ORIGIN, SOCIAL_PREVIEW_TIMEOUT_MS). */
  socialPreview: PreviewFetchConfig;
}

export type TrustProxy = false | number | string[];

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

/**
 * A folder on this machine, or a bucket of an S3-compatible service (and a key prefix in it).
 * The S3 credentials are not here: the AWS SDK reads AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY (or a profile, or the machine's role) itself.
 */
export type MediaStoreConfig =
  | { kind: 'file'; dir: string }
  | { kind: 's3'; bucket: string; prefix: string; endpoint: string | null; region: string; forcePathStyle: boolean };

/** The S3 settings beside MEDIA_STORE=s3://… (S3_ENDPOINT, S3_REGION, S3_FORCE_PATH_STYLE). */
export interface S3Settings {
  endpoint?: string | undefined;
  region?: string | undefined;
  forcePathStyle?: boolean | undefined;
}

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${what}`);

const schema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    // Checked here, not after parsing, so a bad DATABASE_URL is listed with the other problems.
    .superRefine((v, ctx) => {
      try {
        parseDatabaseUrl(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^DATABASE_URL: /, '') });
      }
    })
    .default('./data/shpalta.db'),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number from 1 to 65535')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, 'must be a whole number from 1 to 65535')
    .default(3000),
  SITE_URL: z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(s), 'must be an http:// or https:// URL such as https://news.example.ua')
    .optional(),
  MEDIA_DIR: z.string().trim().min(1, 'must not be empty').default('./data/media'),
  MEDIA_STORE: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      try {
        parseMediaStore(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^MEDIA_STORE: /, '') });
      }
    })
    .optional(),
  S3_ENDPOINT: z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^/\s?#]+\/?$/.test(s), 'must be the service\'s http:// or https:// origin, without a path (e.g. https://s3.eu-central-003.backblazeb2.com or http://127.0.0.1:9000)')
    .optional(),
  S3_REGION: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as eu-central-1 (auto for Cloudflare R2, us-east-1 for MinIO and Ceph)').optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).optional(),
  AWS_ACCESS_KEY_ID: z.string().trim().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().trim().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: wholeNumber(1, 500, 'a whole number of connections from 1 to 500').default(10),
  CACHE_MAX_MB: wholeNumber(1, 65536, 'a whole number of megabytes from 1 to 65536').default(64),
  CACHE_TTL_SECONDS: wholeNumber(0, 86400, 'a whole number of seconds from 0 to 86400').default(300),
  MAX_UPLOAD_MB: wholeNumber(1, 1024, 'a whole number of megabytes from 1 to 1024').default(20),
  IMPORT_MAX_FILE_KB: wholeNumber(1, 1_048_576, 'a whole number of kilobytes from 1 to 1048576').default(512),
  IMPORT_MEMORY_MB: wholeNumber(32, 65536, 'a whole number of megabytes from 32 to 65536').default(96),
  REDIS_URL: z
    .string()
    .trim()
    .refine((s) => /^rediss?:\/\/[^\s]+$/.test(s), 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379')
    .optional(),
  DATABASE_REPLICA_URL: z
    .string()
    .trim()
    .refine((s) => /^postgres(ql)?:\/\/[^\s]+$/i.test(s) && URL.canParse(s), 'must be a postgres:// URL of a read replica of DATABASE_URL')
    .optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const problem = trustProxyProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  METRICS_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{16,200}$/, 'must be 16 to 200 visible ASCII characters (e.g. from `openssl rand -hex 24`)')
    .optional(),
  METRICS_LISTEN: z
    .string()
    .trim()
    .refine((v) => parseListen(v) !== null, 'must be PORT or HOST:PORT (e.g. 127.0.0.1:9464), the port 1–65535')
    .optional(),
  SOCIAL_PREVIEW: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  SOCIAL_PREVIEW_ORIGIN: z
    .string()
    .trim()
    .refine((s) => /^https?:\/\/[^/\s?#@]+\/?$/.test(s) && URL.canParse(s), 'must be an http:// or https:// origin without a path (e.g. http://127.0.0.1:8089): the server every platform request goes to instead')
    .optional(),
  SOCIAL_PREVIEW_TIMEOUT_MS: wholeNumber(100, 30_000, 'a whole number of milliseconds from 100 to 30000').default(DEFAULT_PREVIEW_FETCH.timeoutMs),
});

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY is a number of proxy hops (0–10) or a comma-separated list of addresses, ranges
 * (CIDR) and the names loopback, linklocal, uniquelocal. 'true' is refused: trusting every peer
 * lets any client choose the address that sign-in throttling counts.
 */
function trustProxyProblem(v: string): string | null {
  if (/^\d+$/.test(v)) return Number(v) <= 10 ? null : 'a number of proxy hops must be from 0 to 10';
  if (/^(true|yes|all|\*)$/i.test(v)) return `'${v}' would trust every client to name its own address: give the number of proxies in front (e.g. 1) or their addresses (e.g. 10.0.0.5 or 10.0.0.0/8)`;
  const bad = v.split(',').map((e) => e.trim()).filter((e) => !isProxyEntry(e));
  return bad.length ? `'${bad.join("', '")}' is not an address, a CIDR range or one of loopback, linklocal, uniquelocal; give a number of hops (e.g. 1) or a list (e.g. 10.0.0.5,10.1.0.0/16)` : null;
}

function isProxyEntry(e: string): boolean {
  if (PROXY_RANGE_NAMES.has(e)) return true;
  const [address = '', prefix, ...rest] = e.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function parseTrustProxy(v: string | undefined): TrustProxy {
  if (v === undefined) return false;
  if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
  return v.split(',').map((e) => e.trim());
}

/** 'PORT', 'HOST:PORT' or '[IPv6]:PORT'; null when it is none of them. */
function parseListen(v: string): { host: string; port: number } | null {
  const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:\s]+):)?(\d{1,5})$/.exec(v);
  if (!m) return null;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return null;
  return { host: m[1] ? m[1].replace(/^\[|\]$/g, '') : '127.0.0.1', port };
}

export function parseDatabaseUrl(value: string): DatabaseConfig {
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw errors.config(`DATABASE_URL: '${value}' is not a valid postgres:// URL`);
    }
    return { kind: 'postgres', url: value };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw errors.config(`DATABASE_URL: '${value}' must be a postgres:// URL or a path to a SQLite file`);
  }
  return { kind: 'sqlite', file: value === ':memory:' ? value : path.resolve(value) };
}

/**
 * MEDIA_STORE (and `shpalta media migrate`'s --from and --to): `s3://BUCKET[/PREFIX]` or
 * `file:DIR`. Bucket names follow S3's rules, which every compatible service shares.
 */
export function parseMediaStore(value: string, s3: S3Settings = {}): MediaStoreConfig {
  if (value.startsWith('file:')) {
    const dir = value.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!dir) throw errors.config(`MEDIA_STORE: '${value}' names no folder: write file:DIR, e.g. file:./data/media`);
    return { kind: 'file', dir: path.resolve(dir) };
  }
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(value);
  if (!m) throw errors.config(`MEDIA_STORE: '${value}' must be s3://BUCKET[/PREFIX] or file:DIR`);
  const bucket = m[1]!;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw errors.config(`MEDIA_STORE: '${bucket}' is not a bucket name (3–63 lowercase letters, digits, dots and hyphens)`);
  const prefix = (m[2] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some((p) => p === '.' || p === '..') || /\/\//.test(prefix)) throw errors.config(`MEDIA_STORE: the prefix '${prefix}' may not hold '.', '..' or '//'`);
  const endpoint = s3.endpoint ? s3.endpoint.replace(/\/+$/, '') : null;
  return {
    kind: 's3',
    bucket,
    prefix: prefix ? `${prefix}/` : '',
    endpoint,
    region: s3.region ?? 'us-east-1',
    // A service of one's own (MinIO, Ceph) seldom has a DNS name per bucket; AWS wants them.
    forcePathStyle: s3.forcePathStyle ?? endpoint !== null,
  };
}

/** The S3 settings of an environment, for MEDIA_STORE and `shpalta media migrate` alike. */
export function s3Settings(v: { S3_ENDPOINT?: string | undefined; S3_REGION?: string | undefined; S3_FORCE_PATH_STYLE?: string | undefined }): S3Settings {
  return {
    endpoint: v.S3_ENDPOINT,
    region: v.S3_REGION,
    forcePathStyle: v.S3_FORCE_PATH_STYLE === undefined ? undefined : v.S3_FORCE_PATH_STYLE === 'true' || v.S3_FORCE_PATH_STYLE === '1',
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(pickDefined(env, Object.keys(schema.shape)));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw errors.config(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const v = parsed.data;
  const database = parseDatabaseUrl(v.DATABASE_URL);
  if (v.DATABASE_REPLICA_URL && database.kind !== 'postgres') {
    throw errors.config('Invalid configuration:\n  DATABASE_REPLICA_URL: a read replica needs DATABASE_URL to be PostgreSQL too (SQLite has none)');
  }
  const metricsListen = v.METRICS_LISTEN ? parseListen(v.METRICS_LISTEN) : null;
  if (metricsListen && metricsListen.port === v.PORT) {
    throw errors.config(`Invalid configuration:\n  METRICS_LISTEN: port ${v.PORT} is the site's own PORT; give /metrics a port of its own`);
  }
  if (v.MEDIA_STORE?.startsWith('s3:') && (v.AWS_ACCESS_KEY_ID === undefined) !== (v.AWS_SECRET_ACCESS_KEY === undefined)) {
    throw errors.config(`Invalid configuration:\n  ${v.AWS_ACCESS_KEY_ID === undefined ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'}: the S3 key id and its secret go together: set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (a profile or the machine's role)`);
  }
  const mediaDir = path.resolve(v.MEDIA_DIR);
  const mediaStore = v.MEDIA_STORE ? parseMediaStore(v.MEDIA_STORE, s3Settings(v)) : { kind: 'file' as const, dir: mediaDir };
  if (mediaStore.kind === 'file' && env.MEDIA_DIR?.trim() && mediaStore.dir !== mediaDir) {
    throw errors.config(`Invalid configuration:\n  MEDIA_STORE: file:${mediaStore.dir} and MEDIA_DIR ${mediaDir} name two folders: give one of them`);
  }
  const displayHost = v.HOST === '0.0.0.0' || v.HOST === '::' ? '127.0.0.1' : v.HOST;
  const siteUrl = (v.SITE_URL ?? `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${v.PORT}`).replace(/\/+$/, '');
  return {
    database,
    host: v.HOST,
    port: v.PORT,
    siteUrl,
    mediaDir: mediaStore.kind === 'file' ? mediaStore.dir : mediaDir,
    mediaStore,
    s3: s3Settings(v),
    logLevel: v.LOG_LEVEL,
    cacheMaxBytes: v.CACHE_MAX_MB * 1024 * 1024,
    cacheTtlSeconds: v.CACHE_TTL_SECONDS,
    maxUploadBytes: v.MAX_UPLOAD_MB * 1024 * 1024,
    importMaxFileBytes: v.IMPORT_MAX_FILE_KB * 1024,
    importMemoryMb: v.IMPORT_MEMORY_MB,
    redisUrl: v.REDIS_URL ?? null,
    databasePoolSize: v.DATABASE_POOL_SIZE,
    replicaUrl: v.DATABASE_REPLICA_URL ?? null,
    trustProxy: parseTrustProxy(v.TRUST_PROXY),
    metricsToken: v.METRICS_TOKEN ?? null,
    metricsListen,
    socialPreview: {
      ...DEFAULT_PREVIEW_FETCH,
      enabled: v.SOCIAL_PREVIEW === 'on',
      origin: v.SOCIAL_PREVIEW_ORIGIN ? new URL(v.SOCIAL_PREVIEW_ORIGIN).origin : null,
      timeoutMs: v.SOCIAL_PREVIEW_TIMEOUT_MS,
    },
  };
}

/** Empty variables count as unset, as shells and .env files often leave them. */
function pickDefined(env: NodeJS.ProcessEnv, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const value = env[k];
    if (value !== undefined && value !== '') out[k] = value;
  }
  return out;
}
