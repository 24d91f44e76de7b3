import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './databases.js';

/** What the tests that hold the source tree's layers read. */
export const src = path.join(projectRoot, 'src');

/** The .ts files under a folder of src/, relative to src/. */
export function sourcesIn(dir: string): string[] {
  return fs.readdirSync(path.join(src, dir), { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sourcesIn(file) : e.name.endsWith('.ts') ? [file] : [];
  });
}

/** Each import or re-export of a file: the file it names (relative to src/) and whether it is types only. */
export function importsOf(file: string): Array<{ target: string; typeOnly: boolean }> {
  const text = fs.readFileSync(path.join(src, file), 'utf8');
  const found = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[2]!;
    const target = spec.startsWith('.') ? path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
    found.push({ target, typeOnly: m[1] !== undefined });
  }
  return found;
}
