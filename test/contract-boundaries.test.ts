import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importsOf, sourcesIn } from './helpers/sources.js';

/** The modules of core/ the browser loads: pure, importing only each other (and the contract's types). */
const SHARED_MODULES = ['core/kyiv-time.ts', 'core/uk-format.ts', 'core/rich-text.ts', 'core/legacy-text.ts'];
/** The packages the editor is bundled with (esbuild, `npm run bundle`): ProseMirror's. */
const BROWSER_PACKAGES = /^prosemirror-(model|state|view|transform|commands|keymap|history|dropcursor|gapcursor)$/;

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
      else assert.ok(SHARED_MODULES.includes(target) || BROWSER_PACKAGES.test(target), `${file} imports ${target}`);
    }
  }
  for (const file of SHARED_MODULES) {
    for (const { target, typeOnly } of importsOf(file)) assert.ok(SHARED_MODULES.includes(target) || (typeOnly && target.startsWith('contract/')), `${file}, which the browser loads, imports ${target}`);
  }
});
