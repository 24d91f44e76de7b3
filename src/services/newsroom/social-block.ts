import { z } from 'zod';
import type { SocialPostBlock } from '../../contract/model.js';
import type { Assert, Same } from '../../contract/type-checks.js';
import { uk } from '../../core/i18n/uk.js';
import { ARTICLE_LIMITS as L, NAME_LIMITS } from '../../core/limits.js';
import { SOCIAL_PLATFORMS } from '../../core/model.js';
import { recognizePostUrl } from '../../core/social.js';

/*
 * A quoted social post as the editor sends it (the article form's `social` block). The address
 * must be a post we recognise and is kept in its canonical form; the platform must be the
 * address's; the handle is kept without '@'; the photo is one of our library's, with its credit.
 */

const id = z.number().int().positive();
const instant = z.iso.datetime({ offset: true });
const v = uk.validation;

export const socialBlockSchema = z
  .object({
    type: z.literal('social'),
    platform: z.enum(SOCIAL_PLATFORMS),
    url: z
      .string()
      .max(L.socialUrl)
      .transform((u, ctx) => {
        const post = recognizePostUrl(u);
        if (!post) ctx.addIssue({ code: 'custom', message: v.socialUrl });
        return post?.url ?? u;
      }),
    accountName: z.string().trim().min(1).max(L.socialAccount),
    handle: z
      .string()
      .trim()
      .transform((h) => h.replace(/^@/, ''))
      .pipe(z.string().max(L.socialHandle).regex(/^[A-Za-z0-9._:-]*$/, v.socialHandle)),
    postedAt: instant.nullable(),
    // Line breaks are the post's own: kept, in one form.
    text: z
      .string()
      .max(L.socialText)
      .transform((t) => t.replace(/\r\n?/g, '\n').trim()),
    media: z.object({ mediaId: id, alt: z.string().trim().max(L.alt).default(''), credit: z.string().trim().min(1, v.socialCredit).max(L.credit) }).nullable(),
    capturedAt: instant,
    capturedBy: z.object({ id, name: z.string().trim().min(1).max(NAME_LIMITS.author) }).nullable(),
  })
  .superRefine((b, ctx) => {
    const post = recognizePostUrl(b.url);
    if (post && post.platform !== b.platform) ctx.addIssue({ code: 'custom', path: ['platform'], message: v.socialPlatform(uk.social.postOn[post.platform]) });
    if (!b.text && !b.media) ctx.addIssue({ code: 'custom', path: ['text'], message: v.socialEmpty });
  });

/** The schema gives exactly the contract's block. */
export type SchemaIsTheBlock = Assert<Same<z.output<typeof socialBlockSchema>, SocialPostBlock>>;

/** A social block in a revision's diff: who, where, what, and the photo's texts. */
export function socialDiffText(b: SocialPostBlock): string {
  const who = b.handle ? `${b.accountName} @${b.handle}` : b.accountName;
  const photo = b.media ? `\n[${uk.admin.diffValues.photo}: ${b.media.credit}]` : '';
  return `[${uk.social.postOn[b.platform]}: ${who}, ${b.url}]\n«${b.text}»${photo}`;
}
