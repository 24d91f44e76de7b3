/**
 * Fills a database with generated articles for the benchmark. Sections, authors and tags go
 * through the repository functions (ensureSectionPath, ensureAuthor, ensureTag). Articles go
 * either through saveArticle one by one ('repo'), or ('bulk', the default, several times faster)
 * with multi-row inserts of the same rows saveArticle and refreshListings would write: articles,
 * article_authors, article_tags and article_listings. `verifyBulk` checks that claim on a sample
 * by saving the same input through saveArticle in a transaction that is rolled back, and
 * comparing every row.
 */
import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { SectionRef } from '../src/core/model.js';
import type { DatabaseConfig } from '../src/config.js';
import { withSuffix, slugify } from '../src/core/slug.js';
import { inTransaction, openDatabase, type Database } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { saveArticle, type ArticleInput } from '../src/storage/repositories/articles.js';
import { insertArticles } from '../src/storage/repositories/article-batch.js';
import { recordChange } from '../src/storage/repositories/change-log.js';
import { ensureAuthor, ensureTag } from '../src/storage/repositories/people-and-tags.js';
import { ensureSectionPath } from '../src/storage/repositories/sections.js';
import type { Schema } from '../src/storage/schema.js';
import { makeArticle, type GenArticle, type World } from './generate.js';
import { makeCorpusWorld, type Corpus } from './zipf-text.js';

export type FillMode = 'bulk' | 'repo';

export interface FillOptions {
  articles: number;
  mode?: FillMode;
  /** Articles per transaction. */
  batch?: number;
  /** The newest article's publication time (default: now, to the minute). */
  end?: Date;
  seed?: number;
  /** Whose text the articles get (default 'template'): see bench/zipf-text.ts. */
  corpus?: Corpus;
  /** How many articles to check against saveArticle after a bulk fill (0: none). */
  verify?: number;
  log?: (line: string) => void;
}

export interface FillResult {
  articles: number;
  published: number;
  mode: FillMode;
  seconds: number;
  /** Articles per second, for the articles alone (sections, authors and tags excluded). */
  rate: number;
  verified: number;
}

export interface ContentCount {
  articles: number;
  /** Articles this benchmark made (external_id 'bench-…'). */
  bench: number;
  published: number;
}

export async function countContent(db: Kysely<Schema>): Promise<ContentCount> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => [
      eb.fn.countAll<number>().as('articles'),
      eb.fn.sum<number>(eb.case().when('external_id', 'like', 'bench-%').then(1).else(0).end()).as('bench'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'published').then(1).else(0).end()).as('published'),
    ])
    .executeTakeFirstOrThrow();
  return { articles: Number(row.articles), bench: Number(row.bench ?? 0), published: Number(row.published ?? 0) };
}

/**
 * Empties a database for a new fill (only ever after --force). A SQLite file is removed with
 * its WAL; in PostgreSQL the content tables are truncated (media rows stay).
 */
export async function wipe(config: DatabaseConfig, database: Database | null): Promise<void> {
  if (config.kind === 'sqlite') {
    if (database) await database.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(config.file + suffix, { force: true });
    return;
  }
  if (!database) throw new Error('wipe: an open PostgreSQL database is needed');
  await sql`truncate table article_listings, article_tags, article_authors, articles, tags, authors, sections, content_changes restart identity cascade`.execute(database.db);
}

interface Catalogue {
  /** By 'Top' or 'Top/Child' (names): the chain from the root. */
  sections: Map<string, SectionRef[]>;
  authorIds: number[];
  tagIds: number[];
}

async function createCatalogue(db: Kysely<Schema>, world: World, now: Date): Promise<Catalogue> {
  return db.transaction().execute(async (trx) => {
    const sections = new Map<string, SectionRef[]>();
    for (const top of world.sections) {
      sections.set(top.name, await ensureSectionPath(trx, [top.name], now));
      for (const child of top.children) sections.set(`${top.name}/${child}`, await ensureSectionPath(trx, [top.name, child], now));
    }
    const authorIds: number[] = [];
    for (const name of world.authors) authorIds.push((await ensureAuthor(trx, name, now)).id);
    const tagIds: number[] = [];
    for (const t of world.tags) tagIds.push((await ensureTag(trx, { name: t.name, kind: t.kind }, now)).id);
    return { sections, authorIds, tagIds };
  });
}

/** Slugs as the importer makes them: the headline's, with -2, -3… when taken. */
class SlugBook {
  private readonly taken = new Set<string>();
  take(title: string): string {
    const base = slugify(title) || 'n-a';
    for (let n = 1; ; n++) {
      const slug = withSuffix(base, n);
      if (!this.taken.has(slug)) {
        this.taken.add(slug);
        return slug;
      }
    }
  }
}

interface Prepared {
  gen: GenArticle;
  input: ArticleInput;
  /** What saveArticle is given as `now`: the article was written when it was published. */
  now: Date;
  chain: SectionRef[];
}

function prepare(gen: GenArticle, cat: Catalogue, slug: string, end: Date): Prepared {
  const chain = cat.sections.get(gen.sectionPath.join('/'))!;
  const input: ArticleInput = {
    externalId: gen.externalId,
    slug,
    title: gen.title,
    subtitle: gen.subtitle,
    lead: gen.lead,
    body: gen.body,
    status: gen.status,
    sectionId: chain.at(-1)!.id,
    source: gen.source,
    photo: null,
    recap: null,
    publishedAt: gen.publishedAt,
    publishedTimeKnown: gen.publishedTimeKnown,
    isMain: gen.isMain,
    isBreaking: false,
    authorIds: gen.authors.map((a) => cat.authorIds[a]!),
    tagIds: gen.tags.map((t) => cat.tagIds[t]!),
  };
  return { gen, input, now: gen.publishedAt ?? end, chain };
}

export async function fillDatabase(database: Database, options: FillOptions): Promise<FillResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const mode = options.mode ?? 'bulk';
  const batchSize = options.batch ?? 1000;
  const end = options.end ?? new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const db = database.db;
  const world = makeCorpusWorld(options.corpus ?? 'template', options.seed === undefined ? {} : { seed: options.seed });

  if (database.dialect === 'sqlite') {
    // This connection only (the server opens its own, with the app's settings): a bigger page
    // cache keeps the listing indexes in memory, and no fsync, since a fill that crashes is
    // simply run again. The file written is the same either way.
    await sql`pragma cache_size = -262144`.execute(db);
    await sql`pragma synchronous = off`.execute(db);
  }

  const started = performance.now();
  const cat = await createCatalogue(db, world, end);
  log(`  catalogue: ${cat.sections.size} sections, ${cat.authorIds.length} authors, ${cat.tagIds.length} tags (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  const slugs = new SlugBook();
  const t0 = performance.now();
  let published = 0;
  let lastReport = t0;
  for (let from = 0; from < options.articles; from += batchSize) {
    const to = Math.min(options.articles, from + batchSize);
    const batch: Prepared[] = [];
    for (let i = from; i < to; i++) {
      const gen = makeArticle(world, i, { count: options.articles, end });
      batch.push(prepare(gen, cat, slugs.take(gen.title), end));
      if (gen.status === 'published') published++;
    }
    await inTransaction(database, async (tx) => {
      if (mode === 'bulk') await insertArticles(tx, batch);
      else for (const p of batch) await saveArticle(tx, null, p.input, p.now);
    });
    const now = performance.now();
    if (now - lastReport > 2000 || to === options.articles) {
      lastReport = now;
      const rate = to / ((now - t0) / 1000);
      log(`  ${to.toLocaleString('en-US').padStart(9)} / ${options.articles.toLocaleString('en-US')} articles  ${Math.round(rate).toLocaleString('en-US')} articles/s`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  // One change for the whole fill: a server already running drops its cached pages.
  await recordChange(db, ['home', 'site'], new Date());
  // As after any bulk load (pg_restore's advice): statistics for the planner, and the visibility
  // map set so that index-only scans need not visit the table. A server with autovacuum would
  // get there by itself, later; one without it (this machine's) never would.
  if (database.dialect === 'postgres') await sql`vacuum analyze`.execute(db);
  else await sql`pragma wal_checkpoint(truncate)`.execute(db);

  let verified = 0;
  if (mode === 'bulk' && (options.verify ?? 0) > 0) {
    verified = await verifyBulk(database, world, cat, options.articles, end, options.verify!);
    log(`  verified: ${verified} articles written in bulk match what saveArticle writes (rows of articles, article_authors, article_tags, article_listings)`);
  }
  return { articles: options.articles, published, mode, seconds, rate: options.articles / seconds, verified };
}

// ---------------------------------------------------------------- verification

class Rollback extends Error {}

const norm = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : typeof v === 'boolean' ? Number(v) : v);

/** Every row an article owns, without its own id (and with its external id and slug as given). */
async function snapshot(db: Kysely<Schema>, id: number) {
  const article = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const authors = await db.selectFrom('article_authors').select(['author_id', 'position']).where('article_id', '=', id).orderBy('position').execute();
  const tags = await db.selectFrom('article_tags').select(['tag_id', 'position']).where('article_id', '=', id).orderBy('position').execute();
  const listings = await db
    .selectFrom('article_listings')
    .select(['list_kind', 'list_id', 'published_at'])
    .where('article_id', '=', id)
    .orderBy('list_kind')
    .orderBy('list_id')
    .execute();
  const { id: _id, external_id: _e, slug: _s, ...rest } = article;
  return JSON.stringify({
    article: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, norm(v)])),
    authors,
    tags,
    listings: listings.map((l) => ({ ...l, published_at: norm(l.published_at) })),
  });
}

/**
 * For `samples` articles spread over the set: regenerates the input, saves it anew through
 * saveArticle (a new article, in a transaction rolled back afterwards) and compares its rows
 * with the bulk-written ones. Throws on the first difference.
 */
export async function verifyBulk(database: Database, world: World, cat: Catalogue, count: number, end: Date, samples: number): Promise<number> {
  const db = database.db;
  let checked = 0;
  for (let k = 0; k < samples; k++) {
    const i = Math.min(count - 1, Math.floor(((k + 0.5) * count) / samples));
    const gen = makeArticle(world, i, { count, end });
    const row = await db.selectFrom('articles').select(['id', 'slug']).where('external_id', '=', gen.externalId).executeTakeFirstOrThrow();
    const p = prepare(gen, cat, row.slug, end);
    const bulk = await snapshot(db, row.id);
    let viaRepo = '';
    try {
      await db.transaction().execute(async (trx) => {
        const input = { ...p.input, externalId: `${gen.externalId}-check`, slug: `${row.slug}-check` };
        const { id } = await saveArticle({ db: trx, engine: database.engine }, null, input, p.now);
        viaRepo = await snapshot(trx, id);
        throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    if (viaRepo !== bulk) throw new Error(`bulk fill differs from saveArticle for ${gen.externalId}:\n  bulk: ${bulk}\n  repo: ${viaRepo}`);
    checked++;
  }
  return checked;
}

// ---------------------------------------------------------------- open, check, fill

export interface PrepareOptions extends FillOptions {
  /** Empty a database that already holds articles (never without the user's say-so). */
  force?: boolean;
  /** Keep a database that already holds exactly `articles` articles made by this benchmark. */
  reuse?: boolean;
  /** Empty, without --force, a database whose articles all came from this benchmark. */
  replaceBench?: boolean;
}

export interface PrepareResult {
  reused: boolean;
  fill: FillResult | null;
  count: ContentCount;
}

export class RefusedError extends Error {}

/**
 * Whether the database's first benchmark article is the one this corpus and seed make (its
 * headline does not depend on the number of articles or the end time): a database filled with
 * the other corpus is refilled, not measured as if it were this one.
 */
async function sameCorpus(db: Kysely<Schema>, options: FillOptions): Promise<boolean> {
  const world = makeCorpusWorld(options.corpus ?? 'template', options.seed === undefined ? {} : { seed: options.seed });
  const first = makeArticle(world, 0, { count: options.articles, end: new Date() });
  const row = await db.selectFrom('articles').select('title').where('external_id', '=', first.externalId).executeTakeFirst();
  return row?.title === first.title;
}

/** Opens (and migrates) the database, refuses or empties one with articles, and fills it. */
export async function prepareDatabase(config: DatabaseConfig, options: PrepareOptions): Promise<PrepareResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  let database = openDatabase(config);
  try {
    await migrateToLatest(database);
    const count = await countContent(database.db);
    if (options.reuse && count.articles === options.articles && count.bench === options.articles && (await sameCorpus(database.db, options))) {
      log(`  reusing: the database already holds the ${count.articles.toLocaleString('en-US')} benchmark articles`);
      return { reused: true, fill: null, count };
    }
    if (count.articles > 0) {
      const onlyBench = count.bench === count.articles;
      if (!options.force && !(options.replaceBench && onlyBench)) {
        throw new RefusedError(
          `the database already holds ${count.articles.toLocaleString('en-US')} articles (${count.bench.toLocaleString('en-US')} of them from this benchmark); ` +
            `refusing to fill it. Pass --force to EMPTY it first (every article, section, author and tag is deleted), or choose another --database.`,
        );
      }
      log(
        options.force
          ? `  --force: emptying the database (${count.articles.toLocaleString('en-US')} articles)`
          : `  emptying the benchmark database: it holds ${count.articles.toLocaleString('en-US')} benchmark articles, not ${options.articles.toLocaleString('en-US')}`,
      );
      await wipe(config, database);
      if (config.kind === 'sqlite') {
        database = openDatabase(config);
        await migrateToLatest(database);
      }
    }
    const fill = await fillDatabase(database, options);
    return { reused: false, fill, count: await countContent(database.db) };
  } finally {
    await database.close().catch(() => {});
  }
}

/** Tags with how many published articles each lists, most used first (for picking benchmark URLs). */
export function tagsByUse(db: Kysely<Schema>) {
  return db
    .selectFrom('article_listings as l')
    .innerJoin('tags as t', 't.id', 'l.list_id')
    .select(['t.slug', 't.name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('l.list_kind', '=', 'tag')
    .groupBy(['t.id', 't.slug', 't.name'])
    .orderBy('n', 'desc')
    .execute();
}
