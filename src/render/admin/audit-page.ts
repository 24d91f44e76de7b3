import { agree, type Gender } from '../../core/gender.js';
import { uk } from '../../core/i18n/uk.js';
import { countUk, formatDate } from '../../core/uk-format.js';
import { html, type Html } from '../html.js';
import { articleHref, kyivTime, pager } from './components.js';
import { adminLayout, type AdminContext } from './layout.js';

export interface AdminAuditEntry {
  id: number;
  at: Date;
  user: { id: number; name: string; gender: Gender } | null;
  action: string;
  targetKind: string;
  targetId: number | string | null;
  /** The title or name of what the entry is about, when it still exists. */
  targetName?: string | null;
  details: Record<string, unknown>;
}

/** What the entry is about: an article by its title (a link to it), others by their name. */
function target(e: AdminAuditEntry): Html | string {
  const t = uk.admin.audit;
  if (e.targetId === null || e.targetId === undefined) return t.targets[e.targetKind] ?? e.targetKind;
  const label = e.targetName ?? `${t.targets[e.targetKind] ?? e.targetKind} №${e.targetId}`;
  return e.targetKind === 'article' ? html`<a href="${articleHref(Number(e.targetId))}">${label}</a>` : label;
}

/**
 * What was done, after the name in «Хто»: the verb agreeing with that person ('опублікувала'),
 * or a noun phrase when the gender is unknown or nobody did it ('Вихід за розкладом').
 */
function actionText(e: AdminAuditEntry): Html | string {
  const forms = uk.admin.audit.actions[e.action];
  return forms ? agree(forms, e.user?.gender) : html`<code>${e.action}</code>`;
}

/** A stored value in words: statuses, roles and tag kinds by their names, times in Kyiv time. */
function valueText(key: string, v: unknown): string {
  if (typeof v === 'string' && (key === 'from' || key === 'to') && v in uk.admin.statuses) return uk.admin.statuses[v as keyof typeof uk.admin.statuses];
  if (typeof v === 'string' && key === 'role' && v in uk.admin.roles) return uk.admin.roles[v as keyof typeof uk.admin.roles];
  if (typeof v === 'string' && key === 'kind' && v in uk.article.correctionKinds) return uk.article.correctionKinds[v as keyof typeof uk.article.correctionKinds];
  if (typeof v === 'string' && key === 'gender' && v in uk.admin.users.genders) return uk.admin.users.genders[v as keyof typeof uk.admin.users.genders];
  if (typeof v === 'string' && key === 'kind' && v in uk.tagKinds) return uk.tagKinds[v as keyof typeof uk.tagKinds];
  if (typeof v === 'string' && (key === 'at' || key === 'expiresAt') && !Number.isNaN(Date.parse(v))) return formatDate(new Date(v), { withTime: true });
  if (typeof v === 'number' && /AuthorId$|^authorId$/.test(key)) return `№${v}`;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** An entry's details in words: 'Чернетка → Опубліковано', 'Назва: Київ → Київщина', '2 сеанси завершено'. */
export function detailsText(d: Record<string, unknown>): string {
  const t = uk.admin.audit;
  const parts: string[] = [];
  const label = (k: string) => t.fields[k] ?? k;
  const { from, to, ...rest } = d;
  if (typeof from === 'string' || typeof to === 'string') parts.push(`${valueText('from', from ?? '')} → ${valueText('to', to ?? '')}`);
  else if (from && to && typeof from === 'object' && typeof to === 'object') {
    const a = from as Record<string, unknown>;
    const b = to as Record<string, unknown>;
    for (const k of Object.keys(b)) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) parts.push(`${label(k)}: ${valueText(k, a[k])} → ${valueText(k, b[k])}`);
  }
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined || v === null || k === 'why') continue;
    if (k === 'disabled') parts.push(v ? t.disabled : t.enabled);
    else if (k === 'via') parts.push(t.via[String(v)] ?? String(v));
    else if (k === 'endedSessions' && typeof v === 'number') parts.push(countUk(v, t.endedSessions));
    else if (k === 'version') parts.push(`${label(k).toLowerCase()} ${String(v)}`);
    else parts.push(`${label(k)}: ${valueText(k, v)}`);
  }
  return parts.join('; ');
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
<td data-label="${t.action}">${actionText(e)}</td><td data-label="${t.target}">${target(e)}</td><td data-label="${t.details}" class="small">${detailsText(e.details ?? {})}</td></tr>`,
    )}</tbody></table>`
  : html`<p>${t.empty}</p>`}
${pager('/admin/audit', {}, page, hasNext)}`;
  return adminLayout(ctx, { title: t.title, current: 'audit' }, content);
}
