import type { FastifyInstance } from 'fastify';
import { articleIdFromPath, articlePath } from '../../../core/model.js';
import { renderArticlePage } from '../../../render/article-page.js';
import { renderHomePage } from '../../../render/home-page.js';
import type { SiteContext } from '../../../render/site.js';
import { latestArticles, readPublishedArticle } from '../../../services/public-content.js';
import type { Database } from '../../../storage/database.js';

const HTML = 'text/html; charset=utf-8';

export function pageRoutes(app: FastifyInstance, database: Database, site: () => Promise<SiteContext>) {
  app.get('/', async (_req, reply) => {
    const [ctx, feed] = await Promise.all([site(), latestArticles(database, 30)]);
    return reply.type(HTML).send(renderHomePage(ctx, feed.items));
  });

  // Articles live at '/<section path>/<slug>-<id>.html'. Any other path that ends in the
  // same id (an old slug, a moved section) answers 301 to the current one.
  app.get('/*', async (req, reply) => {
    const [pathname, query] = splitUrl(req.url);
    const id = articleIdFromPath(pathname);
    if (id === null) return reply.callNotFound();
    const [ctx, article] = await Promise.all([site(), readPublishedArticle(database, id)]);
    const canonical = articlePath(article);
    if (safeDecode(pathname) !== canonical) return reply.redirect(canonical + query, 301);
    return reply.type(HTML).send(renderArticlePage(ctx, article));
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
