import type { Mark, RichText } from '../../../../contract/model.js';
import { articlePath, type Article, type ArticleSummary } from '../../../../core/model.js';
import { isAllowedHref, mapBlockRichText, normalize } from '../../../../core/rich-text.js';

/** The only place an article becomes API JSON. Times are UTC ISO 8601. */
export function presentSummary(a: ArticleSummary, siteUrl: string) {
  const path = articlePath(a);
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    subtitle: a.subtitle,
    lead: a.lead,
    url: path,
    absoluteUrl: siteUrl + path,
    status: a.status,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    publishedTimeKnown: a.publishedTimeKnown,
    updatedAt: a.updatedAt.toISOString(),
    sections: a.sections.map((s) => ({ name: s.name, slug: s.slug, path: s.path })),
    authors: a.authors.map((p) => ({ name: p.name, slug: p.slug })),
    tags: a.tags.map((t) => ({ name: t.name, slug: t.slug, kind: t.kind })),
    source: a.source,
    photo: a.photo
      ? {
          url: a.photo.media?.url ?? null,
          width: a.photo.media?.width ?? null,
          height: a.photo.media?.height ?? null,
          caption: a.photo.caption,
          credit: a.photo.credit,
          alt: a.photo.alt,
        }
      : null,
  };
}

/**
 * An article with its body and recap. Their rich text is the editor's (docs/api.md): a link to
 * one of our articles gets that article's current absolute URL as `href` beside its
 * `articleId`, or is dropped (its text stays) while readers cannot open it. `links` holds the
 * paths of the linked articles that are published (services/public-content.ts articleLinks).
 */
export function presentArticle(a: Article, siteUrl: string, links: ReadonlyMap<number, string> = new Map()) {
  // The presented form differs from the stored one only in an article link's attrs (both set): the blocks' shape is the same.
  const present = (rt: RichText) => presentRichText(rt, siteUrl, links) as RichText;
  return {
    ...presentSummary(a, siteUrl),
    // A quoted post names who captured it, not their account's id: readers have no use for the newsroom's ids.
    body: a.body.map((b) => (b.type === 'social' ? { ...b, capturedBy: b.capturedBy ? { name: b.capturedBy.name } : null } : mapBlockRichText(b, present))),
    recap: a.recap ? { ...a.recap, paragraphs: a.recap.paragraphs.map(present) } : null,
    corrections: a.corrections.map((c) => ({ kind: c.kind, note: c.note, at: c.at.toISOString() })),
  };
}

/** A link of the API's rich text: to an address, or to one of our articles with its current URL too. */
type PresentedLink = { href: string; articleId: number | null };

/** Rich text for readers of the API: article links resolved to absolute URLs, links readers cannot follow left out. */
function presentRichText(rt: RichText, siteUrl: string, links: ReadonlyMap<number, string>) {
  const followable = (m: Mark) => m.type !== 'link' || (m.attrs.articleId !== null ? links.has(m.attrs.articleId) : isAllowedHref(m.attrs.href));
  const kept = normalize(rt.map((n) => (n.type === 'text' && n.marks ? { ...n, marks: n.marks.filter(followable) } : n)));
  return kept.map((n) => {
    if (n.type !== 'text' || !n.marks) return n;
    const marks = n.marks.map((m) => {
      if (m.type !== 'link' || m.attrs.articleId === null) return m;
      const attrs: PresentedLink = { href: siteUrl + links.get(m.attrs.articleId)!, articleId: m.attrs.articleId };
      return { type: 'link' as const, attrs };
    });
    return { ...n, marks };
  });
}
