import { z } from 'zod';
import { uk } from '../../core/i18n/uk.js';
import { ARTICLE_LIMITS as L } from '../../core/limits.js';
import { refusingPlainBlocks, richTextSchema } from '../../core/rich-text-schema.js';
import { countUk } from '../../core/uk-format.js';
import type { ArticleFields, ConflictLabels, EditorArticle } from '../../contract/article.js';
import type { Assert, Same } from '../../contract/type-checks.js';
import { socialBlockSchema } from './social-block.js';

/*
 * What the editor may send for an article, checked before anything is stored: the shape, and
 * the limits (core/limits.ts) that the imports hold files to as well.
 */

const id = z.number().int().positive();
const text = (max: number) => z.string().max(max);
const messages = {
  href: uk.validation.linkHref,
  target: uk.validation.linkTarget,
  tooLong: (max: number) => uk.validation.atMost(countUk(max, uk.counts.character)),
  plainBlock: uk.validation.plainBlock,
};
const rich = richTextSchema(messages);
const httpsUrl = (max: number) => z.string().url().max(max).refine((u) => /^https?:\/\//.test(u), uk.validation.url);

const blockSchema = refusingPlainBlocks(
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('paragraph'), content: rich(L.paragraph) }),
    z.object({ type: z.literal('heading'), level: z.union([z.literal(2), z.literal(3)]), content: rich(L.heading) }),
    z.object({ type: z.literal('quote'), content: rich(L.quote), attribution: text(L.attribution).optional() }),
    z.object({
      type: z.literal('image'),
      mediaId: id,
      caption: rich(L.caption).default([]),
      credit: z.string().trim().min(1, uk.validation.creditNeeded).max(L.credit),
      alt: text(L.alt).default(''),
    }),
    z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(rich(L.listItem)).max(L.listItems) }),
    z.object({ type: z.literal('embed'), url: httpsUrl(L.embedUrl), title: text(L.embedTitle).optional() }),
    socialBlockSchema,
  ]),
  messages,
);

/** Recap paragraphs are rich text too; plain strings (the shape before) are refused by name. */
const recapParagraphs = z.preprocess((v, ctx) => {
  if (Array.isArray(v) && v.some((p) => typeof p === 'string')) ctx.addIssue({ code: 'custom', message: uk.validation.plainBlock('paragraphs'), input: v });
  return v;
}, z.array(rich(L.recapParagraph)).max(L.recapParagraphs));

/** What the editor sends: the article's content and placement, never its status or version. Limits: core/limits.ts, which the imports check too. */
export const articleFields = z.object({
  title: z.string().trim().max(L.title).default(''),
  subtitle: z.string().trim().max(L.subtitle).nullable().default(null),
  lead: z.string().trim().max(L.lead).default(''),
  body: z.array(blockSchema).max(L.blocks).default([]),
  sectionId: id.nullable().default(null),
  authorIds: z.array(id).max(L.authors).default([]),
  tagIds: z.array(id).max(L.tags).default([]),
  source: z.string().trim().max(L.source).nullable().default(null),
  photo: z
    .object({
      mediaId: id,
      caption: z.string().trim().max(L.caption).default(''),
      credit: z.string().trim().min(1, uk.validation.creditNeeded).max(L.credit),
      alt: z.string().trim().max(L.alt).default(''),
    })
    .nullable()
    .default(null),
  recap: z.object({ paragraphs: recapParagraphs, articleIds: z.array(id).max(L.recapLinks) }).nullable().default(null),
  isMain: z.boolean().default(false),
  isBreaking: z.boolean().default(false),
  /** Empty: made from the title. */
  slug: z.string().trim().max(L.slug).default(''),
});
// The form, the editor's view of an article and the conflict's labels are the editor's contract too.
export type { ArticleFields, ConflictLabels, EditorArticle };
/** The schema gives exactly the contract's form: neither can change without the other. */
export type SchemaIsTheForm = Assert<Same<z.output<typeof articleFields>, ArticleFields>>;
