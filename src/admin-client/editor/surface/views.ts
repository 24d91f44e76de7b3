/**
 * The blocks with fields of their own: a quote's attribution, a photo's credit and alt (its
 * caption flows as text), an embed's address and title. The social post is social-view.ts.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import type { MediaTools } from '../media.js';
import { fill, h } from '../dom.js';
import { t } from '../strings.js';
import type { MediaItem } from '../types.js';
import { FieldsView, type GetPos } from './node-view.js';
import type { Uploads } from './uploads.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export class QuoteView extends FieldsView {
  constructor(node: PMNode, view: EditorView, getPos: GetPos) {
    super(node, view, getPos, 'div', 'node-quote');
    this.contentDOM = h('blockquote', { class: 'quote-text', 'data-placeholder': t('surface.quotePlaceholder') });
    this.panel.append(this.field('attribution', t('blocks.attribution'), (n) => str(n.attrs.attribution), (v) => this.setAttrs({ attribution: v })));
    this.dom.append(this.contentDOM, this.panel);
  }
}

export class EmbedView extends FieldsView {
  constructor(node: PMNode, view: EditorView, getPos: GetPos) {
    super(node, view, getPos, 'div', 'node-embed');
    this.panel.append(
      h('p', { class: 'node-kind' }, t('blocks.embed')),
      this.field('url', t('blocks.url'), (n) => str(n.attrs.url), (v) => this.setAttrs({ url: v.trim() }), { type: 'url' }),
      this.field('title', t('blocks.embedTitle'), (n) => str(n.attrs.title), (v) => this.setAttrs({ title: v })),
    );
    this.dom.append(this.panel);
  }
}

/**
 * A photo: its picture, the caption as text in the flow, and the credit and alt below, asked for
 * in any order. A file dropped or pasted in waits for both (the library takes no photo without
 * them) and is uploaded as soon as they are there.
 */
export class ImageView extends FieldsView {
  private readonly thumb = h('div', { class: 'thumb' });
  private shown: number | null | undefined;

  constructor(node: PMNode, view: EditorView, getPos: GetPos, private readonly media: MediaTools, private readonly uploads: Uploads) {
    super(node, view, getPos, 'figure', 'node-image');
    this.contentDOM = h('figcaption', { 'data-placeholder': t('surface.captionPlaceholder') });
    const pick = h('button', { type: 'button', onclick: async () => { const m = await media.pick(); if (m) this.choose(m); } }, t('photo.choose'));
    this.panel.append(
      this.thumb,
      h('div', { class: 'buttons' }, pick),
      this.field('credit', t('photo.credit'), (n) => str(n.attrs.credit), (v) => this.setAttrs({ credit: v }), { required: true }),
      this.field('alt', t('photo.alt'), (n) => str(n.attrs.alt), (v) => this.setAttrs({ alt: v }), { required: true }),
    );
    this.dom.append(this.thumb, this.contentDOM, this.panel);
    this.refresh();
  }

  /** A photo from the library: its caption, credit and alt fill what the writer left empty. */
  private choose(m: MediaItem) {
    const pos = this.getPos();
    if (pos === undefined) return;
    const a = this.node.attrs;
    const tr = this.view.state.tr.setNodeMarkup(pos, null, { ...a, mediaId: m.id, src: null, upload: null, credit: a.credit || m.credit, alt: a.alt || m.alt });
    if (!this.node.content.size && m.caption) tr.insertText(m.caption, pos + 1);
    this.view.dispatch(tr);
  }

  protected override refresh() {
    const a = this.node.attrs;
    if (typeof a.upload === 'string') {
      this.shown = undefined;
      this.uploads.watch(a.upload, () => this.refresh());
      const state = this.uploads.state(a.upload);
      fill(this.thumb, h('p', { class: state === 'failed' ? 'warn' : 'hint', role: 'status' }, state === 'uploading' ? t('photo.uploading') : state === 'failed' ? t('surface.uploadFailed') : t('surface.uploadWaits', { name: this.uploads.name(a.upload) })));
      if (state === 'waiting' && str(a.credit).trim() && str(a.alt).trim()) this.uploads.start(a.upload, { credit: a.credit, alt: a.alt, caption: this.node.textContent });
      return;
    }
    const id = typeof a.mediaId === 'number' ? a.mediaId : null;
    if (id === this.shown) return;
    this.shown = id;
    if (id === null) {
      fill(this.thumb, a.src ? h('p', { class: 'warn' }, t('blocks.imageNeedsUpload')) : h('p', { class: 'hint' }, t('blocks.imageChoose')));
      return;
    }
    void this.media.byId(id).then((m) => {
      if (this.shown === id) fill(this.thumb, m ? h('img', { src: this.media.thumbnail(m), alt: '', width: 240 }) : '');
    });
  }
}
