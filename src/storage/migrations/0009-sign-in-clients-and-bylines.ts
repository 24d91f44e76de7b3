import type { Kysely } from 'kysely';
import { nameTerms } from '../../core/search/names.js';
import { slugify, withSuffix } from '../../core/slug.js';
import type { DialectName } from '../database.js';
import { columnTypes } from './column-types.js';

/**
 * Sign-in throttling that does not lock the right person out, and one byline per account.
 *
 * `sign_in_clients` remembers where each account has signed in: a device (the sha256 of the
 * `shpalta_device` cookie's token) and an address. Failed attempts from elsewhere do not hold
 * those back (services/newsroom/sign-in-throttle.ts).
 *
 * Accounts used to get their byline by name, so two people of the same name shared one author
 * record and owned each other's articles. Where that happened, the account created first keeps
 * the author record and each later one gets an author record of its own (same name, new slug);
 * no article is re-signed, so nothing a reader sees changes, and every account keeps the
 * articles it created itself (ownership also follows `created_by`). Each split is in the audit
 * log. Then a unique index makes a shared byline impossible.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('sign_in_clients')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 'device' or 'address'.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_clients_pk', ['user_id', 'kind', 'key'])
    .execute();
  await db.schema.createIndex('sign_in_clients_seen_idx').on('sign_in_clients').column('last_seen_at').execute();

  await splitSharedBylines(db);
  await db.schema.createIndex('users_author_id_key').on('users').column('author_id').unique().execute();
}

async function splitSharedBylines(db: Kysely<any>): Promise<void> {
  const shared = await db
    .selectFrom('users')
    .select(['id', 'name', 'author_id'])
    .where('author_id', 'in', db.selectFrom('users').select('author_id').where('author_id', 'is not', null).groupBy('author_id').having((eb) => eb.fn.countAll(), '>', 1))
    .orderBy('author_id')
    .orderBy('id')
    .execute();
  const now = new Date().toISOString();
  let keeper: number | null = null;
  for (const u of shared as Array<{ id: number; name: string; author_id: number }>) {
    if (u.author_id !== keeper) {
      keeper = u.author_id;
      continue;
    }
    const base = slugify(u.name) || 'n-a';
    let slug = base;
    for (let n = 2; await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst(); n++) slug = withSuffix(base, n);
    const author = await db
      .insertInto('authors')
      .values({ name: u.name, slug, bio: null, photo_media_id: null, search_terms: nameTerms(u.name), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('users').set({ author_id: author.id, updated_at: now }).where('id', '=', u.id).execute();
    await db
      .insertInto('audit_log')
      .values({
        at: now,
        user_id: null,
        action: 'user.byline-split',
        target_kind: 'user',
        target_id: u.id,
        details: JSON.stringify({ sharedAuthorId: u.author_id, newAuthorId: author.id, why: 'the byline was shared with another account of the same name' }),
      })
      .execute();
  }
}
