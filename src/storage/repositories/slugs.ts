import { withSuffix } from '../../core/slug.js';

/** Suffixes asked about per round: base, base-2 … base-10, then base-11 … base-20, and so on. */
const PROBE = 10;

/** Of these candidate slugs, the ones already taken (an equality lookup, so an index answers it). */
export type TakenSlugs = (candidates: string[]) => Promise<string[]>;

/**
 * The first free slug among base, base-2, base-3…. Candidates are looked up by equality, ten at
 * a time: a pattern match (LIKE 'base-%') cannot use the index on SQLite, whose LIKE ignores
 * case, and scanned every article on each new one.
 */
export async function firstFreeSlug(base: string, taken: TakenSlugs, reserved: ReadonlySet<string> = new Set()): Promise<string> {
  return (await firstFreeSlugs([base], taken, reserved))[0]!;
}

/**
 * First free slugs for several bases at once (a batch of new articles): one lookup per round for
 * all of them, and no two of them given the same slug. Each round asks about twice as many
 * suffixes as the last, so a title used a thousand times costs a few rounds, not a hundred.
 * `hints`, when given, remembers per base the suffix after the last one handed out: a bulk
 * import starts there, which only skips suffixes that were taken anyway.
 */
export async function firstFreeSlugs(bases: string[], taken: TakenSlugs, reserved: ReadonlySet<string> = new Set(), hints?: Map<string, number>): Promise<string[]> {
  const roots = bases.map((b) => b || 'n-a');
  const out: Array<string | null> = roots.map(() => null);
  const claimed = new Set(reserved);
  const start = new Map(roots.map((root) => [root, hints?.get(root) ?? 1]));
  for (let round = 0, width = PROBE; out.includes(null); round++, width *= 2) {
    const window = (root: string) => {
      const from = start.get(root)! + (width - PROBE);
      return Array.from({ length: width }, (_, k) => withSuffix(root, from + k));
    };
    const pending = [...new Set(roots.filter((_, i) => out[i] === null))];
    const used = new Set(await taken(pending.flatMap(window)));
    roots.forEach((root, i) => {
      if (out[i] !== null) return;
      const free = window(root).find((c) => !used.has(c) && !claimed.has(c));
      if (free === undefined) return;
      out[i] = free;
      claimed.add(free);
    });
  }
  if (hints) out.forEach((slug, i) => hints.set(roots[i]!, Math.max(hints.get(roots[i]!) ?? 1, suffixOf(slug!, roots[i]!) + 1)));
  return out as string[];
}

const suffixOf = (slug: string, root: string) => (slug === root ? 1 : Number(slug.slice(root.length + 1)));

/** Runs an `in (…)` lookup over a long list in pieces, within any database's parameter limit. */
export async function inChunks<V, T>(values: V[], lookup: (chunk: V[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += 5000) out.push(...(await lookup(values.slice(i, i + 5000))));
  return out;
}
