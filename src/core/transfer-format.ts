import { z } from 'zod';
import type { Block } from '../contract/model.js';
import { upgradeFields } from './legacy-text.js';
import { ARTICLE_STATUSES, CORRECTION_KINDS, TAG_KINDS } from './model.js';
import { blockRichTexts } from './rich-text.js';
import { richTextSchema } from './rich-text-schema.js';
import { ROLES } from './roles.js';

/**
 * The export document's format (services/transfer.ts describes its layout): the parts in order, the
 * schema of each record, and the reader that streams a file's records, each checked.
 */
export const EXPORT_FORMAT = 'shpalta-export';
export const EXPORT_VERSION = 1;

/** In file order: each part refers only to parts before it, save media.uploadedBy and recap links. */
export const PARTS = ['sections', 'media', 'authors', 'tags', 'users', 'articles', 'auditLog'] as const;
export type Part = (typeof PARTS)[number];

const id = z.number().int().positive();
const ref = id.nullable();
const time = z.iso.datetime({ offset: true });
const text = z.string();
const name = z.string().trim().min(1, 'must not be empty');
const json = z.record(z.string(), z.unknown());

/** Rich text as the editor would accept it; its length is the editor's limits' business (articleOverLimit). */
const richText = richTextSchema({
  href: 'a link may go only to an http://, https:// or mailto: address',
  target: 'a link goes either to an address (href) or to an article (articleId): one of the two',
  tooLong: (max) => `longer than ${max} characters`,
  plainBlock: (field) => `${field} must be rich text`,
})(Number.MAX_SAFE_INTEGER);

/**
 * An export from before rich text (plain strings in blocks, recaps and revisions) is read in
 * the rich form (core/legacy-text.ts), as the migration brought the database that wrote it.
 */
const upgradedArticle = (v: unknown) => {
  if (!v || typeof v !== 'object') return v;
  const a = upgradeFields(v as Record<string, unknown>);
  const revisions = (a as { revisions?: unknown }).revisions;
  if (!Array.isArray(revisions)) return a;
  return { ...a, revisions: revisions.map((r) => (r && typeof r === 'object' ? { ...r, snapshot: upgradeFields((r as { snapshot?: unknown }).snapshot) } : r)) };
};

/** Every rich text of a body and a recap checked, with the path of the first that is wrong. */
function checkRichTexts(a: { body: unknown[]; recap: { paragraphs: unknown[] } | null }, ctx: z.RefinementCtx) {
  const check = (rt: unknown, path: Array<string | number>) => {
    const r = richText.safeParse(rt);
    if (!r.success) ctx.addIssue({ code: 'custom', message: r.error.issues[0]!.message, path: [...path, ...r.error.issues[0]!.path] });
    return r.success;
  };
  for (const [i, b] of a.body.entries()) {
    const texts = blockRichTexts(b as Block);
    for (const [k, rt] of texts.entries()) if (!check(rt, ['body', i, (b as Block).type === 'list' ? `items[${k}]` : (b as Block).type === 'image' ? 'caption' : 'content'])) return;
  }
  for (const [i, p] of (a.recap?.paragraphs ?? []).entries()) if (!check(p, ['recap', 'paragraphs', i])) return;
}

export const records = {
  sections: z.object({ id, parentId: ref, slug: name, name, path: name, position: z.number().int(), createdAt: time, updatedAt: time }),
  media: z.object({
    id, storageKey: name, sha256: name, mime: name, width: z.number().int().min(0), height: z.number().int().min(0), bytes: z.number().int().min(0),
    caption: text, credit: text, alt: text, variantWidths: text, uploadedBy: ref, createdAt: time,
  }),
  authors: z.object({ id, slug: name, name, bio: text.nullable(), photoMediaId: ref, createdAt: time, updatedAt: time }),
  tags: z.object({ id, slug: name, name, kind: z.enum(TAG_KINDS), createdAt: time, updatedAt: time }),
  users: z.object({
    id, email: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address'), name, role: z.enum(ROLES), authorId: ref, disabled: z.boolean(),
    // Absent from exports made before migration 0016: unknown.
    gender: z.enum(['feminine', 'masculine']).nullable().default(null),
    createdAt: time, updatedAt: time,
  }),
  articles: z.preprocess(upgradedArticle, z.object({
    id, externalId: text.nullable(), sourceHash: text.nullable(), slug: name, title: text, subtitle: text.nullable(), lead: text,
    body: z.array(z.looseObject({ type: z.string(), mediaId: id.optional() })),
    status: z.enum(ARTICLE_STATUSES), sectionId: ref, source: text.nullable(),
    photo: z.object({ mediaId: ref, caption: text.nullable(), credit: text.nullable(), alt: text.nullable() }).nullable(),
    recap: z.looseObject({ paragraphs: z.array(z.array(z.unknown())), articleIds: z.array(id) }).nullable(),
    publishedAt: time.nullable(), publishedTimeKnown: z.boolean(), isMain: z.boolean(), isBreaking: z.boolean(),
    version: z.number().int().min(1), createdBy: ref, createdAt: time, updatedAt: time,
    authorIds: z.array(id), tagIds: z.array(id),
    revisions: z.array(z.object({ id, version: z.number().int().min(1), userId: ref, kind: name, snapshot: json, note: text.nullable().default(null), createdAt: time })),
    /** Newest first, as the page shows them; absent from exports made before migration 0016. */
    corrections: z.array(z.object({ id, kind: z.enum(CORRECTION_KINDS), note: text, userId: ref, at: time })).default([]),
  }).superRefine(checkRichTexts)),
  auditLog: z.object({ id, at: time, userId: ref, action: name, targetKind: name, targetId: z.number().int().nullable(), details: json }),
};
export type Records = { [P in Part]: z.output<(typeof records)[P]> };
export type Item = { [P in Part]: { part: P; index: number; line: number | null; value: Records[P] } }[Part];
