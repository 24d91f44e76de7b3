import type { MediaTools } from './media.js';
import { field, fill, h, uid } from './dom.js';
import { t } from './strings.js';
import type { MediaItem, PhotoFields } from './types.js';

/** The lead photo: from the library or a new upload, with caption, required credit and alt. */
export class PhotoField {
  readonly element: HTMLElement;
  private mediaId: number | null = null;
  private readonly preview = h('div', { class: 'thumb' });
  readonly caption = h('input', { type: 'text', name: 'photoCaption' });
  readonly credit = h('input', { type: 'text', name: 'photoCredit' });
  readonly alt = h('input', { type: 'text', name: 'photoAlt' });
  readonly file: HTMLInputElement;
  private readonly remove: HTMLButtonElement;
  onMedia: (m: MediaItem | null) => void = () => {};

  constructor(
    private readonly media: MediaTools,
    private readonly onChange: () => void,
  ) {
    for (const input of [this.caption, this.credit, this.alt]) input.addEventListener('input', onChange);
    const fileId = uid('photo-file');
    this.file = h('input', { type: 'file', id: fileId, name: 'photoFile', accept: 'image/jpeg,image/png,image/webp,image/avif' });
    this.file.addEventListener('change', async () => {
      const f = this.file.files?.[0];
      if (!f) return;
      const m = await media.upload(f, { caption: this.caption.value, credit: this.credit.value, alt: this.alt.value }).catch(() => null);
      this.file.value = '';
      if (m) this.choose(m);
    });
    this.remove = h('button', { type: 'button', hidden: true, onclick: () => (this.set(null), this.onChange()) }, t('photo.remove'));
    const pick = h('button', { type: 'button', onclick: async () => { const m = await media.pick(); if (m) this.choose(m); } }, t('photo.choose'));
    this.element = h(
      'fieldset',
      { class: 'photo' },
      h('legend', {}, t('photo.legend')),
      this.preview,
      h('div', { class: 'buttons' }, pick, h('label', { for: fileId, class: 'file-label' }, t('photo.upload')), this.file, this.remove),
      field(t('photo.caption'), this.caption),
      field(t('photo.credit'), this.credit),
      field(t('photo.alt'), this.alt),
    );
  }

  private choose(m: MediaItem) {
    this.mediaId = m.id;
    if (!this.caption.value) this.caption.value = m.caption;
    if (!this.credit.value) this.credit.value = m.credit;
    if (!this.alt.value) this.alt.value = m.alt;
    this.show(m);
    this.onChange();
  }

  private show(m: MediaItem | null) {
    this.remove.hidden = !this.mediaId;
    fill(this.preview, m ? h('img', { src: this.media.thumbnail(m), alt: t('photo.preview'), width: 240 }) : this.mediaId ? '' : h('p', {}, t('photo.none')));
    this.onMedia(m);
  }

  get value(): PhotoFields | null {
    if (!this.mediaId) return null;
    return { mediaId: this.mediaId, caption: this.caption.value.trim(), credit: this.credit.value.trim(), alt: this.alt.value.trim() };
  }

  set(p: PhotoFields | null) {
    this.mediaId = p?.mediaId ?? null;
    this.caption.value = p?.caption ?? '';
    this.credit.value = p?.credit ?? '';
    this.alt.value = p?.alt ?? '';
    if (this.mediaId) void this.media.byId(this.mediaId).then((m) => this.show(m));
    else this.show(null);
  }
}
