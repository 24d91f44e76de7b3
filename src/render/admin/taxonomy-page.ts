import { uk } from '../../core/i18n/uk.js';
import { MAX_SECTION_DEPTH } from '../../core/limits.js';
import { TAG_KINDS, type TagKind, type TagRef } from '../../core/model.js';
import { html, type Html } from '../html.js';
import { pager } from './components.js';
import { adminLayout, csrfField, notice, type AdminContext } from './layout.js';

/** A section as this page shows it, with its subsections (services/newsroom/taxonomy.ts sectionTree). */
export interface TaxonomySection {
  id: number;
  name: string;
  path: string;
  position: number;
  children: TaxonomySection[];
}

export interface TaxonomyPageState {
  sections: TaxonomySection[];
  tags: TagRef[];
  /** The tag search as typed; '' lists every tag by name. */
  q: string;
  page: number;
  hasNext: boolean;
  done?: string;
  error?: string;
}

/** Depth-first, with each section's depth: the tree as table rows and as the parent picker's options. */
function flatten(nodes: TaxonomySection[], depth = 0): Array<{ s: TaxonomySection; depth: number }> {
  return nodes.flatMap((s) => [{ s, depth }, ...flatten(s.children, depth + 1)]);
}

const indent = (depth: number) => (depth ? html`<span class="muted" aria-hidden="true">${'— '.repeat(depth)}</span>` : '');

function sectionRow({ s, depth }: { s: TaxonomySection; depth: number }, csrf: string): Html {
  const t = uk.taxonomy;
  return html`<tr id="section-${s.id}">
<td data-label="${t.name}">${indent(depth)}<form method="post" action="/admin/taxonomy/sections/${s.id}">${csrfField(csrf)}
<label class="visually-hidden" for="sn-${s.id}">${t.nameFor(s.name)}</label>
<input id="sn-${s.id}" name="name" type="text" required maxlength="120" value="${s.name}">
<label class="visually-hidden" for="sp-${s.id}">${t.positionFor(s.name)}</label>
<input id="sp-${s.id}" name="position" type="number" min="0" step="1" value="${s.position}" aria-describedby="position-hint">
<button class="secondary" type="submit">${t.save}<span class="visually-hidden">: ${s.name}</span></button></form></td>
<td data-label="${t.address}"><a href="/${s.path}/">/${s.path}/</a></td>
</tr>`;
}

function tagRow(tag: TagRef, csrf: string, q: string): Html {
  const t = uk.taxonomy;
  const kinds = TAG_KINDS.map((k: TagKind) => html`<option value="${k}"${k === tag.kind ? html` selected` : ''}>${uk.tagKinds[k]}</option>`);
  return html`<tr id="tag-${tag.id}">
<td data-label="${t.name}"><form method="post" action="/admin/taxonomy/tags/${tag.id}">${csrfField(csrf)}${q ? html`<input type="hidden" name="q" value="${q}">` : ''}
<label class="visually-hidden" for="tn-${tag.id}">${t.nameFor(tag.name)}</label>
<input id="tn-${tag.id}" name="name" type="text" required maxlength="120" value="${tag.name}">
<label class="visually-hidden" for="tk-${tag.id}">${t.kindFor(tag.name)}</label>
<select id="tk-${tag.id}" name="kind">${kinds}</select>
<button class="secondary" type="submit">${t.save}<span class="visually-hidden">: ${tag.name}</span></button></form></td>
<td data-label="${t.kind}">${uk.tagKinds[tag.kind]}</td>
<td data-label="${t.address}"><a href="/tag/${tag.slug}/">/tag/${tag.slug}/</a></td>
</tr>`;
}

/** Sections (the tree, rename and reorder, add one) and tags (search, rename, change the kind). */
export function renderTaxonomyPage(ctx: AdminContext, s: TaxonomyPageState): string {
  const t = uk.taxonomy;
  const csrf = ctx.viewer?.csrfToken ?? '';
  const rows = flatten(s.sections);
  // A section at the deepest level takes no subsections: it is not offered as a parent.
  const parents = rows.filter(({ depth }) => depth < MAX_SECTION_DEPTH - 1).map(({ s: p, depth }) => html`<option value="${p.id}">${'— '.repeat(depth)}${p.name}</option>`);
  const addSection = html`<form method="post" action="/admin/taxonomy/sections" aria-labelledby="add-section"><fieldset>
<legend id="add-section">${t.addSection}</legend>
${csrfField(csrf)}
<div class="field"><label for="new-section-name">${t.name}</label><input id="new-section-name" name="name" type="text" required maxlength="120" autocomplete="off"></div>
<div class="field"><label for="new-section-parent">${t.parent}</label><select id="new-section-parent" name="parentId"><option value="">${t.topLevel}</option>${parents}</select></div>
<button type="submit">${t.add}</button>
</fieldset></form>`;
  const sections = rows.length
    ? html`<table class="stack"><caption class="visually-hidden">${t.sections}</caption>
<thead><tr><th scope="col">${t.name} · ${t.position}</th><th scope="col">${t.address}</th></tr></thead>
<tbody>${rows.map((r) => sectionRow(r, csrf))}</tbody></table>`
    : html`<p>${t.noSections}</p>`;
  const search = html`<form class="filters" method="get" action="/admin/taxonomy" role="search" aria-label="${t.searchTags}">
<div class="field"><label for="tag-q">${t.searchLabel}</label><input id="tag-q" name="q" type="search" value="${s.q}"></div>
<button type="submit">${t.find}</button>${s.q ? html` <a href="/admin/taxonomy#tags">${t.showAll}</a>` : ''}</form>`;
  const tags = s.tags.length
    ? html`<table class="stack"><caption class="visually-hidden">${t.tags}</caption>
<thead><tr><th scope="col">${t.name}</th><th scope="col">${t.kind}</th><th scope="col">${t.address}</th></tr></thead>
<tbody>${s.tags.map((tag) => tagRow(tag, csrf, s.q))}</tbody></table>`
    : html`<p>${t.noTags}</p>`;
  const content = html`<h1>${t.title}</h1>
${s.done ? notice(s.done, 'ok') : ''}
${s.error ? notice(s.error, 'error') : ''}
<p class="hint">${t.linksKept}</p>
<h2 id="sections">${t.sections}</h2>
<p class="hint" id="position-hint">${t.positionHint}</p>
${sections}
${addSection}
<h2 id="tags">${t.tags}</h2>
${search}
${tags}
${pager('/admin/taxonomy', { q: s.q }, s.page, s.hasNext)}`;
  return adminLayout(ctx, { title: t.title, current: 'taxonomy' }, content);
}
