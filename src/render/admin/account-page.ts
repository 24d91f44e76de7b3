import { uk } from '../../core/i18n/uk.js';
import type { Gender } from '../../core/gender.js';
import type { Role } from '../../core/roles.js';
import { html, type Html } from '../html.js';
import { adminLayout, csrfField, notice, type AdminContext } from './layout.js';
import { genderOptions } from './users-page.js';

export interface AccountPageState {
  user: { name: string; email: string; role: Role; mustChangePassword: boolean; gender: Gender };
  byline: { name: string; slug: string } | null;
  done?: string;
  error?: string;
}

/** The new password twice; `autocomplete` lets a password manager offer a strong one. */
function newPasswordFields(error?: string): Html {
  const t = uk.admin.myAccount;
  return html`<div class="field"><label for="new-password">${t.newPassword}</label>
<input id="new-password" name="password" type="password" autocomplete="new-password" required minlength="10" aria-describedby="new-password-hint"${error ? html` aria-invalid="true"` : ''}>
<p id="new-password-hint" class="hint">${t.newHint}</p></div>
<div class="field"><label for="repeat-password">${t.repeat}</label>
<input id="repeat-password" name="repeat" type="password" autocomplete="new-password" required minlength="10"></div>`;
}

/** One's own account: who one is in the newsroom, and the form to change one's password. */
export function renderAccountPage(ctx: AdminContext, s: AccountPageState): string {
  const t = uk.admin.myAccount;
  const u = uk.admin.users;
  const content = html`<h1>${t.title}</h1>
${s.user.mustChangePassword ? notice(t.mustChange, 'info') : ''}
${s.done ? notice(s.done, 'ok') : ''}
${s.error ? notice(s.error, 'error') : ''}
<dl class="facts">
<dt>${u.name}</dt><dd>${s.user.name}</dd>
<dt>${u.email}</dt><dd>${s.user.email}</dd>
<dt>${u.role}</dt><dd>${uk.admin.roles[s.user.role]}</dd>
<dt>${u.byline}</dt><dd>${s.byline ? html`<a href="/author/${s.byline.slug}/">${s.byline.name}</a>` : u.noByline}</dd>
</dl>
<form method="post" action="/admin/account/gender" aria-labelledby="my-gender"><fieldset>
<legend id="my-gender">${u.gender}</legend>
${csrfField(ctx.viewer?.csrfToken ?? '')}
<div class="field"><label for="gender">${u.gender}</label><select id="gender" name="gender" aria-describedby="gender-hint">${genderOptions(s.user.gender)}</select>
<p id="gender-hint" class="hint">${u.genderHint}</p></div>
<button type="submit">${t.genderSubmit}</button>
</fieldset></form>
<form method="post" action="/admin/account/password" aria-labelledby="change-password"><fieldset>
<legend id="change-password">${t.password}</legend>
${csrfField(ctx.viewer?.csrfToken ?? '')}
<input type="text" name="username" autocomplete="username" value="${s.user.email}" hidden>
<div class="field"><label for="current-password">${t.current}</label>
<input id="current-password" name="current" type="password" autocomplete="current-password" required></div>
${newPasswordFields(s.error)}
<button type="submit">${t.submit}</button>
</fieldset></form>`;
  return adminLayout(ctx, { title: t.title }, content);
}

export interface PasswordLinkState {
  purpose: 'invite' | 'reset';
  user: { name: string; email: string };
  /** The link's own path: the form posts back to it. */
  action: string;
  error?: string;
}

/** The page a one-time link opens: choose a password, and be signed in. */
export function renderPasswordLinkPage(ctx: AdminContext, s: PasswordLinkState): string {
  const t = uk.admin.passwordLink;
  const title = s.purpose === 'invite' ? t.titleInvite : t.titleReset;
  const content = html`<div class="login">
<h1>${title}</h1>
<p>${s.purpose === 'invite' ? t.introInvite(s.user.name) : t.introReset(s.user.email)}</p>
${s.error ? notice(s.error, 'error') : ''}
<form method="post" action="${s.action}">
<input type="text" name="username" autocomplete="username" value="${s.user.email}" hidden>
${newPasswordFields(s.error)}
<button type="submit">${t.submit}</button>
</form>
</div>`;
  return adminLayout(ctx, { title }, content);
}

/** A link that was used, replaced or has expired. */
export function renderInvalidLinkPage(ctx: AdminContext): string {
  const t = uk.admin.passwordLink;
  return adminLayout(ctx, { title: t.invalidTitle }, html`<div class="login"><h1>${t.invalidTitle}</h1>${notice(t.invalid, 'error')}<p><a href="/admin/login">${uk.admin.login.title}</a></p></div>`);
}
