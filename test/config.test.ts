import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig, type Config } from '../src/config.js';
import { ShpaltaError } from '../src/core/errors.js';

/** The settings these tests are about (the config may hold others). */
const pick = ({ database, host, port, siteUrl, mediaDir, logLevel }: Config) => ({ database, host, port, siteUrl, mediaDir, logLevel });

/** loadConfig(env) must throw CONFIG_INVALID; returns the message. */
function configError(env: Record<string, string>): string {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ShpaltaError, `expected a ShpaltaError for ${JSON.stringify(env)}, got ${String(caught)}`);
  assert.equal(caught.code, 'CONFIG_INVALID');
  return caught.message;
}

test('defaults: a SQLite file under ./data, 127.0.0.1:3000', () => {
  assert.deepEqual(pick(loadConfig({})), {
    database: { kind: 'sqlite', file: path.resolve('data/shpalta.db') },
    host: '127.0.0.1',
    port: 3000,
    siteUrl: 'http://127.0.0.1:3000',
    mediaDir: path.resolve('data/media'),
    logLevel: 'info',
  });
});

test('unrelated variables are ignored', () => {
  assert.deepEqual(pick(loadConfig({ PATH: '/bin', HOME: '/root', NODE_ENV: 'production', PGHOST: 'db' })), pick(loadConfig({})));
});

test('every variable is read', () => {
  const config = pick(loadConfig({
    DATABASE_URL: '/var/lib/shpalta/site.db',
    HOST: '0.0.0.0',
    PORT: '8080',
    SITE_URL: 'https://news.example.ua',
    MEDIA_DIR: 'uploads',
    LOG_LEVEL: 'warn',
  }));
  assert.deepEqual(config, {
    database: { kind: 'sqlite', file: '/var/lib/shpalta/site.db' },
    host: '0.0.0.0',
    port: 8080,
    siteUrl: 'https://news.example.ua',
    mediaDir: path.resolve('uploads'),
    logLevel: 'warn',
  });
});

test('a postgres:// or postgresql:// URL selects PostgreSQL, kept as given', () => {
  for (const url of ['postgres://shpalta:secret@db.internal:5432/shpalta', 'postgresql://localhost/news']) {
    assert.deepEqual(loadConfig({ DATABASE_URL: url }).database, { kind: 'postgres', url });
  }
});

test('without SITE_URL the site URL follows HOST and PORT; a wildcard HOST shows as 127.0.0.1', () => {
  assert.equal(loadConfig({ PORT: '8080' }).siteUrl, 'http://127.0.0.1:8080');
  assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).siteUrl, 'http://127.0.0.1:8080');
  assert.equal(loadConfig({ HOST: 'news.local' }).siteUrl, 'http://news.local:3000');
  assert.equal(loadConfig({ HOST: '::1' }).siteUrl, 'http://[::1]:3000');
});

test('SITE_URL loses its trailing slashes', () => {
  assert.equal(loadConfig({ SITE_URL: 'https://news.example.ua/' }).siteUrl, 'https://news.example.ua');
  assert.equal(loadConfig({ SITE_URL: 'https://news.example.ua//' }).siteUrl, 'https://news.example.ua');
  assert.equal(loadConfig({ SITE_URL: 'https://example.ua/news/' }).siteUrl, 'https://example.ua/news');
});

test('empty variables count as unset', () => {
  const env = { DATABASE_URL: '', HOST: '', PORT: '', SITE_URL: '', MEDIA_DIR: '', LOG_LEVEL: '' };
  assert.deepEqual(loadConfig(env), loadConfig({}));
});

test('a bad PORT is refused, naming PORT', () => {
  for (const port of ['abc', '0', '70000', '-1', '80.5']) {
    const message = configError({ PORT: port });
    assert.match(message, /PORT: must be a whole number from 1 to 65535/, `PORT=${port}`);
  }
  assert.equal(loadConfig({ PORT: '1' }).port, 1);
  assert.equal(loadConfig({ PORT: '65535' }).port, 65535);
});

test('a SITE_URL that is not http(s) is refused, naming SITE_URL', () => {
  for (const url of ['ftp://x', 'news.example.ua', 'http://']) {
    assert.match(configError({ SITE_URL: url }), /SITE_URL: must be an http:\/\/ or https:\/\/ URL/, `SITE_URL=${url}`);
  }
});

test('a DATABASE_URL of another kind of database is refused, naming DATABASE_URL', () => {
  assert.match(configError({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: 'mysql:\/\/x' must be a postgres:\/\/ URL or a path to a SQLite file/);
});

test('a bad LOG_LEVEL is refused, naming LOG_LEVEL', () => {
  assert.match(configError({ LOG_LEVEL: 'verbose' }), /LOG_LEVEL: /);
});

test('several bad values are all listed in one message, one line each', () => {
  const message = configError({ PORT: 'abc', SITE_URL: 'ftp://x', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
  const lines = message.split('\n');
  for (const name of ['PORT', 'SITE_URL', 'LOG_LEVEL', 'DATABASE_URL']) {
    assert.equal(lines.filter((l) => l.trim().startsWith(`${name}:`)).length, 1, `one line for ${name} in:\n${message}`);
  }
});

test('DATABASE_REPLICA_URL: a postgres:// URL beside a PostgreSQL DATABASE_URL; anything else is refused by name', () => {
  const primary = 'postgres://app@db-primary/news';
  assert.equal(loadConfig({ DATABASE_URL: primary }).replicaUrl, null);
  assert.equal(loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'postgres://reader@db-replica/news' }).replicaUrl, 'postgres://reader@db-replica/news');
  assert.match(configError({ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'mysql://db/news' }), /DATABASE_REPLICA_URL: must be a postgres:\/\/ URL/);
  assert.match(configError({ DATABASE_URL: './data/site.db', DATABASE_REPLICA_URL: 'postgres://reader@db-replica/news' }), /DATABASE_REPLICA_URL: a read replica needs DATABASE_URL to be PostgreSQL/);
});

test('TRUST_PROXY: none by default; a number of hops or a list of addresses and ranges; anything else stops the boot, naming it', () => {
  assert.equal(loadConfig({}).trustProxy, false, 'no proxy is trusted unless configured');
  assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,fd00::/8,loopback' }).trustProxy, ['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8', 'loopback']);
  for (const bad of ['true', '*', '11', 'proxy.internal', '10.0.0.300', '10.0.0.0/33', '::1/129', '10.0.0.1,,10.0.0.2', '10.0.0.0/8/1']) {
    const message = configError({ TRUST_PROXY: bad });
    assert.match(message, /^ {2}TRUST_PROXY: /m, bad);
    assert.equal(message.split('\n').length, 2, `one line for '${bad}': ${message}`);
  }
  assert.match(configError({ TRUST_PROXY: 'true' }), /would trust every client to name its own address/);
});

test('METRICS_TOKEN and METRICS_LISTEN: /metrics is off the public port unless one is set; bad values are refused by name', () => {
  const none = loadConfig({});
  assert.deepEqual([none.metricsToken, none.metricsListen], [null, null]);
  assert.equal(loadConfig({ METRICS_TOKEN: 'a'.repeat(32) }).metricsToken, 'a'.repeat(32));
  assert.deepEqual(loadConfig({ METRICS_LISTEN: '9464' }).metricsListen, { host: '127.0.0.1', port: 9464 });
  assert.deepEqual(loadConfig({ METRICS_LISTEN: '10.0.0.7:9464' }).metricsListen, { host: '10.0.0.7', port: 9464 });
  assert.deepEqual(loadConfig({ METRICS_LISTEN: '[::1]:9464' }).metricsListen, { host: '::1', port: 9464 });
  assert.match(configError({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN: must be 16 to 200 visible ASCII characters/);
  assert.match(configError({ METRICS_LISTEN: 'metrics' }), /METRICS_LISTEN: must be PORT or HOST:PORT/);
  assert.match(configError({ METRICS_LISTEN: '0.0.0.0:70000' }), /METRICS_LISTEN: /);
  assert.match(configError({ PORT: '8080', METRICS_LISTEN: '8080' }), /METRICS_LISTEN: port 8080 is the site's own PORT/);
});

test('MEDIA_STORE: an S3 bucket (with a prefix) and its settings, or a folder; MEDIA_DIR alone is the folder', () => {
  assert.deepEqual(loadConfig({}).mediaStore, { kind: 'file', dir: path.resolve('data/media') });
  assert.deepEqual(loadConfig({ MEDIA_DIR: 'uploads' }).mediaStore, { kind: 'file', dir: path.resolve('uploads') });
  assert.deepEqual(loadConfig({ MEDIA_STORE: 'file:./photos' }).mediaStore, { kind: 'file', dir: path.resolve('photos') });
  assert.equal(loadConfig({ MEDIA_STORE: 'file:./photos' }).mediaDir, path.resolve('photos'));
  // AWS: no endpoint, virtual-hosted buckets.
  assert.deepEqual(loadConfig({ MEDIA_STORE: 's3://news-media', S3_REGION: 'eu-central-1' }).mediaStore, { kind: 's3', bucket: 'news-media', prefix: '', endpoint: null, region: 'eu-central-1', forcePathStyle: false });
  // A service of one's own: path-style unless told otherwise.
  assert.deepEqual(loadConfig({ MEDIA_STORE: 's3://media/shpalta/', S3_ENDPOINT: 'http://10.0.0.5:9000/', AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' }).mediaStore, { kind: 's3', bucket: 'media', prefix: 'shpalta/', endpoint: 'http://10.0.0.5:9000', region: 'us-east-1', forcePathStyle: true });
  assert.equal((loadConfig({ MEDIA_STORE: 's3://media', S3_ENDPOINT: 'https://x.r2.cloudflarestorage.com', S3_REGION: 'auto', S3_FORCE_PATH_STYLE: 'false' }).mediaStore as { forcePathStyle: boolean }).forcePathStyle, false);
});

test('a bad MEDIA_STORE or S3 setting stops the boot naming the variable', () => {
  assert.match(configError({ MEDIA_STORE: 'ftp://media' }), /MEDIA_STORE: 'ftp:\/\/media' must be s3:\/\/BUCKET\[\/PREFIX\] or file:DIR/);
  assert.match(configError({ MEDIA_STORE: 's3://Media_Bucket' }), /MEDIA_STORE: 'Media_Bucket' is not a bucket name/);
  assert.match(configError({ MEDIA_STORE: 's3://media/a/../b' }), /MEDIA_STORE: the prefix 'a\/..\/b' may not hold/);
  assert.match(configError({ MEDIA_STORE: 'file:' }), /MEDIA_STORE: 'file:' names no folder/);
  assert.match(configError({ MEDIA_STORE: 's3://media', S3_ENDPOINT: 'minio:9000' }), /S3_ENDPOINT: must be the service's http:\/\/ or https:\/\/ origin/);
  assert.match(configError({ MEDIA_STORE: 's3://media', S3_FORCE_PATH_STYLE: 'yes' }), /S3_FORCE_PATH_STYLE: must be true or false/);
  assert.match(configError({ MEDIA_STORE: 's3://media', AWS_ACCESS_KEY_ID: 'k' }), /AWS_SECRET_ACCESS_KEY: the S3 key id and its secret go together/);
  assert.match(configError({ MEDIA_STORE: 'file:/srv/a', MEDIA_DIR: '/srv/b' }), /MEDIA_STORE: file:\/srv\/a and MEDIA_DIR \/srv\/b name two folders/);
});

test('SOCIAL_PREVIEW, SOCIAL_PREVIEW_ORIGIN, SOCIAL_PREVIEW_TIMEOUT_MS: the platforms themselves in 3 s by default; a relay origin or off; bad values refused by name', () => {
  assert.deepEqual(loadConfig({}).socialPreview, { enabled: true, origin: null, timeoutMs: 3_000, maxBytes: 1024 * 1024 });
  const relay = loadConfig({ SOCIAL_PREVIEW_ORIGIN: 'http://127.0.0.1:8089/', SOCIAL_PREVIEW_TIMEOUT_MS: '1500' }).socialPreview;
  assert.deepEqual([relay.origin, relay.timeoutMs], ['http://127.0.0.1:8089', 1_500]);
  assert.equal(loadConfig({ SOCIAL_PREVIEW: 'off' }).socialPreview.enabled, false);
  assert.match(configError({ SOCIAL_PREVIEW: 'maybe' }), /SOCIAL_PREVIEW: must be on or off/);
  for (const origin of ['ftp://relay', 'http://relay/path', 'http://user@relay', 'relay:8089']) assert.match(configError({ SOCIAL_PREVIEW_ORIGIN: origin }), /SOCIAL_PREVIEW_ORIGIN: must be an http/, origin);
  assert.match(configError({ SOCIAL_PREVIEW_TIMEOUT_MS: '50' }), /SOCIAL_PREVIEW_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 30000/);
});

test('DATABASE_POOL_SIZE: 10 connections a serving process by default; 1 to 500; anything else refused by name', () => {
  assert.equal(loadConfig({}).databasePoolSize, 10);
  assert.equal(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize, 25);
  for (const bad of ['0', '501', '2.5', 'many']) assert.match(configError({ DATABASE_POOL_SIZE: bad }), /DATABASE_POOL_SIZE: must be a whole number of connections from 1 to 500/, bad);
});
