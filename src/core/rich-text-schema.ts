import { z } from 'zod';
import type { Block, LinkAttrs, RichText } from '../contract/model.js';
import { ARTICLE_LIMITS as L } from './limits.js';
import { isAllowedHref, normalize, plainText } from './rich-text.js';

/*
 * Rich text (contract/model.ts) as zod checks it where it comes in: the editor's form and the
 * JSON import. What it lets through is the contract exactly, in its one stored form (normalize).
 */

/** What the checks say, in the words of whoever reads them (the newsroom's Ukrainian, the CLI's English). */
export interface RichTextMessages {
  /** A link to an address that is not http, https or mailto. */
  href: string;
  /** A link with both an address and an article, or neither. */
  target: string;
  /** More plain text than `max` characters. */
  tooLong: (max: number) => string;
  /** A block that sends `text` as a string: the shape before rich text. */
  plainBlock: (field: string) => string;
}

const id = z.number().int().positive();

/** Rich text of at most `max` characters of plain text, normalized. */
export function richTextSchema(m: RichTextMessages) {
  const linkAttrs = z
    .object({ href: z.string().max(L.href).nullable(), articleId: id.nullable() })
    .superRefine((a, ctx) => {
      if ((a.href === null) === (a.articleId === null)) ctx.addIssue({ code: 'custom', message: m.target });
      else if (a.href !== null && !isAllowedHref(a.href)) ctx.addIssue({ code: 'custom', message: m.href, path: ['href'] });
    })
    .transform((a): LinkAttrs => (a.href !== null ? { href: a.href, articleId: null } : { href: null, articleId: a.articleId! }));
  const mark = z.discriminatedUnion('type', [
    z.object({ type: z.literal('bold') }),
    z.object({ type: z.literal('italic') }),
    z.object({ type: z.literal('link'), attrs: linkAttrs }),
  ]);
  const inline = z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), text: z.string().min(1), marks: z.array(mark).max(3).optional() }),
    z.object({ type: z.literal('hardBreak') }),
  ]);
  // Every run reads as at least one character: the plain length bounds the list before it is read.
  return (max: number) =>
    z
      .array(inline)
      .max(max)
      .transform((rt): RichText => normalize(rt))
      .refine((rt) => plainText(rt).length <= max, m.tooLong(max));
}

/** The fields a block held as plain strings before rich text, by type. */
const PLAIN_FIELDS: Partial<Record<Block['type'], string>> = { paragraph: 'text', heading: 'text', quote: 'text', image: 'caption', list: 'items' };

/**
 * A block schema that first refuses the shape before rich text (`text: "…"`, a string caption,
 * string list items) with a message saying what to send instead, rather than 'required'.
 */
export function refusingPlainBlocks<S extends z.ZodType>(schema: S, m: RichTextMessages) {
  return z.preprocess((v, ctx) => {
    if (!v || typeof v !== 'object') return v;
    const b = v as Record<string, unknown>;
    const field = PLAIN_FIELDS[b.type as Block['type']];
    if (!field) return v;
    const value = b[field];
    const plain = typeof value === 'string' || (field === 'items' && Array.isArray(value) && value.some((x) => typeof x === 'string'));
    if (plain) ctx.addIssue({ code: 'custom', message: m.plainBlock(field === 'text' ? 'content' : field), path: [field], input: v });
    return v;
  }, schema);
}
