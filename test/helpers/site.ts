import fs from 'node:fs';
import path from 'node:path';
import type { ArticleStatus } from '../../src/core/model.js';
import { buildApp, type AppDeps, type ShpaltaApp } from '../../src/server/app.js';
import { importPaths, importPlainFile, type ImportDeps, type ImportedArticle } from '../../src/services/import-plain.js';
import type { Database } from '../../src/storage/database.js';
import { localMediaStore, type MediaStore } from '../../src/storage/media-store.js';
import { afterArticleWrite, statesOf } from '../../src/storage/repositories/article-writes.js';
import { inTransaction } from '../../src/storage/database.js';
import { closeTestDatabases, tempDir, type TestDatabase } from './databases.js';

export const SITE_URL = 'https://news.example.ua';

export interface TestSite {
  database: Database;
  app: ShpaltaApp;
  mediaDir: string;
  /** One per imported file, in import order. */
  imported: ImportedArticle[];
  /** Imports (or re-imports) one more file into the same database and media store; the app's caches hear of it at once. */
  importFile(file: string): Promise<ImportedArticle>;
  /**
   * Sets an article's status with a plain UPDATE, as an editor's write would: its listings are
   * rewritten, the change is logged, and the app's caches hear of it at once.
   */
  setStatus(id: number, status: ArticleStatus): Promise<void>;
}

const apps: ShpaltaApp[] = [];

/**
 * A fresh database of the given kind with these files (or folders) imported into it, and the
 * real app built over it. Any import failure fails the test at once.
 */
export async function openSite(tdb: TestDatabase, inputs: string[], options: { clock?: () => Date; maxUploadBytes?: number; config?: Partial<AppDeps['config']>; media?: MediaStore } = {}): Promise<TestSite> {
  const database = await tdb.open();
  const mediaDir = tempDir();
  // mediaDir stays empty when the media are kept elsewhere (an S3 bucket).
  const media = options.media ?? localMediaStore(mediaDir);
  const deps: ImportDeps = { database, media };
  const outcomes = await importPaths(deps, inputs);
  const failures = outcomes.flatMap((o) => (o.ok ? [] : [o.error.describe()]));
  if (failures.length) throw new Error(`import failed:\n${failures.join('\n')}`);
  const config = { siteUrl: SITE_URL, mediaDir, logLevel: 'silent' as const, ...(options.maxUploadBytes ? { maxUploadBytes: options.maxUploadBytes } : {}), ...options.config };
  const app = await buildApp({ config, database, media, ...(options.clock ? { clock: options.clock } : {}) });
  apps.push(app);
  return {
    database,
    app,
    mediaDir,
    imported: outcomes.flatMap((o) => (o.ok ? [o.article] : [])),
    importFile: (file) => importPlainFile({ ...deps, changes: app.shpalta.changes }, file),
    async setStatus(id, status) {
      const { changed } = await inTransaction(database, async (tx) => {
        const before = await statesOf(tx.db, [id]);
        await tx.db.updateTable('articles').set({ status }).where('id', '=', id).execute();
        return afterArticleWrite(tx, [id], { before, now: new Date() });
      });
      app.shpalta.changes.notify(changed);
    },
  };
}

/** Closes every app opened by this test file, then its databases; call from a top-level after(). */
export async function closeTestSites(): Promise<void> {
  for (const app of apps.splice(0)) await app.close();
  await closeTestDatabases();
}

/** The parts of a plain-text article file (demo/README.md describes the format). */
export interface PlainArticle {
  /** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM', Kyiv time. */
  date: string;
  /** The breadcrumb after the date: 'Головна Світ Політика'. */
  crumbs: string;
  title: string;
  author: string;
  source: string;
  photo: { caption: string; credit: string } | null;
  lead: string;
  body: string[];
  recap: string[] | null;
  /** The words after 'Теги:'; null for no tags line. */
  tags: string | null;
}

export const defaultPlainArticle: PlainArticle = {
  date: '2026-03-12 09:40',
  crumbs: 'Головна Київ',
  title: 'КМДА оновить сорок зупинок громадського транспорту',
  author: 'Дарина Ткачук',
  source: 'shpalta.media',
  photo: null,
  lead: 'До кінця квітня на лівому березі столиці замінять павільйони на сорока зупинках.',
  body: ['Про це в середу на брифінгу розповів заступник голови КМДА.', 'Роботи фінансують з міського бюджету.'],
  recap: null,
  tags: 'КМДА транспорт Київ',
};

export function plainArticleText(overrides: Partial<PlainArticle> = {}): string {
  const a = { ...defaultPlainArticle, ...overrides };
  const meta = [a.author, a.source, a.author, ...(a.photo ? [a.photo.caption, `фото: ${a.photo.credit}`] : [])];
  const paragraphs = [a.lead, ...a.body, ...(a.recap ?? []), ...(a.tags !== null ? [`Теги: ${a.tags}`] : [])];
  return ` date ${a.date} ${a.crumbs}\n${a.title}\n\n${meta.join('\n')}\n\n${paragraphs.join('\n\n')}\n`;
}

/** Writes `<dir>/<name>` (overwriting it) and returns its path. */
export function writePlainArticle(dir: string, name: string, overrides: Partial<PlainArticle> = {}): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, plainArticleText(overrides));
  return file;
}

/** The headline of a plain-text article file: its second line. */
export const titleOfFile = (file: string) => fs.readFileSync(file, 'utf8').split('\n')[1]!.trim();

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
export const unescapeHtml = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

/** The content of `<meta property="…">` (or name="…"), unescaped; null when absent. */
export function metaContent(page: string, key: string): string | null {
  const m = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(page);
  return m ? unescapeHtml(m[1]!) : null;
}

/** The raw text of the single JSON-LD block: up to the first '</script>', as a browser reads it. */
export function jsonLdText(page: string): string {
  const blocks = page.split('<script type="application/ld+json">');
  if (blocks.length !== 2) throw new Error(`expected one JSON-LD block, found ${blocks.length - 1}`);
  return blocks[1]!.split('</script>')[0]!;
}

/** The nodes of the page's JSON-LD: its @graph (every page writes one block with a graph). */
export function jsonLdNodes(page: string): Array<Record<string, any>> {
  const doc = JSON.parse(jsonLdText(page)) as { '@context': string; '@graph': Array<Record<string, any>> };
  if (doc['@context'] !== 'https://schema.org' || !Array.isArray(doc['@graph'])) throw new Error('expected a schema.org @graph');
  return doc['@graph'];
}

/** The one node of a type in the page's JSON-LD. */
export function jsonLdNode(page: string, type: string): Record<string, any> {
  const found = jsonLdNodes(page).filter((n) => n['@type'] === type);
  if (found.length !== 1) throw new Error(`expected one ${type} in the JSON-LD, found ${found.length}`);
  return found[0]!;
}
