/** The content model: what an article is, independent of how it is stored or shown. */

import type { ArticleStatus, Block, CorrectionKind, Recap, SocialPlatform } from '../contract/model.js';
import type { Assert, Same } from '../contract/type-checks.js';

// Declared in the contract that the newsroom's editor is compiled with too.
export type { ArticleStatus, Block, Recap };

/** draft -> review (awaiting an editor) -> scheduled or published -> unpublished (core/roles.ts says who may). */
export const ARTICLE_STATUSES = ['draft', 'review', 'scheduled', 'published', 'unpublished'] as const satisfies readonly ArticleStatus[];
/** Every status of the contract is listed. */
export type EveryStatusListed = Assert<Same<(typeof ARTICLE_STATUSES)[number], ArticleStatus>>;

/** The platforms a quoted social post may come from. */
export const SOCIAL_PLATFORMS = ['telegram', 'x', 'facebook', 'instagram', 'youtube', 'tiktok', 'threads', 'bluesky'] as const satisfies readonly SocialPlatform[];
/** Every platform of the contract is listed. */
export type EveryPlatformListed = Assert<Same<(typeof SOCIAL_PLATFORMS)[number], SocialPlatform>>;

export const TAG_KINDS = ['person', 'organisation', 'place', 'topic'] as const;
export type TagKind = (typeof TAG_KINDS)[number];

export interface SectionRef {
  id: number;
  name: string;
  slug: string;
  /** 'svit/polityka': the section's place in the tree and its URL. */
  path: string;
}

export interface AuthorRef {
  id: number;
  name: string;
  slug: string;
}

export interface TagRef {
  id: number;
  name: string;
  slug: string;
  kind: TagKind;
}

export interface MediaRef {
  id: number;
  /** Public URL path of the original file, e.g. '/media/ab/abcdef….jpg'. */
  url: string;
  width: number;
  height: number;
  mime: string;
  /** Widths of the WebP variants for srcset ('/media/ab/<hash>-w480.webp'), smallest first. */
  variantWidths: number[];
}

export interface LeadPhoto {
  media: MediaRef | null;
  caption: string;
  credit: string;
  alt: string;
}

/** What an editor marks a change of a published article as: a correction of an error, or an update with news. */
export const CORRECTION_KINDS = ['correction', 'update'] as const satisfies readonly CorrectionKind[];
export type { CorrectionKind };
/** Every kind of the contract is listed. */
export type EveryCorrectionKindListed = Assert<Same<(typeof CORRECTION_KINDS)[number], CorrectionKind>>;
export const isCorrectionKind = (v: unknown): v is CorrectionKind => typeof v === 'string' && (CORRECTION_KINDS as readonly string[]).includes(v);

/** A marked change, as readers see it: 'Оновлено о 14:05' on the page, and the note below the body. */
export interface Correction {
  kind: CorrectionKind;
  /** Empty when the editor wrote none. */
  note: string;
  at: Date;
}

export interface Article {
  id: number;
  externalId: string | null;
  slug: string;
  title: string;
  subtitle: string | null;
  lead: string;
  body: Block[];
  status: ArticleStatus;
  /** Root first: [Світ, Політика]. */
  sections: SectionRef[];
  authors: AuthorRef[];
  tags: TagRef[];
  source: string | null;
  photo: LeadPhoto | null;
  recap: Recap | null;
  /** The marked corrections and updates, newest first. */
  corrections: Correction[];
  publishedAt: Date | null;
  /** False when only the day is known (the time is then not shown). */
  publishedTimeKnown: boolean;
  /** Among the main stories on the home page. */
  isMain: boolean;
  /** 'Терміново': a banner on every page until it is an hour old or unmarked. */
  isBreaking: boolean;
  createdAt: Date;
  /** The story's last editorial change: dateModified, feeds' and sitemaps' dates. */
  updatedAt: Date;
  /** When anything last rewrote it (an import keeping the source's date too): HTTP's Last-Modified. */
  changedAt: Date;
}

/** What the list pages and the API need: no body. */
export type ArticleSummary = Omit<Article, 'body' | 'recap' | 'corrections'>;

/**
 * The public path of an article: '/svit/polityka/<slug>-<id>.html'. The id, not the slug or the
 * section, identifies the article, so every old form of the URL can answer 301 to the current one;
 * the '.html' ending keeps article URLs apart from section pages ('/svit/polityka/').
 */
export function articlePath(a: { id: number; slug: string; sections: ReadonlyArray<{ path: string }> }): string {
  const leaf = a.sections[a.sections.length - 1];
  const prefix = leaf ? `/${leaf.path}` : '';
  return `${prefix}/${a.slug}-${a.id}.html`;
}

/** The article id in a public path, or null when the path is not an article's. */
export function articleIdFromPath(path: string): number | null {
  const m = /-(\d{1,15})\.html$/.exec(path);
  return m ? Number(m[1]) : null;
}

/** First path segments that belong to the site itself, never to a top-level section. */
export const RESERVED_ROOT_SLUGS: ReadonlySet<string> = new Set([
  'admin', 'api', 'assets', 'author', 'authors', 'feed', 'feeds', 'media', 'page', 'rss', 'atom',
  'search', 'sitemap', 'sitemaps', 'static', 'tag', 'tags', 'news', 'healthz', 'readyz', 'metrics', 'robots',
]);

export const sectionPath = (s: { path: string }) => `/${s.path}/`;
export const tagPath = (t: { slug: string }) => `/tag/${t.slug}/`;
export const authorPath = (a: { slug: string }) => `/author/${a.slug}/`;
