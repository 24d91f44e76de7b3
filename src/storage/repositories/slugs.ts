import { withSuffix } from '../../core/slug.js';

/**
 * The first free slug among base, base-2, base-3…: one query for the taken ones that share
 * the base, so a busy tag like 'kyiv' does not cost a query per suffix.
 */
export async function firstFreeSlug(base: string, taken: (base: string) => Promise<string[]>, reserved: ReadonlySet<string> = new Set()): Promise<string> {
  const root = base || 'n-a';
  const used = new Set(await taken(root));
  for (let n = 1; ; n++) {
    const candidate = withSuffix(root, n);
    if (!used.has(candidate) && !reserved.has(candidate)) return candidate;
  }
}

/** The LIKE pattern for 'base' and 'base-N' (underscore and percent never occur in slugs). */
export const suffixPattern = (base: string) => `${base}-%`;
