import { z } from 'zod';
import { uk } from '../../core/i18n/uk.js';
import { ARTICLE_LIMITS as L } from '../../core/limits.js';
import type { ArticleStatus } from '../../core/model.js';

const id = z.number().int().positive();
const text = (max: number) => z.string().max(max);
const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: text(L.paragraph) }),
  z.object({ type: z.literal('heading'), level: z.union([z.literal(2), z.literal(3)]), text: text(L.heading) }),
  z.object({ type: z.literal('quote'), text: text(L.quote), attribution: text(L.attribution).optional() }),
  z.object({
    type: z.literal('image'),
    mediaId: id,
    caption: text(L.caption).default(''),
    credit: z.string().trim().min(1, 'an image needs a credit').max(L.credit),
    alt: text(L.alt).default(''),
  }),
  z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(text(L.listItem)).max(L.listItems) }),
  z.object({ type: z.literal('embed'), url: z.string().url().max(L.embedUrl).refine((u) => /^https?:\/\//.test(u), uk.validation.url), title: text(L.embedTitle).optional() }),
]);

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
      credit: z.string().trim().min(1, 'the lead photo needs a credit').max(L.credit),
      alt: z.string().trim().max(L.alt).default(''),
    })
    .nullable()
    .default(null),
  recap: z.object({ paragraphs: z.array(z.string().trim().max(L.recapParagraph)).max(L.recapParagraphs), articleIds: z.array(id).max(L.recapLinks) }).nullable().default(null),
  isMain: z.boolean().default(false),
  isBreaking: z.boolean().default(false),
  /** Empty: made from the title. */
  slug: z.string().trim().max(L.slug).default(''),
});
export type ArticleFields = z.output<typeof articleFields>;

/** The editor's view of an article (docs/newsroom-api.md). */
export interface EditorArticle extends Omit<ArticleFields, 'slug'> {
  id: number;
  version: number;
  status: ArticleStatus;
  slug: string;
  publishedAt: string | null;
  createdBy: number | null;
  updatedAt: string;
  url: string;
}

/** Names for the ids a stored article holds, which the editor that meets it in a conflict may never have seen. */
export interface ConflictLabels {
  tags: Array<{ id: number; name: string; kind: string }>;
  articles: Array<{ id: number; title: string }>;
}
