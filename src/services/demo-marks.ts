import fs from 'node:fs/promises';
import type { Mark } from '../contract/model.js';
import { blockRichTexts, mapBlockRichText, markPhrase } from '../core/rich-text.js';
import { inTransaction, type Database } from '../storage/database.js';
import { bodiesOf, rewriteBodies } from '../storage/repositories/article-bodies.js';
import { importedByExternalIds } from '../storage/repositories/articles.js';
import type { WriteOutcome } from '../storage/repositories/article-writes.js';

/**
 * The demo's bold, italic and links (`demo/marks.json`): the plain-text format has none, so the
 * demo adds them to its imported articles, each to the first run of the body holding its phrase.
 * A link names another demo article by its file (its external id) or an address.
 */
export interface DemoMark {
  article: string;
  phrase: string;
  mark: 'bold' | 'italic' | { href: string } | { article: string };
}

export async function applyDemoMarks(database: Database, file: string, now = new Date()): Promise<WriteOutcome> {
  const marks = JSON.parse(await fs.readFile(file, 'utf8')) as DemoMark[];
  const names = [...new Set(marks.flatMap((m) => [m.article, ...(typeof m.mark === 'object' && 'article' in m.mark ? [m.mark.article] : [])]))];
  return inTransaction(database, async (tx) => {
    const stored = await importedByExternalIds(tx.db, names);
    const idOf = (name: string) => {
      const a = stored.get(name);
      if (!a) throw new Error(`${file}: no demo article ${name}`);
      return a.id;
    };
    const bodies = await bodiesOf(tx, marks.map((m) => idOf(m.article)));
    for (const m of marks) {
      const mark: Mark = typeof m.mark === 'string' ? { type: m.mark } : 'href' in m.mark ? { type: 'link', attrs: { href: m.mark.href, articleId: null } } : { type: 'link', attrs: { href: null, articleId: idOf(m.mark.article) } };
      const id = idOf(m.article);
      const body = [...bodies.get(id)!];
      const at = body.findIndex((b) => blockRichTexts(b).some((rt) => markPhrase(rt, m.phrase, mark)));
      if (at < 0) throw new Error(`${file}: '${m.phrase}' is not in the body of ${m.article}`);
      let done = false;
      body[at] = mapBlockRichText(body[at]!, (rt) => {
        const marked = done ? null : markPhrase(rt, m.phrase, mark);
        if (marked) done = true;
        return marked ?? rt;
      });
      bodies.set(id, body);
    }
    return rewriteBodies(tx, bodies, now);
  });
}
