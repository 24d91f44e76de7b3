/**
 * Writes generated articles as plain-text files, the format `shpalta import` reads (demo/README.md),
 * for measuring bulk import and for the interrupted-import test:
 *
 *   node dist/bench/plain-corpus.js --articles 100000 --out /tmp/corpus
 *
 * Same generator and seed as the site benchmark; files are named bench-0000001.txt, … so that a
 * folder import takes them in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import { kyivParts } from '../src/core/kyiv-time.js';
import type { Block } from '../src/core/model.js';
import { externalIdOf, makeArticle, makeWorld } from './generate.js';
import { plainText } from '../src/core/rich-text.js';

const pad = (n: number) => String(n).padStart(2, '0');

function blockText(b: Block): string {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
      return plainText(b.content);
    case 'quote':
      return `«${plainText(b.content)}»${b.attribution ? `, – ${b.attribution}` : ''}`;
    case 'list':
      return b.items.map(plainText).join('; ');
    default:
      return '';
  }
}

/** Writes `count` files into `dir`; returns their paths. */
export function writePlainCorpus(dir: string, count: number, options: { seed?: number; end?: Date } = {}): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const world = makeWorld({ seed: options.seed ?? 20240824 });
  const end = options.end ?? new Date('2026-11-24T12:00:00Z');
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const a = makeArticle(world, i, { count, end });
    const at = kyivParts(a.publishedAt ?? end);
    const date = `${at.year}-${pad(at.month)}-${pad(at.day)}${a.publishedTimeKnown ? ` ${pad(at.hour)}:${pad(at.minute)}` : ''}`;
    const author = world.authors[a.authors[0]!]!;
    const paragraphs = [a.lead, ...a.body.map(blockText).filter((t) => t.trim()), `Теги: ${a.tags.map((t) => world.tags[t]!.name).join(' ')}`];
    const text = ` date ${date} Головна ${a.sectionPath.join(' ')}\n${a.title}\n\n${author}\n${a.source ?? 'shpalta.media'}\n${author}\n\n${paragraphs.join('\n\n')}\n`;
    const file = path.join(dir, `${externalIdOf(i + 1)}.txt`);
    fs.writeFileSync(file, text);
    files.push(file);
  }
  return files;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const count = Number(option('--articles', '100000'));
  const out = option('--out', './data/plain-corpus');
  const started = performance.now();
  writePlainCorpus(out, count);
  console.log(`${count} plain-text articles in ${out} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
