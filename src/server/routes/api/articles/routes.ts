import type { FastifyInstance } from 'fastify';
import { changeKeys } from '../../../../core/change-keys.js';
import { articleDeps, articleLinks, lastChangeOf, latestArticles, readPublishedArticle } from '../../../../services/public-content.js';
import { pageRoute, sendPage } from '../../../cache/respond.js';
import type { PublicDeps } from '../../../deps.js';
import { parseInput } from '../../../validate.js';
import { presentArticle, presentSummary } from './present.js';
import { encodeCursor, idParams, listQuery } from './schema.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** The public read API: published articles only, newest first; cached and compressed like pages. */
export function articleApiRoutes(app: FastifyInstance, { database, siteUrl, cache }: PublicDeps) {
  app.get('/api/v1/articles', pageRoute('limit', 'cursor'), async (req, reply) => {
    const { limit, cursor } = parseInput(listQuery, req.query);
    const page = await latestArticles(database, limit, cursor);
    const body = { items: page.items.map((a) => presentSummary(a, siteUrl)), nextCursor: page.next ? encodeCursor(page.next) : null };
    // Any article in the list may change its tags or authors: the list depends on them all.
    const deps = [changeKeys.home, ...page.items.map((a) => changeKeys.article(a.id))];
    return sendPage(cache, req, reply, { body: JSON.stringify(body), type: JSON_TYPE, deps, lastModified: lastChangeOf(page.items) });
  });

  app.get('/api/v1/articles/:id', pageRoute(), async (req, reply) => {
    const { id } = parseInput(idParams, req.params);
    const article = await readPublishedArticle(database, id);
    const links = await articleLinks(database, [article]);
    return sendPage(cache, req, reply, { body: JSON.stringify(presentArticle(article, siteUrl, links.paths)), type: JSON_TYPE, deps: articleDeps(article, links), lastModified: lastChangeOf([article]) });
  });
}
