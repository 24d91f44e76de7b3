/**
 * Search quality on the evaluation set (test/search-eval): imports its articles into a fresh
 * database, runs every query through the real search service, and prints precision and recall
 * beside those of plain exact-word matching.
 *
 *   node dist/scripts/search-eval.js [--database postgres://…] [--verbose]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePlainArticle } from '../src/core/plain-text/parse.js';
import { parseDatabaseUrl } from '../src/config.js';
import { importPaths } from '../src/services/import-plain.js';
import { search } from '../src/services/search.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { localMediaStore } from '../src/storage/media-store.js';
import { migrateToLatest } from '../src/storage/migrate.js';

export const EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/search-eval');

export interface EvalQuery {
  q: string;
  relevant: string[];
  why?: string;
}

export interface Scores {
  precision: number;
  recall: number;
  /** Per query: what was found that should not be, and what was missed. */
  misses: Array<{ q: string; extra: string[]; missing: string[] }>;
}

export const loadQueries = (): EvalQuery[] => JSON.parse(fs.readFileSync(path.join(EVAL_DIR, 'queries.json'), 'utf8')) as EvalQuery[];

/** Micro-averaged over all (query, article) pairs, so every judgement weighs the same. */
export function score(queries: EvalQuery[], found: string[][]): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: Scores['misses'] = [];
  queries.forEach((query, i) => {
    const got = new Set(found[i]);
    const want = new Set(query.relevant);
    const extra = [...got].filter((x) => !want.has(x));
    const missing = [...want].filter((x) => !got.has(x));
    tp += [...got].filter((x) => want.has(x)).length;
    fp += extra.length;
    fn += missing.length;
    if (extra.length || missing.length) misses.push({ q: query.q, extra, missing });
  });
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn), misses };
}

/** Imports the corpus into `database` and runs every query; returns the found base names per query. */
export async function runShpalta(database: Database, queries: EvalQuery[]): Promise<string[][]> {
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-eval-'));
  const outcomes = await importPaths({ database, media: localMediaStore(mediaDir) }, [path.join(EVAL_DIR, 'articles')]);
  fs.rmSync(mediaDir, { recursive: true, force: true });
  const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.error.describe()]));
  if (failed.length) throw new Error(`evaluation corpus failed to import:\n${failed.join('\n')}`);
  const byId = new Map(outcomes.flatMap((o) => (o.ok ? [[o.article.id, path.basename(o.article.file, '.txt')] as const] : [])));
  const found: string[][] = [];
  for (const query of queries) {
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const r = await search(database, { q: query.q, page, sort: 'relevance', now: new Date('2026-11-24T12:00:00Z') });
      names.push(...r.items.map((i) => byId.get(i.article.id)!));
      if (!r.hasNext) break;
    }
    found.push(names);
  }
  return found;
}

/** The baseline: a document matches when it contains every query word exactly (case folded). */
export function runExact(queries: EvalQuery[]): string[][] {
  const dir = path.join(EVAL_DIR, 'articles');
  const docs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => {
      const a = parsePlainArticle(fs.readFileSync(path.join(dir, f), 'utf8'), f);
      const text = [a.title, a.lead, ...a.body.map((b) => ('text' in b ? b.text : '')), ...(a.recap ?? []), a.tagWords.join(' ')].join(' ');
      return { name: f.replace(/\.txt$/, ''), words: new Set(words(text)) };
    });
  return queries.map((q) => {
    const wanted = words(q.q.replace(/\S+:\S+/g, ''));
    return wanted.length === 0 ? [] : docs.filter((d) => wanted.every((w) => d.words.has(w))).map((d) => d.name);
  });
}

const words = (s: string) => s.toLocaleLowerCase('uk').match(/[\p{L}\p{M}'’ʼ]+|\d+/gu) ?? [];

async function main() {
  const args = process.argv.slice(2);
  const dbArg = args[args.indexOf('--database') + 1];
  const queries = loadQueries();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-eval-db-'));
  const database = openDatabase(args.includes('--database') && dbArg ? parseDatabaseUrl(dbArg) : { kind: 'sqlite', file: path.join(tmp, 'eval.db') });
  try {
    await migrateToLatest(database);
    const ours = score(queries, await runShpalta(database, queries));
    const exact = score(queries, runExact(queries));
    const pct = (x: number) => x.toFixed(3);
    console.log(`evaluation set: ${queries.length} queries over ${fs.readdirSync(path.join(EVAL_DIR, 'articles')).length} articles (${database.dialect})`);
    console.log(`                 precision  recall`);
    console.log(`Shpalta          ${pct(ours.precision)}      ${pct(ours.recall)}`);
    console.log(`exact matching   ${pct(exact.precision)}      ${pct(exact.recall)}`);
    if (args.includes('--verbose')) for (const m of ours.misses) console.log(`  ${m.q}: extra ${m.extra.join(', ') || '-'}; missing ${m.missing.join(', ') || '-'}`);
  } finally {
    await database.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
