import { uk } from '../../core/i18n/uk.js';
import { html, type Html } from '../html.js';
import { articleHref, kyivTime, pager } from './components.js';
import { adminLayout, type AdminContext } from './layout.js';

export interface AdminAuditEntry {
  id: number;
  at: Date;
  user: { id: number; name: string } | null;
  action: string;
  targetKind: string;
  targetId: number | string | null;
  details: object;
}

function target(e: AdminAuditEntry): Html | string {
  if (e.targetId === null || e.targetId === undefined) return e.targetKind;
  const label = `${e.targetKind} ${e.targetId}`;
  return e.targetKind === 'article' ? html`<a href="${articleHref(Number(e.targetId))}">${label}</a>` : label;
}

/** 'key: value' pairs of an entry's details, plain text. */
function details(d: object): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

/** The audit log, newest first. */
export function renderAuditPage(ctx: AdminContext, items: AdminAuditEntry[], page: number, hasNext: boolean): string {
  const t = uk.admin.audit;
  const content = html`<h1>${t.title}</h1>
${items.length
  ? html`<table class="stack"><caption class="visually-hidden">${t.title}</caption>
<thead><tr><th scope="col">${t.at}</th><th scope="col">${t.user}</th><th scope="col">${t.action}</th><th scope="col">${t.target}</th><th scope="col">${t.details}</th></tr></thead>
<tbody>${items.map(
      (e) => html`<tr><td data-label="${t.at}">${kyivTime(e.at)}</td><td data-label="${t.user}">${e.user?.name ?? html`<span class="muted">${t.system}</span>`}</td>
<td data-label="${t.action}"><code>${e.action}</code></td><td data-label="${t.target}">${target(e)}</td><td data-label="${t.details}" class="small">${details(e.details ?? {})}</td></tr>`,
    )}</tbody></table>`
  : html`<p>${t.empty}</p>`}
${pager('/admin/audit', {}, page, hasNext)}`;
  return adminLayout(ctx, { title: t.title, current: 'audit' }, content);
}
