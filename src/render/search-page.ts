import { uk } from '../core/i18n/uk.js';
import { articlePath } from '../core/model.js';
import type { SnippetPart } from '../core/search/snippet.js';
import { countUk } from '../core/uk-format.js';
import type { SearchResult } from '../services/search.js';
import { articleDate } from './components.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import type { SiteContext } from './site.js';

export interface SearchView {
  q: string;
  sort: 'relevance' | 'date';
  result: SearchResult | null;
  /** A mistake in the query, said in Ukrainian. */
  error: string | null;
}

const searchUrl = (q: string, sort: string, page = 1) =>
  `/search?q=${encodeURIComponent(q)}${sort === 'date' ? '&sort=date' : ''}${page > 1 ? `&page=${page}` : ''}`;

function form(q: string, sort: string): Html {
  return html`<form class="search" role="search" action="/search" method="get">
<label for="q">${uk.search.label}</label>
<input id="q" name="q" type="search" value="${q}" placeholder="${uk.search.placeholder}" aria-describedby="search-help">
${sort === 'date' ? html`<input type="hidden" name="sort" value="date">` : ''}
<button type="submit">${uk.search.submit}</button>
<p id="search-help" class="hint">${uk.search.syntaxHelp}</p>
</form>`;
}

const snippetHtml = (parts: SnippetPart[]) => html`${parts.map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}`;

export function renderSearchPage(site: SiteContext, v: SearchView): string {
  const r = v.result;
  const body = v.error
    ? html`<p class="notice" role="alert">${v.error}</p>`
    : !r || v.q.trim() === ''
      ? html`<p>${uk.search.prompt}</p>`
      : html`${r.notices.map((n) => html`<p class="notice">${n}</p>`)}
${r.total === 0
  ? html`<div class="empty"><p>${uk.search.nothingFound(v.q)}</p><ul>${uk.search.emptyHints.map((h) => html`<li>${h}</li>`)}</ul></div>`
  : html`<p class="count" role="status">${uk.search.found(countUk(r.total, uk.search.results), r.totalKind)}</p>
<p class="sort">${uk.search.sort}: ${v.sort === 'date' ? html`<a href="${searchUrl(v.q, 'relevance')}">${uk.search.sortRelevance}</a> · <strong>${uk.search.sortDate}</strong>` : html`<strong>${uk.search.sortRelevance}</strong> · <a href="${searchUrl(v.q, 'date')}">${uk.search.sortDate}</a>`}</p>
<ol class="results" start="${(r.page - 1) * 20 + 1}">
${r.items.map(
  ({ article: a, snippet }) => html`<li><h2><a href="${articlePath(a)}">${a.title}</a></h2>
<p class="card-meta">${articleDate(a, site.now)}${a.sections.at(-1) ? html` · ${a.sections.at(-1)!.name}` : ''}</p>
<p class="snippet">${snippetHtml(snippet)}</p></li>`,
)}
</ol>
<nav class="pager" aria-label="${uk.lists.pagination}">
${r.page > 1 ? html`<a rel="prev" href="${searchUrl(v.q, v.sort, r.page - 1)}">← ${uk.lists.previous}</a>` : ''}
${r.hasNext ? html`<a rel="next" href="${searchUrl(v.q, v.sort, r.page + 1)}">${uk.lists.next} →</a>` : ''}
</nav>`}`;
  const title = v.q ? `${uk.search.title}: ${v.q}` : uk.search.title;
  return layout(site, { title, noindex: true }, html`<h1 class="section-title">${uk.search.title}</h1>${form(v.q, v.sort)}${body}`);
}
