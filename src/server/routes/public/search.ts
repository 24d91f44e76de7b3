import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changeKeys } from '../../../core/change-keys.js';
import { isShpaltaError } from '../../../core/errors.js';
import { articlePath } from '../../../core/model.js';
import { renderSearchPage } from '../../../render/search-page.js';
import { search, suggest, type SearchResult } from '../../../services/search.js';
import { sendPage } from '../../cache/respond.js';
import type { PublicDeps } from '../../deps.js';
import { parseInput } from '../../validate.js';

const searchQuery = z.object({
  q: z.string().max(500, 'q must be at most 500 characters').default(''),
  page: z.coerce.number().int('page must be a whole number').min(1, 'page must be at least 1').max(500, 'page must be at most 500').default(1),
  sort: z.enum(['relevance', 'date']).default('relevance'),
});

const suggestQuery = z.object({ q: z.string().max(100, 'q must be at most 100 characters').default('') });

/** The search page and API: results change with any publication, so they depend on 'home'. */
export function searchRoutes(app: FastifyInstance, deps: PublicDeps) {
  const { database, cache, site } = deps;

  app.get('/search', async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q = typeof raw.q === 'string' ? raw.q.slice(0, 500) : '';
    const sort = raw.sort === 'date' ? 'date' : 'relevance';
    const page = typeof raw.page === 'string' && /^[1-9]\d{0,2}$/.test(raw.page) ? Number(raw.page) : 1;
    const ctx = await site.load();
    let result: SearchResult | null = null;
    let error: string | null = null;
    try {
      result = q.trim() ? await search(database, { q, page, sort }) : null;
    } catch (e) {
      if (!isShpaltaError(e) || e.code !== 'INVALID_INPUT') throw e;
      error = e.message;
    }
    const status = error ? 400 : result && result.page > 1 && result.items.length === 0 ? 404 : 200;
    return sendPage(cache, req, reply, { status, body: renderSearchPage(ctx, { q, sort, result, error }), deps: [changeKeys.home, changeKeys.site] });
  });

  app.get('/api/v1/search', async (req, reply) => {
    const { q, page, sort } = parseInput(searchQuery, req.query);
    const r = await search(database, { q, page, sort });
    const body = {
      total: r.total,
      totalKind: r.totalKind,
      page: r.page,
      hasNext: r.hasNext,
      notices: r.notices,
      items: r.items.map(({ article: a, snippet }) => ({
        id: a.id,
        title: a.title,
        url: articlePath(a),
        publishedAt: a.publishedAt?.toISOString() ?? null,
        sections: a.sections.map((s) => ({ name: s.name, slug: s.slug, path: s.path })),
        tags: a.tags.map((t) => ({ name: t.name, slug: t.slug, kind: t.kind })),
        snippet,
      })),
    };
    return sendPage(cache, req, reply, { body: JSON.stringify(body), type: 'application/json; charset=utf-8', deps: [changeKeys.home] });
  });

  app.get('/api/v1/suggest', async (req, reply) => {
    const { q } = parseInput(suggestQuery, req.query);
    const items = await suggest(database, q);
    return sendPage(cache, req, reply, { body: JSON.stringify({ items }), type: 'application/json; charset=utf-8', deps: [changeKeys.home, changeKeys.site] });
  });
}
