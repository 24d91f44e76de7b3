/** Small helpers shared by the benchmark's command-line scripts. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDatabaseUrl, type DatabaseConfig } from '../src/config.js';

export const DEFAULT_DATABASE = './data/bench.db';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(options: T, usage: string) {
  try {
    const { values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true });
    if ((values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return values as ReturnType<typeof parseArgs<{ options: T }>>['values'];
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}

export function wholeNumber(value: string | undefined, fallback: number, name: string, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, got '${value}'`);
    process.exit(2);
  }
  return n;
}

export function databaseConfig(value: string | undefined): DatabaseConfig {
  try {
    return parseDatabaseUrl(value ?? DEFAULT_DATABASE);
  } catch (e) {
    console.error((e as Error).message.replace(/^DATABASE_URL/, '--database'));
    process.exit(2);
  }
}

/** For printing: a PostgreSQL URL without its password. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return `SQLite ${config.file}`;
  const url = new URL(config.url);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.href}`;
}

/** The URL or file path as DATABASE_URL takes it. */
export const databaseUrl = (config: DatabaseConfig) => (config.kind === 'sqlite' ? config.file : config.url);
