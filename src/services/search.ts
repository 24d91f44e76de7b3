import { uk } from '../core/i18n/uk.js';
import type { ArticleSummary } from '../core/model.js';
import { parseQuery, type ParsedQuery } from '../core/search/query.js';
import { snippet, type SnippetPart } from '../core/search/snippet.js';
import type { Database } from '../storage/database.js';
import { summariesWithTexts } from '../storage/repositories/articles.js';
import { resolveNamed, suggestNames, type Suggestion } from '../storage/search/names.js';
import { searchArticles, type SearchHits } from '../storage/search/search.js';

export const SEARCH_PAGE_SIZE = 20;

export interface SearchRequest {
  q: string;
  page: number;
  sort: 'relevance' | 'date';
  now?: Date;
  /** How many matches relevance ranks at most: the storage's default unless a test narrows it. */
  candidates?: number;
}

export interface SearchResult {
  query: ParsedQuery;
  items: Array<{ article: ArticleSummary; snippet: SnippetPart[] }>;
  total: number;
  /** Whether total is exact, a lower bound or PostgreSQL's estimate (storage/search/search.ts). */
  totalKind: SearchHits['totalKind'];
  page: number;
  hasNext: boolean;
  /** Filters naming something that does not exist: 'Не знаємо тегу «…»'. */
  notices: string[];
}

/** Search for readers: parse, resolve filters, find, and show each hit with its best passage. */
export async function search(database: Database, req: SearchRequest): Promise<SearchResult> {
  const query = parseQuery(req.q);
  const db = database.db;
  const notices: string[] = [];
  const resolve = async (kind: 'section' | 'tag' | 'author', value: string | null) => {
    if (value === null) return null;
    const found = await resolveNamed(db, kind === 'section' ? 'sections' : kind === 'tag' ? 'tags' : 'authors', value);
    if (!found) notices.push(uk.search.unknownFilter(uk.search.filterKinds[kind], value));
    return found?.id ?? -1;
  };
  const [sectionId, tagId, authorId] = await Promise.all([resolve('section', query.section), resolve('tag', query.tag), resolve('author', query.author)]);
  const empty = query.must.length === 0 && sectionId === null && tagId === null && authorId === null && !query.from && !query.to;
  if (empty) return { query, items: [], total: 0, totalKind: 'exact', page: req.page, hasNext: false, notices };

  const hits = await searchArticles(database, {
    must: query.must,
    not: query.not,
    sectionId,
    tagId,
    authorId,
    from: query.from,
    to: query.to,
    sort: req.sort,
    limit: SEARCH_PAGE_SIZE,
    offset: (req.page - 1) * SEARCH_PAGE_SIZE,
    now: req.now ?? new Date(),
    ...(req.candidates ? { candidates: req.candidates } : {}),
  });
  const found = await summariesWithTexts(db, hits.ids);
  const terms = new Set(query.must.flat(2));
  return {
    query,
    items: found.map(({ article, paragraphs }) => ({ article, snippet: snippet(paragraphs, terms) })),
    total: hits.total,
    totalKind: hits.totalKind,
    page: req.page,
    hasNext: hits.more,
    notices,
  };
}

/** What readers are offered as they type: only names that lead to a page (a published article). */
export const suggest = (database: Database, typed: string): Promise<Suggestion[]> => suggestNames(database.db, typed, 10, { publishedOnly: true });
