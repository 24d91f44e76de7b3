import { api, ApiError, query } from './api.js';
import { h, uid } from './dom.js';
import { t } from './strings.js';
import type { MediaItem, MediaPage } from './types.js';

export interface MediaTools {
  /** Opens the media library; the chosen item or null. */
  pick(): Promise<MediaItem | null>;
  /** Uploads a file with its caption, credit and alt; the new media item. */
  upload(file: File, fields: { caption: string; credit: string; alt: string }): Promise<MediaItem>;
  /** A media item by id (for thumbnails of stored image blocks). */
  byId(id: number): Promise<MediaItem | null>;
  thumbnail(m: MediaItem): string;
}

/** The smallest WebP variant for a thumbnail (the original when there is none). */
export function thumbnail(m: MediaItem): string {
  const w = m.variantWidths[0];
  return w ? m.url.replace(/\.[a-z]+$/, `-w${w}.webp`) : m.url;
}

/** The media library in a modal <dialog> (focus stays inside, Esc closes), plus upload and lookup. */
export function mediaTools(report: (message: string, isError?: boolean) => void): MediaTools {
  const cache = new Map<number, Promise<MediaItem | null>>();
  const titleId = uid('media-title');
  const searchId = uid('media-q');
  const input = h('input', { type: 'search', id: searchId, name: 'q' });
  const results = h('ul', { class: 'media-results' });
  const more = h('button', { type: 'button', hidden: true }, t('media.more'));
  const status = h('p', { role: 'status', class: 'media-status' });
  const close = h('button', { type: 'button', class: 'close' }, t('media.close'));
  const form = h('form', { role: 'search' }, h('label', { for: searchId }, t('media.search')), input, h('button', { type: 'submit' }, t('media.searchButton')));
  const dialog = h('dialog', { class: 'media-dialog', 'aria-labelledby': titleId }, h('div', { class: 'dialog-head' }, h('h2', { id: titleId }, t('media.dialogTitle')), close), form, status, results, more);
  document.body.append(dialog);

  let resolve: ((m: MediaItem | null) => void) | null = null;
  let page = 1;
  const finish = (m: MediaItem | null) => {
    const r = resolve;
    resolve = null;
    if (dialog.open) dialog.close();
    r?.(m);
  };
  dialog.addEventListener('close', () => finish(null));
  close.addEventListener('click', () => finish(null));

  const load = async (reset: boolean) => {
    if (reset) {
      page = 1;
      results.replaceChildren();
    }
    status.textContent = t('media.loading');
    try {
      const r = await api<MediaPage>('GET', `/api/v1/admin/media${query({ q: input.value.trim(), page })}`);
      for (const m of r.items) {
        cache.set(m.id, Promise.resolve(m));
        const label = t('media.pick', { caption: m.caption || m.alt || t('media.noCaption') });
        results.append(
          h('li', {}, h('button', { type: 'button', class: 'media-item', 'aria-label': label, onclick: () => finish(m) }, h('img', { src: thumbnail(m), alt: '', width: 160, loading: 'lazy' }), h('span', { class: 'caption' }, m.caption || t('media.noCaption')), h('span', { class: 'credit' }, m.credit))),
        );
      }
      more.hidden = !r.hasNext;
      status.textContent = results.children.length ? '' : t('media.empty');
    } catch (e) {
      status.textContent = e instanceof ApiError && e.status !== 0 ? e.message : t('errors.network');
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => {
    page += 1;
    void load(false);
  });

  return {
    thumbnail,
    pick() {
      finish(null);
      return new Promise((r) => {
        resolve = r;
        dialog.showModal();
        input.focus();
        void load(true);
      });
    },
    async upload(file, fields) {
      const body = new FormData();
      body.set('caption', fields.caption);
      body.set('credit', fields.credit);
      body.set('alt', fields.alt);
      body.set('file', file);
      report(t('photo.uploading'));
      try {
        const { media } = await api<{ media: MediaItem }>('POST', '/api/v1/admin/media', body);
        cache.set(media.id, Promise.resolve(media));
        report(t('photo.uploaded'));
        return media;
      } catch (e) {
        report(t('errors.upload', { message: e instanceof ApiError && e.status !== 0 ? e.message : t('errors.network') }), true);
        throw e;
      }
    },
    byId(id) {
      let p = cache.get(id);
      if (!p) {
        p = api<{ media: MediaItem }>('GET', `/api/v1/admin/media/${id}`).then((r) => r.media ?? (r as unknown as MediaItem), () => null);
        cache.set(id, p);
      }
      return p;
    },
  };
}

