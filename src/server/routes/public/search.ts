import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { changeKeys } from '../../../core/change-keys.js';
import { isShpaltaError } from '../../../core/errors.js';
import { articlePath } from '../../../core/model.js';
import { renderSearchPage } from '../../../render/search-page.js';
import { search, suggest, type SearchResult } from '../../../services/search.js';
import { pageRoute, sendPage } from '../../cache/respond.js';
import type { PublicDeps } from '../../deps.js';
import { parseInput } from '../../validate.js';

const searchQuery = z.object({
  q: z.string().max(500, 'q must be at most 500 characters').default(''),
  page: z.coerce.number().int('page must be a whole number').min(1, 'page must be at least 1').max(500, 'page must be at most 500').default(1),
  sort: z.enum(['relevance', 'date']).default('relevance'),
});

const suggestQuery = z.object({ q: z.string().max(100, 'q must be at most 100 characters').default('') });

/**
 * How long a search's results are kept however much is published meanwhile: under a breaking
 * story every publication would otherwise drop every cached search. A result that is edited or
 * taken down drops the searches showing it at once (they depend on its key).
 */
const SEARCH_FRESH_MS = 30_000;

/** The search page and API. */
export function searchRoutes(app: FastifyInstance, deps: PublicDeps) {
  const { database, cache, site } = deps;

  app.get('/search', pageRoute('q', 'page', 'sort'), async (req, reply) => {
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
    return sendPage(cache, req, reply, { status, body: renderSearchPage(ctx, { q, sort, result, error }), deps: [...searchDeps(result), changeKeys.site], validUntil: new Date(Date.now() + SEARCH_FRESH_MS) });
  });

  app.get('/api/v1/search', pageRoute('q', 'page', 'sort'), async (req, reply) => {
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
    return sendPage(cache, req, reply, { body: JSON.stringify(body), type: 'application/json; charset=utf-8', deps: searchDeps(r), validUntil: new Date(Date.now() + SEARCH_FRESH_MS) });
  });

  app.get('/api/v1/suggest', pageRoute('q'), async (req, reply) => {
    const { q } = parseInput(suggestQuery, req.query);
    const items = await suggest(database, q);
    return sendPage(cache, req, reply, { body: JSON.stringify({ items }), type: 'application/json; charset=utf-8', deps: [changeKeys.home, changeKeys.site] });
  });
}

/** What a search result shows: its articles (an edit or a takedown drops it). */
const searchDeps = (r: SearchResult | null) => (r ? r.items.map((i) => changeKeys.article(i.article.id)) : []);
