/**
 * The three-way merge of a version conflict: the version this editor's changes were made on
 * (base), the form as it is (mine) and the stored article someone else saved meanwhile
 * (theirs). A field only they changed is taken, one only I changed is kept, and only a field
 * both changed, differently, is left for the writer to choose. Pure: no DOM, so that tests
 * compile it for Node.
 */
import { canonical, cleanBlock, isPlaceholder } from './payload.js';
import { FIELD_NAMES, type ArticleDraft, type ArticleFields, type Block } from './types.js';

export type FieldName = keyof ArticleFields;

export interface MergeResult {
  /** The form's fields merged: where both changed a field differently, still mine. */
  merged: ArticleDraft;
  /** Fields taken from theirs without asking (in FIELD_NAMES order). */
  taken: FieldName[];
  /** Fields both changed differently: the writer chooses. */
  conflicts: FieldName[];
}

/**
 * Merges field by field, and the body block by block where that is safe. Without a base (the
 * version the changes were made on could not be found) every field that differs is a conflict,
 * since nothing tells whose change it is.
 */
export function mergeArticle(base: ArticleFields | null, mine: ArticleDraft, theirs: ArticleFields): MergeResult {
  const merged: ArticleDraft = { ...mine };
  const set = <K extends FieldName>(f: K, v: ArticleDraft[K]) => void (merged[f] = v);
  const taken: FieldName[] = [];
  const conflicts: FieldName[] = [];
  for (const f of FIELD_NAMES) {
    if (f === 'body') {
      const body = base ? mergeBlocks(base.body, mine.body, theirs.body) : sameBlocks(mine.body, theirs.body) ? { blocks: mine.body, tookTheirs: false } : null;
      if (!body) conflicts.push(f);
      else {
        set('body', body.blocks);
        if (body.tookTheirs) taken.push(f);
      }
      continue;
    }
    const m = canonical(mine[f]);
    const t = canonical(theirs[f]);
    if (m === t) continue;
    const b = base ? canonical(base[f]) : null;
    if (m === b) {
      set(f, theirs[f]);
      taken.push(f);
    } else if (t !== b) conflicts.push(f);
  }
  return { merged, taken, conflicts };
}

/**
 * A block as compared: as it would be sent. A block that is not sent (a photo being uploaded;
 * also a stored photo known only by its address) is compared whole, so that it equals only itself.
 */
const blockKey = (b: Block) => (isPlaceholder(b) ? `whole ${canonical(b)}` : canonical(cleanBlock(b)));

function sameBlocks(a: Block[], b: Block[]): boolean {
  return a.length === b.length && a.every((x, i) => blockKey(x) === blockKey(b[i]!));
}

/** What one side did to a run of the base's blocks [from, to): replaced them with `blocks` (from === to: inserted them there). */
interface Hunk {
  from: number;
  to: number;
  blocks: Block[];
  keys: string[];
}

/** Past this many cells the alignment is not attempted and the body is offered as a conflict. */
const MAX_CELLS = 4_000_000;

/**
 * The blocks merged, or null when both sides touched the same blocks (or inserted different
 * blocks at the same place) and the writer must choose. `tookTheirs`: something of theirs is in.
 */
export function mergeBlocks(base: Block[], mine: Block[], theirs: Block[]): { blocks: Block[]; tookTheirs: boolean } | null {
  const baseKeys = base.map(blockKey);
  const mineKeys = mine.map(blockKey);
  const theirKeys = theirs.map(blockKey);
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);
  if (same(mineKeys, theirKeys)) return { blocks: mine, tookTheirs: false };
  if (same(theirKeys, baseKeys)) return { blocks: mine, tookTheirs: false };
  if (same(mineKeys, baseKeys)) return { blocks: theirs, tookTheirs: true };
  const ours = hunks(baseKeys, mine, mineKeys);
  const their = hunks(baseKeys, theirs, theirKeys);
  if (!ours || !their) return null;
  // Where both changed the same run in the same way, it counts once (as mine).
  const theirsLeft = their.filter((t) => !ours.some((o) => o.from === t.from && o.to === t.to && same(o.keys, t.keys)));
  for (const o of ours) for (const t of theirsLeft) if (overlap(o, t)) return null;
  const all = [...ours.map((h) => ({ h, mine: true })), ...theirsLeft.map((h) => ({ h, mine: false }))];
  // At one place an insertion comes before the replacement of the blocks that start there.
  all.sort((x, y) => x.h.from - y.h.from || (x.h.to - x.h.from) - (y.h.to - y.h.from));
  const blocks: Block[] = [];
  let at = 0;
  for (const { h } of all) {
    for (; at < h.from; at++) blocks.push(base[at]!);
    blocks.push(...h.blocks);
    at = Math.max(at, h.to);
  }
  for (; at < base.length; at++) blocks.push(base[at]!);
  return { blocks, tookTheirs: theirsLeft.length > 0 };
}

/**
 * Two changes touch the same blocks: their runs share a block, both insert at one place, or
 * one inserts inside the run the other replaced (where its blocks belong is then unknown).
 */
function overlap(a: Hunk, b: Hunk): boolean {
  const insA = a.from === a.to;
  const insB = b.from === b.to;
  if (insA && insB) return a.from === b.from;
  if (insA) return a.from > b.from && a.from < b.to;
  if (insB) return b.from > a.from && b.from < a.to;
  return a.from < b.to && b.from < a.to;
}

/**
 * One side's changes to the base, from the longest common run of blocks: between two blocks
 * both keep, the base's blocks were replaced by the side's. As many blocks for as many is an
 * edit of each in place (so that editing one block and a neighbour's edit by the other side
 * both stand); other runs stay whole. Null when the bodies are too long to align.
 */
function hunks(baseKeys: string[], side: Block[], sideKeys: string[]): Hunk[] | null {
  let start = 0;
  while (start < baseKeys.length && start < sideKeys.length && baseKeys[start] === sideKeys[start]) start++;
  let endB = baseKeys.length;
  let endS = sideKeys.length;
  while (endB > start && endS > start && baseKeys[endB - 1] === sideKeys[endS - 1]) endB--, endS--;
  const n = endB - start;
  const m = endS - start;
  if (n * m > MAX_CELLS) return null;
  // lcs[i][j]: the longest common run of base[start+i..endB) and side[start+j..endS).
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = baseKeys[start + i] === sideKeys[start + j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: Hunk[] = [];
  const gap = (b0: number, b1: number, s0: number, s1: number) => {
    if (b0 === b1 && s0 === s1) return;
    if (b1 - b0 === s1 - s0) {
      for (let k = 0; k < b1 - b0; k++) out.push({ from: b0 + k, to: b0 + k + 1, blocks: [side[s0 + k]!], keys: [sideKeys[s0 + k]!] });
    } else out.push({ from: b0, to: b1, blocks: side.slice(s0, s1), keys: sideKeys.slice(s0, s1) });
  };
  let i = 0;
  let j = 0;
  let gapB = 0;
  let gapS = 0;
  while (i < n && j < m) {
    if (baseKeys[start + i] === sideKeys[start + j]) {
      gap(start + gapB, start + i, start + gapS, start + j);
      i++, j++;
      gapB = i;
      gapS = j;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  gap(start + gapB, endB, start + gapS, endS);
  return out;
}
