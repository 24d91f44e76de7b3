import { z } from 'zod';
import { ARTICLE_STATUSES, TAG_KINDS } from './model.js';
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

export const records = {
  sections: z.object({ id, parentId: ref, slug: name, name, path: name, position: z.number().int(), createdAt: time, updatedAt: time }),
  media: z.object({
    id, storageKey: name, sha256: name, mime: name, width: z.number().int().min(0), height: z.number().int().min(0), bytes: z.number().int().min(0),
    caption: text, credit: text, alt: text, variantWidths: text, uploadedBy: ref, createdAt: time,
  }),
  authors: z.object({ id, slug: name, name, bio: text.nullable(), photoMediaId: ref, createdAt: time, updatedAt: time }),
  tags: z.object({ id, slug: name, name, kind: z.enum(TAG_KINDS), createdAt: time, updatedAt: time }),
  users: z.object({ id, email: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address'), name, role: z.enum(ROLES), authorId: ref, disabled: z.boolean(), createdAt: time, updatedAt: time }),
  articles: z.object({
    id, externalId: text.nullable(), sourceHash: text.nullable(), slug: name, title: text, subtitle: text.nullable(), lead: text,
    body: z.array(z.looseObject({ type: z.string(), mediaId: id.optional() })),
    status: z.enum(ARTICLE_STATUSES), sectionId: ref, source: text.nullable(),
    photo: z.object({ mediaId: ref, caption: text.nullable(), credit: text.nullable(), alt: text.nullable() }).nullable(),
    recap: z.looseObject({ paragraphs: z.array(text), articleIds: z.array(id) }).nullable(),
    publishedAt: time.nullable(), publishedTimeKnown: z.boolean(), isMain: z.boolean(), isBreaking: z.boolean(),
    version: z.number().int().min(1), createdBy: ref, createdAt: time, updatedAt: time,
    authorIds: z.array(id), tagIds: z.array(id),
    revisions: z.array(z.object({ id, version: z.number().int().min(1), userId: ref, kind: name, snapshot: json, createdAt: time })),
  }),
  auditLog: z.object({ id, at: time, userId: ref, action: name, targetKind: name, targetId: z.number().int().nullable(), details: json }),
};
export type Records = { [P in Part]: z.output<(typeof records)[P]> };
export type Item = { [P in Part]: { part: P; index: number; line: number | null; value: Records[P] } }[Part];
