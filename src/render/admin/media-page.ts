import { uk } from '../../core/i18n/uk.js';
import { html, type Html } from '../html.js';
import { kyivTime, pager } from './components.js';
import { adminLayout, csrfField, notice, type AdminContext } from './layout.js';

/** A media item as the newsroom sees it (the API's `media`). */
export interface AdminMediaItem {
  id: number;
  url: string;
  width: number;
  height: number;
  caption: string;
  credit: string;
  alt: string;
  variantWidths: number[];
  createdAt: Date | string;
}

/**
 * The smallest WebP variant when there is one ('/media/ab/<sha>-w480.webp', as media-ingest's
 * variantKey names them), else the original.
 */
export function thumbnailUrl(m: Pick<AdminMediaItem, 'url' | 'variantWidths'>): string {
  if (!m.variantWidths.length) return m.url;
  return m.url.replace(/\.[a-z0-9]+$/i, `-w${Math.min(...m.variantWidths)}.webp`);
}

export interface MediaPageState {
  q: string;
  page: number;
  items: AdminMediaItem[];
  hasNext: boolean;
  /** The upload form's own outcome. */
  /** Just uploaded (or found already in the library). */
  uploaded?: 'new' | 'existing';
  error?: string;
  form?: { caption: string; credit: string; alt: string };
  maxUploadMb: number;
}

function item(m: AdminMediaItem): Html {
  const t = uk.admin.media;
  const thumbWidth = m.variantWidths.length ? Math.min(...m.variantWidths) : m.width;
  const thumbHeight = Math.round((m.height * thumbWidth) / Math.max(1, m.width));
  return html`<li id="media-${m.id}">
<img src="${thumbnailUrl(m)}" alt="${m.alt}" width="${thumbWidth}" height="${thumbHeight}" loading="lazy">
<div class="text">
${m.caption ? html`<p>${m.caption}</p>` : ''}
<p class="small">${t.creditLabel}: ${m.credit || '—'}</p>
<p class="small muted">${t.altLabel}: ${m.alt || t.noAlt}</p>
<p class="small muted">${t.size(m.width, m.height)} · ${kyivTime(new Date(m.createdAt))} · <a href="${m.url}">${t.original}<span class="visually-hidden"> ${m.id}</span></a></p>
</div></li>`;
}

/** The media library: search, the thumbnails, and an upload form that works without script. */
export function renderMediaPage(ctx: AdminContext, s: MediaPageState): string {
  const t = uk.admin.media;
  const csrf = ctx.viewer?.csrfToken ?? '';
  // Closed unless it has something to say: the library is what most visits are for.
  const upload = html`<details class="upload"${s.error ? html` open` : ''}><summary>${t.upload}</summary>
<form method="post" action="/admin/media" enctype="multipart/form-data">
<fieldset><legend class="visually-hidden">${t.upload}</legend>
${s.error ? notice(s.error, 'error') : ''}
${csrfField(csrf)}
<div class="field"><label for="m-caption">${t.caption}</label><input id="m-caption" name="caption" type="text" value="${s.form?.caption ?? ''}"></div>
<div class="field"><label for="m-credit">${t.credit}</label><input id="m-credit" name="credit" type="text" required value="${s.form?.credit ?? ''}"></div>
<div class="field"><label for="m-alt">${t.alt}</label><input id="m-alt" name="alt" type="text" required value="${s.form?.alt ?? ''}"></div>
<div class="field"><label for="m-file">${t.file}</label><input id="m-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/avif" required aria-describedby="m-file-hint">
<p class="hint" id="m-file-hint">${t.maxSize(s.maxUploadMb)}</p></div>
<button type="submit">${t.submit}</button>
</fieldset></form></details>`;
  const search = html`<form class="filters" method="get" action="/admin/media" role="search" aria-label="${t.search}">
<div class="field"><label for="m-q">${t.search}</label><input id="m-q" name="q" type="search" value="${s.q}"></div>
<button type="submit">${t.searchSubmit}</button></form>`;
  const content = html`<h1>${t.title}</h1>
${s.uploaded ? notice(s.uploaded === 'existing' ? t.existing : t.uploaded, 'ok') : ''}
${upload}
${search}
${s.items.length ? html`<ul class="media-grid">${s.items.map(item)}</ul>` : html`<p>${t.empty}</p>`}
${pager('/admin/media', { q: s.q }, s.page, s.hasNext)}`;
  return adminLayout(ctx, { title: t.title, current: 'media' }, content);
}
