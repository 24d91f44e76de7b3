import path from 'node:path';
import { z } from 'zod';
import { errors } from './core/errors.js';

/**
 * All configuration comes from environment variables, checked once at start. A bad value
 * stops the boot with one line per problem, naming the variable and what it should be.
 */
export interface Config {
  database: DatabaseConfig;
  host: string;
  port: number;
  siteUrl: string;
  mediaDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Memory bound of the page cache. */
  cacheMaxBytes: number;
  /** How long a cached page is served before it is rendered anew even without a change. */
  cacheTtlSeconds: number;
  /** The largest media upload accepted (also the largest photo an import reads). */
  maxUploadBytes: number;
  /** The largest plain-text article file an import reads (IMPORT_MAX_FILE_KB). */
  importMaxFileBytes: number;
  /** Redis for cache invalidation between instances; null: this instance alone (the change log still reaches it). */
  redisUrl: string | null;
  /** A PostgreSQL read replica of DATABASE_URL for public reads (DATABASE_REPLICA_URL); null: none. */
  replicaUrl: string | null;
}

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CACHE_MAX_MB: wholeNumber(1, 65536, 'a whole number of megabytes from 1 to 65536').default(64),
  CACHE_TTL_SECONDS: wholeNumber(0, 86400, 'a whole number of seconds from 0 to 86400').default(300),
  MAX_UPLOAD_MB: wholeNumber(1, 1024, 'a whole number of megabytes from 1 to 1024').default(20),
  IMPORT_MAX_FILE_KB: wholeNumber(1, 1_048_576, 'a whole number of kilobytes from 1 to 1048576').default(512),
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
});

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
  const displayHost = v.HOST === '0.0.0.0' || v.HOST === '::' ? '127.0.0.1' : v.HOST;
  const siteUrl = (v.SITE_URL ?? `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${v.PORT}`).replace(/\/+$/, '');
  return {
    database,
    host: v.HOST,
    port: v.PORT,
    siteUrl,
    mediaDir: path.resolve(v.MEDIA_DIR),
    logLevel: v.LOG_LEVEL,
    cacheMaxBytes: v.CACHE_MAX_MB * 1024 * 1024,
    cacheTtlSeconds: v.CACHE_TTL_SECONDS,
    maxUploadBytes: v.MAX_UPLOAD_MB * 1024 * 1024,
    importMaxFileBytes: v.IMPORT_MAX_FILE_KB * 1024,
    redisUrl: v.REDIS_URL ?? null,
    replicaUrl: v.DATABASE_REPLICA_URL ?? null,
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
