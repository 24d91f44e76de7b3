import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeKeys } from '../../../core/change-keys.js';
import { errors } from '../../../core/errors.js';
import { MAX_SECTION_DEPTH } from '../../../core/limits.js';
import { articleIdFromPath, articlePath } from '../../../core/model.js';
import { renderArticlePage } from '../../../render/article-page.js';
import { updatedLineValidUntil } from '../../../render/corrections.js';
import { renderHomePage } from '../../../render/home-page.js';
import { renderAuthorPage, renderNewsPage, renderSectionPage, renderTagPage } from '../../../render/list-pages.js';
import { articleDeps, articleLinks, authorPage, homeData, lastChangeOf, newsPage, readPublishedArticle, sectionPage, tagPage } from '../../../services/public-content.js';
import { isNewsroomUrl } from '../../admin/guard.js';
import { pageRoute, pageRouteByPath, sendPage } from '../../cache/respond.js';
import { sendNotFoundAtOnce } from '../../errors.js';
import { sendSectionFeed } from './feeds.js';
import type { PublicDeps } from '../../deps.js';

/** '?page=N' (N ≥ 1); a missing parameter is page 1; anything else is no page at all. */
function pageParam(req: FastifyRequest): number {
  const raw = (req.query as Record<string, unknown>).page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,4}$/.test(raw)) throw errors.notFound('Page');
  return Number(raw);
}

export function pageRoutes(app: FastifyInstance, deps: PublicDeps) {
  const { database, cache, site } = deps;
  const send = (req: FastifyRequest, reply: FastifyReply, body: string, keys: string[], lastModified: Date | null, validUntil?: Date | null) =>
    sendPage(cache, req, reply, { body, deps: [...keys, changeKeys.site], lastModified, validUntil: validUntil ?? null });

  app.get('/', pageRoute(), async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), homeData(database)]);
    const shown = [...data.main, ...data.feed, ...data.sections.flatMap((b) => b.items)];
    return send(req, reply, renderHomePage(ctx, data), [changeKeys.home], lastChangeOf(shown), ctx.breaking?.until);
  });

  app.get('/news/', pageRoute('page'), async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), newsPage(database, pageParam(req))]);
    return send(req, reply, renderNewsPage(ctx, data), [changeKeys.home], lastChangeOf(data.items), ctx.breaking?.until);
  });

  app.get<{ Params: { slug: string } }>('/tag/:slug/', pageRoute('page'), async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), tagPage(database, req.params.slug, pageParam(req))]);
    const keys = [changeKeys.tag(data.tag.id), changeKeys.tagList(data.tag.id)];
    return send(req, reply, renderTagPage(ctx, data), keys, lastChangeOf(data.items, data.tag.updatedAt), ctx.breaking?.until);
  });

  app.get<{ Params: { slug: string } }>('/author/:slug/', pageRoute('page'), async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), authorPage(database, req.params.slug, pageParam(req))]);
    const keys = [changeKeys.author(data.author.id), changeKeys.authorList(data.author.id)];
    return send(req, reply, renderAuthorPage(ctx, data), keys, lastChangeOf(data.items, data.author.updatedAt), ctx.breaking?.until);
  });

  // Everything else: an article ('/<section path>/<slug>-<id>.html') or a section ('/<path>/').
  // An article path whose section or slug is not the current one answers 301 to the current one.
  // A section's page reads ?page; an article, a feed or a redirect reads nothing, so '?page=junk' on one is the same entry.
  app.get('/*', pageRouteByPath((path) => (path.endsWith('/') ? ['page'] : [])), async (req, reply) => {
    const [pathname, query] = splitUrl(req.url);
    // The API's and the newsroom's own 404s: JSON, or a page no cache keeps.
    if (pathname.startsWith('/api/') || isNewsroomUrl(pathname)) return reply.callNotFound();
    if (beyondAnyPage(pathname)) return sendNotFoundAtOnce(deps, req, reply);
    if (/\/(rss|atom)\.xml$/.test(pathname)) return sendSectionFeed(deps, req, reply, safeDecode(pathname));
    const id = articleIdFromPath(pathname);
    if (id !== null) {
      const [ctx, article] = await Promise.all([site.load(), readPublishedArticle(database, id)]);
      const canonical = articlePath(article);
      if (safeDecode(pathname) !== canonical) return reply.redirect(canonical + query, 301);
      const links = await articleLinks(database, [article]);
      // 'Оновлено о 14:05' says 'today': the page is rendered again after midnight.
      const until = [ctx.breaking?.until, updatedLineValidUntil(article.corrections, ctx.now)].filter((d): d is Date => !!d).sort((x, y) => x.getTime() - y.getTime())[0];
      return send(req, reply, renderArticlePage(ctx, article, links.paths), articleDeps(article, links), lastChangeOf([article]), until);
    }
    const path = safeDecode(pathname).replace(/^\/+/, '');
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\/?$/.test(path)) throw errors.notFound('Page');
    if (!path.endsWith('/')) {
      await sectionPage(database, path, 1);
      return reply.redirect(`/${path}/${query}`, 301);
    }
    const [ctx, data] = await Promise.all([site.load(), sectionPage(database, path.slice(0, -1), pageParam(req))]);
    const section = data.chain.at(-1)!;
    const keys = [changeKeys.section(section.id), changeKeys.sectionList(section.id), ...data.chain.map((s) => changeKeys.section(s.id))];
    return send(req, reply, renderSectionPage(ctx, data), keys, lastChangeOf(data.items), ctx.breaking?.until);
  });
}

/** Longer than the path of any page: three section slugs and an article's slug and id are a few hundred characters. */
export const MAX_PAGE_PATH_LENGTH = 1024;

/**
 * Whether a path is longer or deeper than any page can be: a section page has at most
 * MAX_SECTION_DEPTH segments, an article or a feed one more. Such a path (a 16 KB '/a/a/a/…')
 * is refused before anything is looked up; counting stops at the first slash too many.
 */
export function beyondAnyPage(pathname: string): boolean {
  if (pathname.length > MAX_PAGE_PATH_LENGTH) return true;
  for (let i = 0, slashes = 0; i < pathname.length; i++) {
    if (pathname.charCodeAt(i) === 47 && ++slashes > MAX_SECTION_DEPTH + 1) return true;
  }
  return false;
}

function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
