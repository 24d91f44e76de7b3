import { articlePath, type Article, type ArticleSummary } from '../../../../core/model.js';

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

export function presentArticle(a: Article, siteUrl: string) {
  return { ...presentSummary(a, siteUrl), body: a.body, recap: a.recap };
}
