/**
 * Blocks and recaps as they were stored before rich text (migration 0014-rich-text): a block's
 * `text`, an image's `caption` and a list's `items` plain strings, a recap's paragraphs too.
 * Brought to the rich form here, for the migration, the JSON import of an older export and a
 * copy the browser kept from before. Pure (the editor imports it), and idempotent: what is
 * already rich is left as it is, so running it twice changes nothing.
 */
import type { Block, Recap, RichText } from '../contract/model.js';
import { normalize, richText } from './rich-text.js';

type Loose = Record<string, unknown>;

/** A plain string as stored rich text: its lines as runs with breaks, in the one normal form. */
const rich = (v: unknown): RichText => (typeof v === 'string' ? normalize(richText(v)) : Array.isArray(v) ? (v as RichText) : []);

/** One block in the rich form: the same block when it already is. */
export function upgradeBlock<T>(block: T): T | Block {
  if (!block || typeof block !== 'object') return block;
  const b = block as Loose;
  switch (b.type) {
    case 'paragraph':
    case 'heading':
    case 'quote': {
      if (!('text' in b) || 'content' in b) return block;
      const { text, ...rest } = b;
      return { ...rest, content: rich(text) } as unknown as Block;
    }
    case 'image':
      return typeof b.caption === 'string' ? ({ ...b, caption: rich(b.caption) } as unknown as Block) : block;
    case 'list':
      return Array.isArray(b.items) && b.items.some((i) => typeof i === 'string') ? ({ ...b, items: b.items.map(rich) } as unknown as Block) : block;
    default:
      return block;
  }
}

/** A recap in the rich form (null and anything not a recap as they are). */
export function upgradeRecap<T>(recap: T): T | Recap {
  if (!recap || typeof recap !== 'object') return recap;
  const r = recap as Loose;
  if (!Array.isArray(r.paragraphs) || !r.paragraphs.some((p) => typeof p === 'string')) return recap;
  return { ...r, paragraphs: r.paragraphs.map(rich) } as unknown as Recap;
}

/** An object holding `body` and `recap` (an article's form, a revision's snapshot, a working copy) in the rich form. */
export function upgradeFields<T>(fields: T): T {
  if (!fields || typeof fields !== 'object') return fields;
  const f = fields as Loose;
  const out: Loose = { ...f };
  if (Array.isArray(f.body)) out.body = f.body.map(upgradeBlock);
  if ('recap' in f) out.recap = upgradeRecap(f.recap);
  return out as T;
}

/** Whether anything of these fields is still in the plain form: what the migration rewrites, and nothing else. */
export function needsUpgrade(fields: unknown): boolean {
  return JSON.stringify(upgradeFields(fields)) !== JSON.stringify(fields);
}
