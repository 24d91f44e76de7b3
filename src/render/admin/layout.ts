import { uk } from '../../core/i18n/uk.js';
import { atLeast, type Role } from '../../core/roles.js';
import { html, type Html } from '../html.js';

/** The signed-in person a page is drawn for. */
export interface AdminViewer {
  name: string;
  role: Role;
  csrfToken: string;
}

/** What every admin page needs besides its content. */
export interface AdminContext {
  /** The stylesheet's URL (it carries the content's hash). */
  stylesheet: string;
  viewer: AdminViewer | null;
  now: Date;
}

export type AdminNavKey = keyof typeof uk.admin.nav;

const NAV: Array<{ key: AdminNavKey; href: string; min: Role }> = [
  { key: 'dashboard', href: '/admin', min: 'contributor' },
  { key: 'articles', href: '/admin/articles', min: 'contributor' },
  { key: 'media', href: '/admin/media', min: 'contributor' },
  { key: 'taxonomy', href: '/admin/taxonomy', min: 'editor' },
  { key: 'audit', href: '/admin/audit', min: 'editor' },
  { key: 'users', href: '/admin/users', min: 'admin' },
];

/** The hidden field every form posting to /admin carries (the guard checks it). */
export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

/** A message above the content: role="status" for news, role="alert" for problems. */
export function notice(text: string | Html, kind: 'ok' | 'error' | 'info' = 'info'): Html {
  return html`<div class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</div>`;
}

/** The newsroom's bar: the menu for the viewer's role, who is signed in, and signing out. */
export function adminHeader(v: AdminViewer | null, current: AdminNavKey | undefined): Html {
  if (!v) return html`<header class="bar"><div class="wrap"><span class="brand">${uk.admin.brand}</span></div></header>`;
  return html`<header class="bar"><div class="wrap">
<a class="brand" href="/admin">${uk.admin.brand}</a>
<nav aria-label="${uk.admin.mainMenu}"><ul>
${NAV.filter((n) => atLeast(v.role, n.min)).map(
  (n) => html`<li><a href="${n.href}"${current === n.key ? html` aria-current="page"` : ''}>${uk.admin.nav[n.key]}</a></li>`,
)}
<li><a href="/">${uk.admin.nav.site}</a></li>
</ul></nav>
<div class="who" role="group" aria-label="${uk.admin.account}">
<a href="/admin/account">${uk.admin.signedInAs(v.name, uk.admin.roles[v.role])}</a>
<form method="post" action="/admin/logout">${csrfField(v.csrfToken)}<button class="linkish" type="submit">${uk.admin.logout}</button></form>
<form method="post" action="/admin/logout-everywhere">${csrfField(v.csrfToken)}<button class="linkish" type="submit">${uk.admin.logoutEverywhere}</button></form>
</div>
</div></header>`;
}

/** The <head> of every newsroom page: never indexed; `links` are its stylesheets and scripts. */
export function adminHead(title: string, links: Html): Html {
  return html`<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} — ${uk.admin.brand}</title>
${links}
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>`;
}

/** The shell of every newsroom page except the article editor: landmarks, a skip link, the menu. */
export function adminLayout(ctx: AdminContext, page: { title: string; current?: AdminNavKey }, content: Html): string {
  return (
    '<!doctype html>\n' +
    html`<html lang="${uk.lang}">
${adminHead(page.title, html`<link rel="stylesheet" href="${ctx.stylesheet}">`)}
<body>
<a class="skip" href="#content">${uk.admin.skipToContent}</a>
${adminHeader(ctx.viewer, page.current)}
<main id="content" class="wrap" tabindex="-1">
${content}
</main>
</body>
</html>
`.value
  );
}
