import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { changeKeys } from '../../../core/change-keys.js';
import { errors } from '../../../core/errors.js';
import { articleIdFromPath, articlePath } from '../../../core/model.js';
import { renderArticlePage } from '../../../render/article-page.js';
import { renderHomePage } from '../../../render/home-page.js';
import { renderAuthorPage, renderNewsPage, renderSectionPage, renderTagPage } from '../../../render/list-pages.js';
import { articleDeps, authorPage, homeData, newsPage, readPublishedArticle, sectionPage, tagPage } from '../../../services/public-content.js';
import { sendPage } from '../../cache/respond.js';
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
  const send = (req: FastifyRequest, reply: FastifyReply, body: string, keys: string[], validUntil?: Date | null) =>
    sendPage(cache, req, reply, { body, deps: [...keys, changeKeys.site], validUntil: validUntil ?? null });

  app.get('/', async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), homeData(database)]);
    return send(req, reply, renderHomePage(ctx, data), [changeKeys.home], ctx.breaking?.until);
  });

  app.get('/news/', async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), newsPage(database, pageParam(req))]);
    return send(req, reply, renderNewsPage(ctx, data), [changeKeys.home], ctx.breaking?.until);
  });

  app.get<{ Params: { slug: string } }>('/tag/:slug/', async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), tagPage(database, req.params.slug, pageParam(req))]);
    return send(req, reply, renderTagPage(ctx, data), [changeKeys.tag(data.tag.id), changeKeys.tagList(data.tag.id)], ctx.breaking?.until);
  });

  app.get<{ Params: { slug: string } }>('/author/:slug/', async (req, reply) => {
    const [ctx, data] = await Promise.all([site.load(), authorPage(database, req.params.slug, pageParam(req))]);
    return send(req, reply, renderAuthorPage(ctx, data), [changeKeys.author(data.author.id), changeKeys.authorList(data.author.id)], ctx.breaking?.until);
  });

  // Everything else: an article ('/<section path>/<slug>-<id>.html') or a section ('/<path>/').
  // An article path whose section or slug is not the current one answers 301 to the current one.
  app.get('/*', async (req, reply) => {
    const [pathname, query] = splitUrl(req.url);
    if (pathname.startsWith('/api/')) return reply.callNotFound();
    if (/\/(rss|atom)\.xml$/.test(pathname)) return sendSectionFeed(deps, req, reply, safeDecode(pathname));
    const id = articleIdFromPath(pathname);
    if (id !== null) {
      const [ctx, article] = await Promise.all([site.load(), readPublishedArticle(database, id)]);
      const canonical = articlePath(article);
      if (safeDecode(pathname) !== canonical) return reply.redirect(canonical + query, 301);
      return send(req, reply, renderArticlePage(ctx, article), articleDeps(article), ctx.breaking?.until);
    }
    const path = safeDecode(pathname).replace(/^\/+/, '');
    if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*\/?$/.test(path)) throw errors.notFound('Page');
    if (!path.endsWith('/')) {
      await sectionPage(database, path, 1);
      return reply.redirect(`/${path}/${query}`, 301);
    }
    const [ctx, data] = await Promise.all([site.load(), sectionPage(database, path.slice(0, -1), pageParam(req))]);
    const section = data.chain.at(-1)!;
    return send(req, reply, renderSectionPage(ctx, data), [changeKeys.section(section.id), changeKeys.sectionList(section.id), ...data.chain.map((s) => changeKeys.section(s.id))], ctx.breaking?.until);
  });
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
