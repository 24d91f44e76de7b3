import { uk } from '../../core/i18n/uk.js';
import { html } from '../html.js';
import { adminLayout, csrfField, notice, type AdminContext } from './layout.js';

export interface LoginForm {
  csrfToken: string;
  next: string;
  email?: string;
  error?: string;
  info?: string;
}

/** The sign-in form: a plain POST, no script needed. */
export function renderLoginPage(ctx: AdminContext, f: LoginForm): string {
  const t = uk.admin.login;
  const content = html`<div class="login">
<h1>${t.title}</h1>
${f.error ? notice(f.error, 'error') : ''}
${f.info ? notice(f.info, 'ok') : ''}
<form method="post" action="/admin/login">
${csrfField(f.csrfToken)}
<input type="hidden" name="next" value="${f.next}">
<div class="field"><label for="email">${t.email}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${f.email ?? ''}"${f.email ? '' : html` autofocus`}></div>
<div class="field"><label for="password">${t.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${f.email ? html` autofocus` : ''}></div>
<button type="submit">${t.submit}</button>
</form>
</div>`;
  return adminLayout(ctx, { title: t.title }, content);
}
