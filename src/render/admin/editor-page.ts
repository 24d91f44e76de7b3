import { uk } from '../../core/i18n/uk.js';
import { html, jsonForScript, type Html } from '../html.js';
import { adminHead } from './layout.js';

/** What the editor's script starts from (admin-client/editor/types.ts Boot reads the same shape). */
export interface EditorBoot {
  article: unknown | null;
  /** False when the account may read the article but not change it (core/roles.ts canEdit). */
  editable: boolean;
  editors: Array<{ id: number; name: string }>;
  csrfToken: string;
  user: { id: number; name: string; role: string; authorId: number | null };
  siteUrl: string;
  transitions: unknown;
  roles: readonly string[];
  statuses: Record<string, string>;
  tagKinds: Record<string, string>;
  strings: unknown;
  /** Names of the article's tags and titles of its recap's articles (the article holds only ids). */
  tags: Array<{ id: number; name: string; kind: string }>;
  recapArticles: Array<{ id: number; title: string }>;
  /** The viewer's own unpublished changes to the article (services/newsroom/working-copy.ts), or null. */
  workingCopy: unknown | null;
}

export interface EditorShell {
  adminStylesheet: string;
  editorStylesheet: string;
  script: string;
  boot: EditorBoot;
}

/**
 * The editor's page: the newsroom's stylesheets, the data as JSON (escaped so that no stored
 * text can end the script element), and the module that builds the UI. Without JavaScript it
 * says so rather than showing a form that cannot save.
 */
export function renderEditorPage(shell: EditorShell): string {
  const s = uk.editor;
  const title = shell.boot.article ? s.titleEdit : s.titleNew;
  return (
    '<!doctype html>\n' +
    html`<html lang="${uk.lang}">
${adminHead(title, html`<link rel="stylesheet" href="${shell.adminStylesheet}">
<link rel="stylesheet" href="${shell.editorStylesheet}">
<script type="module" src="${shell.script}"></script>`)}
<body class="editor-page">
<a class="skip" href="#editor">${uk.admin.skipToContent}</a>
<main id="content" class="wrap">
<div id="editor" tabindex="-1">${loading(title, s.noScript)}</div>
</main>
<script type="application/json" id="editor-boot">${jsonForScript(shell.boot)}</script>
</body>
</html>
`.value
  );
}

function loading(title: string, noScript: string): Html {
  return html`<h1>${title}</h1><noscript><p class="notice error">${noScript}</p></noscript>`;
}
