/**
 * A social post as a form inside the text: where and by whom it was posted, when, the words as
 * quoted, an optional photo with its credit, and when and by whom it was captured (set by the
 * editor, shown here). The post may be deleted later: the block keeps what was seen.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import type { SocialPostBlock } from '../../../contract/model.js';
import { formatDate } from '../../../core/uk-format.js';
import { fill, h, uid } from '../dom.js';
import { dateToKyivLocal, kyivLocalToDate } from '../kyiv.js';
import type { MediaTools } from '../media.js';
import { lookup, t } from '../strings.js';
import { FieldsView, type GetPos } from './node-view.js';
import { PLATFORMS } from './social-url.js';

const post = (n: PMNode) => n.attrs.post as SocialPostBlock;

export class SocialView extends FieldsView {
  private readonly captured = h('p', { class: 'hint captured' });
  private readonly photo = h('div', { class: 'thumb' });
  private readonly platform: HTMLSelectElement;
  private readonly drop: HTMLButtonElement;
  private shownMedia: number | null | undefined;

  constructor(node: PMNode, view: EditorView, getPos: GetPos, private readonly media: MediaTools) {
    super(node, view, getPos, 'div', 'node-social');
    const set = (p: Partial<SocialPostBlock>) => this.setAttrs({ post: { ...post(this.node), ...p } });
    const platformId = uid('platform');
    this.platform = h('select', { id: platformId, 'data-field': 'platform', onchange: () => set({ platform: this.platform.value as SocialPostBlock['platform'] }) }, PLATFORMS.map((p) => h('option', { value: p }, lookup(`surface.platforms.${p}`) ?? p)));
    const pick = h('button', { type: 'button', onclick: async () => { const m = await media.pick(); if (m) set({ media: { mediaId: m.id, alt: m.alt, credit: m.credit } }); } }, t('surface.socialPhoto'));
    this.drop = h('button', { type: 'button', class: 'danger', onclick: () => set({ media: null }) }, t('photo.remove'));
    this.panel.append(
      h('p', { class: 'node-kind' }, t('blocks.social')),
      h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: platformId }, t('surface.platform')), this.platform), this.field('url', t('surface.postUrl'), (n) => post(n).url, (v) => set({ url: v.trim() }), { type: 'url' })),
      h('div', { class: 'row' }, this.field('accountName', t('surface.accountName'), (n) => post(n).accountName, (v) => set({ accountName: v })), this.field('handle', t('surface.handle'), (n) => post(n).handle, (v) => set({ handle: v.replace(/^@/, '').trim() }))),
      this.field('postedAt', t('surface.postedAt'), (n) => (post(n).postedAt ? dateToKyivLocal(new Date(post(n).postedAt!)) : ''), (v) => set({ postedAt: kyivLocalToDate(v)?.toISOString() ?? null }), { type: 'datetime-local' }),
      this.field('text', t('surface.postText'), (n) => post(n).text, (v) => set({ text: v }), { multiline: true }),
      h('div', { class: 'social-photo' }, this.photo, h('div', { class: 'buttons' }, pick, this.drop)),
      this.field('mediaCredit', t('photo.credit'), (n) => post(n).media?.credit ?? '', (v) => { const m = post(this.node).media; if (m) set({ media: { ...m, credit: v } }); }),
      this.captured,
    );
    this.dom.append(this.panel);
    this.refresh();
  }

  protected override refresh() {
    const p = post(this.node);
    if (this.platform.value !== p.platform) this.platform.value = p.platform;
    const when = formatDate(new Date(p.capturedAt), { withTime: true });
    this.captured.textContent = p.capturedBy ? t('surface.capturedBy', { time: when, name: p.capturedBy.name }) : t('surface.capturedAt', { time: when });
    const credit = this.control('mediaCredit')?.closest('.field') as HTMLElement | null;
    if (credit) credit.hidden = !p.media;
    this.drop.hidden = !p.media;
    const id = p.media?.mediaId ?? null;
    if (id === this.shownMedia) return;
    this.shownMedia = id;
    if (id === null) return fill(this.photo, h('p', { class: 'hint' }, t('surface.socialNoPhoto')));
    void this.media.byId(id).then((m) => {
      if (this.shownMedia === id) fill(this.photo, m ? h('img', { src: this.media.thumbnail(m), alt: '', width: 160 }) : '');
    });
  }
}
