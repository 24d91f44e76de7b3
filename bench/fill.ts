/**
 * `node dist/bench/fill.js [--articles N] [--database URL-or-path] [--force] …`: fills a
 * database with generated Ukrainian news for the benchmark. See bench/README.md.
 */
import { databaseConfig, describeDatabase, parse, wholeNumber } from './cli-args.js';
import { prepareDatabase, RefusedError, type FillMode } from './fill-db.js';
import { CORPORA, type Corpus } from './zipf-text.js';

const USAGE = `usage: node dist/bench/fill.js [options]

  --articles N      how many articles (default 100000)
  --database X      a SQLite file or a postgres:// URL (default ./data/bench.db)
  --force           EMPTY a database that already holds articles, then fill it
  --mode M          bulk (default: multi-row inserts) or repo (saveArticle, one by one)
  --batch N         articles per transaction (default 1000)
  --verify N        after a bulk fill, check N articles against saveArticle (default 25, 0: none)
  --corpus C        template (default: the generator's sentences over a small vocabulary)
                    or zipf (a large vocabulary with word frequencies ∝ 1/rank, as in news)
  --seed N          generator seed (default 20240824)
  --end ISO-TIME    publication time of the newest article (default: now)`;

async function main(): Promise<void> {
  const args = parse(
    {
      articles: { type: 'string' },
      database: { type: 'string' },
      force: { type: 'boolean' },
      mode: { type: 'string' },
      batch: { type: 'string' },
      verify: { type: 'string' },
      seed: { type: 'string' },
      corpus: { type: 'string' },
      end: { type: 'string' },
    },
    USAGE,
  );
  const config = databaseConfig(args.database);
  const mode = (args.mode ?? 'bulk') as FillMode;
  if (mode !== 'bulk' && mode !== 'repo') {
    console.error(`--mode must be bulk or repo, got '${mode}'`);
    process.exit(2);
  }
  const corpus = (args.corpus ?? 'template') as Corpus;
  if (!CORPORA.includes(corpus)) {
    console.error(`--corpus must be ${CORPORA.join(' or ')}, got '${args.corpus}'`);
    process.exit(2);
  }
  const end = args.end === undefined ? undefined : new Date(args.end);
  if (end && Number.isNaN(end.getTime())) {
    console.error(`--end must be a date and time such as 2025-11-24T12:00:00Z, got '${args.end}'`);
    process.exit(2);
  }
  const articles = wholeNumber(args.articles, 100_000, 'articles');
  console.log(`Filling ${describeDatabase(config)} with ${articles.toLocaleString('en-US')} articles (${mode}, ${corpus} corpus)`);
  try {
    const { fill, count } = await prepareDatabase(config, {
      articles,
      mode,
      force: args.force ?? false,
      batch: wholeNumber(args.batch, 1000, 'batch'),
      corpus,
      verify: wholeNumber(args.verify, 25, 'verify', 0),
      ...(args.seed === undefined ? {} : { seed: wholeNumber(args.seed, 0, 'seed', 0) }),
      ...(end ? { end } : {}),
    });
    if (fill) {
      console.log(
        `Done: ${fill.articles.toLocaleString('en-US')} articles (${count.published.toLocaleString('en-US')} published) in ${fill.seconds.toFixed(1)} s, ` +
          `${Math.round(fill.rate).toLocaleString('en-US')} articles/s`,
      );
    }
  } catch (e) {
    if (e instanceof RefusedError) {
      console.error(`fill: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
