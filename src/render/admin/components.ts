import { uk } from '../../core/i18n/uk.js';
import type { ArticleStatus } from '../../core/model.js';
import { formatDate } from '../../core/uk-format.js';
import { html, type Html } from '../html.js';

/** An article as the newsroom's lists show it (listNewsroomArticles' items). */
export interface AdminArticleItem {
  id: number;
  title: string;
  status: ArticleStatus;
  updatedAt: Date;
  publishedAt: Date | null;
  authors: Array<{ id: number; name: string }>;
  section: { id: number; name: string } | null;
  url: string;
}

/** An instant in Kyiv time: '7 січня 2026, 14:05', or relative ('сьогодні, 09:30'). */
export const kyivTime = (d: Date, now?: Date) =>
  html`<time datetime="${d.toISOString()}">${now ? formatDate(d, { relative: true, now }) : formatDate(d, { withTime: true })}</time>`;

export const statusBadge = (s: ArticleStatus) => html`<span class="status status-${s}">${uk.admin.statuses[s]}</span>`;

export const articleHref = (id: number) => `/admin/articles/${id}`;
export const titleOf = (a: { title: string }) => a.title.trim() || uk.admin.articles.noTitle;

/** Previous/next links keeping the other query parameters. */
export function pager(basePath: string, params: Record<string, string | undefined>, page: number, hasNext: boolean): Html {
  if (page <= 1 && !hasNext) return html``;
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const t = uk.admin.paging;
  return html`<nav class="pager" aria-label="${t.label}"><ul>
${page > 1 ? html`<li><a href="${href(page - 1)}" rel="prev">← ${t.previous}</a></li>` : ''}
<li aria-current="page">${t.page(page)}</li>
${hasNext ? html`<li><a href="${href(page + 1)}" rel="next">${t.next} →</a></li>` : ''}
</ul></nav>`;
}
