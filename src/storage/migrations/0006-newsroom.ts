import { sql, type Kysely } from 'kysely';
import type { Database, DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/**
 * The newsroom: accounts (each may stand for an author in bylines), sessions kept in the
 * database so that any instance knows them, failed sign-ins for throttling, a revision per
 * save, an audit log, who has an article open, and the article's version for optimistic
 * locking (a save names the version it started from; an older one is refused, never merged
 * silently).
 */
export async function up(db: Kysely<any>, dialect: DialectName, database: Database): Promise<void> {
  const t = columnTypes(dialect);
  await allowReviewStatus(db, dialect, database);
  await t
    .id(db.schema.createTable('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('authors.id').onDelete('set null'))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    // sha256 of the cookie's token: a copy of the table signs nobody in.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  // One row per failed sign-in, by account ('email:…') and by address ('ip:…').
  await t
    .id(db.schema.createTable('login_failures'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_key_idx').on('login_failures').columns(['key', 'at']).execute();

  await db.schema.alterTable('articles').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('articles').addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();

  await db.schema.alterTable('media').addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null')).execute();

  await t
    .id(db.schema.createTable('article_revisions'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // 'create', 'save', 'autosave', 'restore', 'status'.
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON of the editor's view of the article at that version.
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_article_idx').on('article_revisions').columns(['article_id', 'version']).execute();

  await t
    .id(db.schema.createTable('audit_log'))
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer')
    // JSON: what changed, the IP.
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target_kind', 'target_id']).execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();

  await db.schema
    .createTable('article_presence')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seen_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('article_presence_pk', ['article_id', 'user_id'])
    .execute();
}

const OLD_CHECK = "status in ('draft', 'scheduled', 'published', 'unpublished')";
const NEW_CHECK = "status in ('draft', 'review', 'scheduled', 'published', 'unpublished')";

/**
 * 'review' (awaiting an editor) joins the statuses the articles table accepts. PostgreSQL
 * replaces the constraint. SQLite cannot alter a CHECK; widening one changes nothing stored, so
 * it edits the table's definition in place, the way SQLite's documentation describes for such
 * changes (writable_schema, then a new schema_version), rather than copying the whole table.
 */
async function allowReviewStatus(db: Kysely<any>, dialect: DialectName, database: Database) {
  if (dialect === 'postgres') {
    await sql`alter table articles drop constraint articles_status_check`.execute(db);
    await sql`alter table articles add constraint articles_status_check check (${sql.raw(NEW_CHECK)})`.execute(db);
    return;
  }
  const raw = database.sqlite;
  if (!raw) throw new Error('the SQLite migration needs the connection');
  const before = raw.prepare("select sql from sqlite_schema where type = 'table' and name = 'articles'").pluck().get() as string;
  if (!before.includes(OLD_CHECK)) throw new Error(`articles has an unexpected status check: ${before}`);
  const version = raw.pragma('schema_version', { simple: true }) as number;
  // better-sqlite3 runs SQLite in defensive mode, which forbids this edit; only for its length.
  raw.unsafeMode(true);
  try {
    raw.pragma('writable_schema = ON');
    raw.prepare("update sqlite_schema set sql = replace(sql, ?, ?) where type = 'table' and name = 'articles'").run(OLD_CHECK, NEW_CHECK);
    raw.pragma(`schema_version = ${version + 1}`);
    raw.pragma('writable_schema = OFF');
  } finally {
    raw.unsafeMode(false);
  }
  const problems = raw.pragma('quick_check', { simple: true });
  if (problems !== 'ok') throw new Error(`the articles table failed its check after the edit: ${String(problems)}`);
}
