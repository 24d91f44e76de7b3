import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectRoot } from './helpers/databases.js';

const src = path.join(projectRoot, 'src');
/** The modules of core/ the browser loads: pure, importing only each other. */
const SHARED_MODULES = ['core/kyiv-time.ts', 'core/uk-format.ts'];

/** The .ts files under a folder of src/, relative to src/. */
function sourcesIn(dir: string): string[] {
  return fs.readdirSync(path.join(src, dir), { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? sourcesIn(file) : e.name.endsWith('.ts') ? [file] : [];
  });
}

/** Each import or re-export of a file: the file it names (relative to src/) and whether it is types only. */
function importsOf(file: string): Array<{ target: string; typeOnly: boolean }> {
  const text = fs.readFileSync(path.join(src, file), 'utf8');
  const found = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    const spec = m[2]!;
    const target = spec.startsWith('.') ? path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts') : spec;
    found.push({ target, typeOnly: m[1] !== undefined });
  }
  return found;
}

test('the contract imports nothing from outside itself, and only types', () => {
  for (const file of sourcesIn('contract')) {
    for (const { target, typeOnly } of importsOf(file)) {
      assert.ok(target.startsWith('contract/'), `${file} imports ${target}`);
      assert.ok(typeOnly, `${file} imports ${target} as a value: the contract is types`);
    }
  }
});

test('the editor imports from outside its folder only the contract, as types, and the pure shared modules', () => {
  for (const file of sourcesIn('admin-client')) {
    for (const { target, typeOnly } of importsOf(file)) {
      if (target.startsWith('admin-client/')) continue;
      if (target.startsWith('contract/')) assert.ok(typeOnly, `${file} loads ${target} at run time`);
      else assert.ok(SHARED_MODULES.includes(target), `${file} imports ${target}`);
    }
  }
  for (const file of SHARED_MODULES) {
    for (const { target } of importsOf(file)) assert.ok(SHARED_MODULES.includes(target), `${file}, which the browser loads, imports ${target}`);
  }
});
