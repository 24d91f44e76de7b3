import type { EditorBoot } from '../../contract/editor-boot.js';
import type { EditorStrings } from '../../contract/editor-strings.js';
import type { Assert, Same } from '../../contract/type-checks.js';
import { uk } from '../../core/i18n/uk.js';
import { html, jsonForScript, type Html } from '../html.js';
import { adminHead, adminHeader } from './layout.js';

/** What the editor's script starts from: declared in the contract it is compiled with. */
export type { EditorBoot };

/** The table of the editor's strings has exactly the contract's keys (a key the editor lacks, or one it asks for in vain, does not compile). */
type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
export type EditorStringsMatch = Assert<Same<Texts<typeof uk.editor>, Texts<EditorStrings>>>;

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
${adminHeader({ name: shell.boot.user.name, role: shell.boot.user.role, csrfToken: shell.boot.csrfToken }, 'articles')}
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
