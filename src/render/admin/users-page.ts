import { uk } from '../../core/i18n/uk.js';
import { GENDERS, type Gender } from '../../core/gender.js';
import { ROLES, type Role } from '../../core/roles.js';
import { formatDate } from '../../core/uk-format.js';
import { html, type Html } from '../html.js';
import { adminLayout, csrfField, notice, type AdminContext } from './layout.js';

export interface AdminUserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  gender: Gender;
  /** The author record the account signs with. */
  byline: { name: string; slug: string } | null;
}

/** An author no account signs with yet: a byline a new account may take. */
export interface FreeByline {
  id: number;
  name: string;
  slug: string;
}

export interface UsersPageState {
  users: AdminUserRow[];
  /** The bylines a new account may take, besides a new one. */
  freeBylines: FreeByline[];
  selfId: number;
  /** An invitation or password reset just issued: its one-time link is shown on this answer only. */
  link?: { kind: 'invite' | 'reset'; name: string; email: string; url: string; expiresAt: Date };
  done?: string;
  error?: string;
  /** The form as sent, shown again with an error; authorId '' is a new byline. */
  form?: { email: string; name: string; role: Role; authorId: string };
}

/** The choice of grammatical gender, for this page and the account page. */
export const genderOptions = (selected: Gender) => GENDERS.map((g) => html`<option value="${g}"${g === selected ? html` selected` : ''}>${uk.admin.users.genders[g]}</option>`);

const roleOptions = (selected: Role) => ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${uk.admin.roles[r]}</option>`);

function row(u: AdminUserRow, selfId: number, csrf: string): Html {
  const t = uk.admin.users;
  const self = u.id === selfId;
  const actions = self
    ? html`<span class="muted">${t.you}</span>`
    : html`<form method="post" action="/admin/users/${u.id}/role">${csrfField(csrf)}
<label class="visually-hidden" for="role-${u.id}">${t.roleFor(u.name)}</label>
<select id="role-${u.id}" name="role">${roleOptions(u.role)}</select>
<button class="secondary" type="submit">${t.changeRole}<span class="visually-hidden">: ${u.name}</span></button></form>
<form method="post" action="/admin/users/${u.id}/gender">${csrfField(csrf)}
<label class="visually-hidden" for="gender-${u.id}">${t.genderFor(u.name)}</label>
<select id="gender-${u.id}" name="gender">${genderOptions(u.gender)}</select>
<button class="secondary" type="submit">${t.setGender}<span class="visually-hidden">: ${u.name}</span></button></form>
<form method="post" action="/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}">${csrfField(csrf)}
<button class="${u.disabled ? 'secondary' : 'danger'}" type="submit">${u.disabled ? t.enable : t.disable}<span class="visually-hidden">: ${u.name}</span></button></form>
<form method="post" action="/admin/users/${u.id}/reset-password">${csrfField(csrf)}
<button class="secondary" type="submit">${t.resetPassword}<span class="visually-hidden">: ${u.name}</span></button></form>`;
  return html`<tr>
<td data-label="${t.name}">${u.name}</td>
<td data-label="${t.email}">${u.email}</td>
<td data-label="${t.role}">${uk.admin.roles[u.role]}</td>
<td data-label="${t.byline}">${u.byline ? html`${u.byline.name} <span class="muted">(${u.byline.slug})</span>` : html`<span class="muted">${t.noByline}</span>`}</td>
<td data-label="${t.state}">${u.disabled ? html`<strong>${t.disabled}</strong>` : t.active}</td>
<td data-label="${t.actions}">${actions}</td>
</tr>`;
}

/** Accounts: the list with role and on/off controls, and the form to add one. */
export function renderUsersPage(ctx: AdminContext, s: UsersPageState): string {
  const t = uk.admin.users;
  const csrf = ctx.viewer?.csrfToken ?? '';
  const l = s.link;
  const who = l ? `${l.name} <${l.email}>` : '';
  const created = l
    ? notice(html`<p>${l.kind === 'invite' ? t.invited(who) : t.resetDone(who)}</p><p><span class="secret">${l.url}</span></p><p>${t.linkTerms(formatDate(l.expiresAt, { withTime: true }))}</p>`, 'ok')
    : '';
  const add = html`<form method="post" action="/admin/users" aria-labelledby="add-user"><fieldset>
${csrfField(csrf)}
<div class="field"><label for="u-email">${t.email}</label><input id="u-email" name="email" type="email" required autocomplete="off" value="${s.form?.email ?? ''}"></div>
<div class="field"><label for="u-name">${t.name}</label><input id="u-name" name="name" type="text" required autocomplete="off" value="${s.form?.name ?? ''}"></div>
<div class="field"><label for="u-role">${t.role}</label><select id="u-role" name="role">${roleOptions(s.form?.role ?? 'author')}</select></div>
<div class="field"><label for="u-byline">${t.byline}</label><select id="u-byline" name="authorId" aria-describedby="u-byline-hint">
<option value="">${t.bylineNew}</option>
${s.freeBylines.map((a) => html`<option value="${a.id}"${String(a.id) === s.form?.authorId ? html` selected` : ''}>${a.name} (${a.slug})</option>`)}
</select><p id="u-byline-hint" class="hint">${t.bylineHint}</p></div>
<button type="submit">${t.create}</button>
</fieldset></form>`;
  const content = html`<h1>${t.title}</h1>
${created}
${s.done ? notice(s.done, 'ok') : ''}
${s.error ? notice(s.error, 'error') : ''}
<table class="stack"><caption class="visually-hidden">${t.title}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.email}</th><th scope="col">${t.role}</th><th scope="col">${t.byline}</th><th scope="col">${t.state}</th><th scope="col">${t.actions}</th></tr></thead>
<tbody>${s.users.map((u) => row(u, s.selfId, csrf))}</tbody></table>
<p class="hint">${t.genderHint}</p>
<h2 id="add-user">${t.add}</h2>
${add}`;
  return adminLayout(ctx, { title: t.title, current: 'users' }, content);
}
