import type { FastifyInstance } from 'fastify';
import { latestArticles, readPublishedArticle } from '../../../../services/public-content.js';
import type { Database } from '../../../../storage/database.js';
import { parseInput } from '../../../validate.js';
import { presentArticle, presentSummary } from './present.js';
import { encodeCursor, idParams, listQuery } from './schema.js';

/** The public read API: published articles only, newest first. */
export function articleApiRoutes(app: FastifyInstance, database: Database, siteUrl: string) {
  app.get('/api/v1/articles', async (req) => {
    const { limit, cursor } = parseInput(listQuery, req.query);
    const page = await latestArticles(database, limit, cursor);
    return { items: page.items.map((a) => presentSummary(a, siteUrl)), nextCursor: page.next ? encodeCursor(page.next) : null };
  });

  app.get('/api/v1/articles/:id', async (req) => {
    const { id } = parseInput(idParams, req.params);
    return presentArticle(await readPublishedArticle(database, id), siteUrl);
  });
}
