import { uk } from '../../core/i18n/uk.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../core/model.js';
import { html, type Html } from '../html.js';
import { articleHref, kyivTime, pager, statusBadge, titleOf, type AdminArticleItem } from './components.js';
import { adminLayout, type AdminContext } from './layout.js';

export interface DashboardPanel {
  title: string;
  items: AdminArticleItem[];
  /** The full list of this kind. */
  more: string;
}

function panelItem(ctx: AdminContext, a: AdminArticleItem): Html {
  const t = uk.admin.articles;
  const when =
    a.status === 'scheduled' && a.publishedAt
      ? html`${t.scheduledFor}: ${kyivTime(a.publishedAt)}`
      : a.status === 'published' && a.publishedAt
        ? kyivTime(a.publishedAt, ctx.now)
        : html`${t.updated}: ${kyivTime(a.updatedAt, ctx.now)}`;
  const authors = a.authors.map((x) => x.name).join(', ');
  return html`<li><a href="${articleHref(a.id)}">${titleOf(a)}</a> ${statusBadge(a.status)}
<span class="meta">${authors ? html`${authors} · ` : ''}${when}</span></li>`;
}

/** An account's unpublished changes to an article (services/newsroom/working-copy.ts). */
export interface DashboardCopy {
  articleId: number;
  title: string;
  updatedAt: Date;
  /** The article's status now; null when it was deleted. */
  status: ArticleStatus | null;
}

function copyItem(ctx: AdminContext, c: DashboardCopy): Html {
  const t = uk.admin.dashboard;
  return html`<li><a href="${articleHref(c.articleId)}">${titleOf(c)}</a> ${c.status ? statusBadge(c.status) : html`<span class="status">${t.articleDeleted}</span>`}
<span class="meta">${uk.admin.articles.updated}: ${kyivTime(c.updatedAt, ctx.now)}</span></li>`;
}

/**
 * The dashboard: the account's unpublished changes (when there are any), what is mine, what
 * waits for an editor, what is scheduled and what went out.
 */
export function renderDashboard(ctx: AdminContext, panels: DashboardPanel[], copies: DashboardCopy[] = []): string {
  const t = uk.admin.dashboard;
  const content = html`<div class="head"><h1>${t.title}</h1><a class="button" href="/admin/articles/new">${t.newArticle}</a></div>
${copies.length ? html`<section class="copies" aria-labelledby="copies-title"><h2 id="copies-title">${t.unpublishedChanges}</h2>
<ul class="items">${copies.map((c) => copyItem(ctx, c))}</ul></section>` : ''}
<div class="panels">
${panels.map(
  (p, i) => html`<section aria-labelledby="panel-${i}"><h2 id="panel-${i}">${p.title}</h2>
${p.items.length ? html`<ul class="items">${p.items.map((a) => panelItem(ctx, a))}</ul>` : html`<p class="muted">${t.empty}</p>`}
<p class="small"><a href="${p.more}">${t.all}<span class="visually-hidden">: ${p.title}</span></a></p></section>`,
)}
</div>`;
  return adminLayout(ctx, { title: t.title, current: 'dashboard' }, content);
}

export interface ArticleFilters {
  status?: ArticleStatus;
  mine: boolean;
  q: string;
  page: number;
}

/** The list of articles with its filters (a GET form, so every view has a URL). */
export function renderArticleList(ctx: AdminContext, f: ArticleFilters, items: AdminArticleItem[], hasNext: boolean): string {
  const t = uk.admin.articles;
  const filters = html`<form class="filters" method="get" action="/admin/articles" role="search" aria-label="${t.filters}">
<div class="field"><label for="f-q">${t.search}</label><input id="f-q" name="q" type="search" value="${f.q}"></div>
<div class="field"><label for="f-status">${t.status}</label><select id="f-status" name="status">
<option value="">${t.anyStatus}</option>
${ARTICLE_STATUSES.map((s) => html`<option value="${s}"${f.status === s ? html` selected` : ''}>${uk.admin.statuses[s]}</option>`)}
</select></div>
<label class="check"><input type="checkbox" name="mine" value="1"${f.mine ? html` checked` : ''}> ${t.mine}</label>
<button type="submit">${t.apply}</button>
<a href="/admin/articles">${t.reset}</a>
</form>`;
  const rows = items.map(
    (a) => html`<tr>
<td data-label="${t.headline}"><a href="${articleHref(a.id)}">${titleOf(a)}</a>${a.status === 'published' ? html` <a class="small" href="${a.url}">${t.view}<span class="visually-hidden">: ${titleOf(a)}</span></a>` : ''}</td>
<td data-label="${t.status}">${statusBadge(a.status)}</td>
<td data-label="${t.authors}">${a.authors.map((x) => x.name).join(', ')}</td>
<td data-label="${t.section}">${a.section?.name ?? ''}</td>
<td data-label="${t.updated}">${kyivTime(a.updatedAt, ctx.now)}</td>
<td data-label="${t.published}">${a.publishedAt ? kyivTime(a.publishedAt) : ''}</td>
</tr>`,
  );
  const table = items.length
    ? html`<table class="stack"><caption class="visually-hidden">${t.title}</caption>
<thead><tr><th scope="col">${t.headline}</th><th scope="col">${t.status}</th><th scope="col">${t.authors}</th><th scope="col">${t.section}</th><th scope="col">${t.updated}</th><th scope="col">${t.published}</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p>${t.empty}</p>`;
  const content = html`<div class="head"><h1>${t.title}</h1><a class="button" href="/admin/articles/new">${uk.admin.dashboard.newArticle}</a></div>
${filters}
${table}
${pager('/admin/articles', { q: f.q, status: f.status, mine: f.mine ? '1' : undefined }, f.page, hasNext)}`;
  return adminLayout(ctx, { title: f.page > 1 ? `${t.title}, ${uk.admin.paging.page(f.page).toLowerCase()}` : t.title, current: 'articles' }, content);
}
