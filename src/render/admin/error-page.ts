import { uk } from '../../core/i18n/uk.js';
import { html } from '../html.js';
import { adminLayout, notice, type AdminContext } from './layout.js';

/** A problem on a newsroom page, said in words a person can act on. */
export function renderAdminError(ctx: AdminContext, message: string): string {
  const t = uk.admin.errors;
  return adminLayout(ctx, { title: t.title }, html`<h1>${t.title}</h1>${notice(message, 'error')}<p><a href="/admin">${t.back}</a></p>`);
}
