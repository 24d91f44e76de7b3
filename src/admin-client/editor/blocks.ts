import { normalize, plainText, richText } from '../../core/rich-text.js';
import { autoGrow, fill, h, uid } from './dom.js';
import { blocksFromHtml, blocksFromText } from './paste.js';
import { keepOrPlain, keepOrPlainEach } from './plain-edit.js';
import { t } from './strings.js';
import type { Block, BlockType, MediaItem, RichText } from './types.js';

/** List items are one a line: a break inside an item reads as a space there. */
const sameLine = (a: string, b: string) => a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');

export interface MediaTools {
  /** Opens the media library; the chosen item or null. */
  pick(): Promise<MediaItem | null>;
  /** Uploads a file with its caption, credit and alt; the new media item. */
  upload(file: File, fields: { caption: string; credit: string; alt: string }): Promise<MediaItem>;
  /** A media item by id (for thumbnails of stored image blocks). */
  byId(id: number): Promise<MediaItem | null>;
  thumbnail(m: MediaItem): string;
}

// A social post is made by the rich editor (it fills in the post's provenance); here it is only kept.
const NEW_BLOCK: Record<Exclude<BlockType, 'social'>, () => Block> = {
  paragraph: () => ({ type: 'paragraph', content: [] }),
  heading: () => ({ type: 'heading', level: 2, content: [] }),
  quote: () => ({ type: 'quote', content: [], attribution: '' }),
  image: () => ({ type: 'image', caption: [], credit: '', alt: '' }),
  list: () => ({ type: 'list', ordered: false, items: [] }),
  embed: () => ({ type: 'embed', url: '', title: '' }),
};
const TYPES = Object.keys(NEW_BLOCK) as Array<keyof typeof NEW_BLOCK>;

/**
 * The body as a list of blocks. Typing changes the block in place; adding, moving and removing
 * render the list again and put the focus back where the writer was.
 */
export class BlockEditor {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly announce: (message: string) => void;
  private blocks: Block[] = [];
  /** Image blocks made from pasted HTML: their photo is on another site until one is chosen here. */
  private readonly pastedImages = new WeakSet<Block>();

  constructor(
    private readonly media: MediaTools,
    private readonly onChange: () => void,
    announce: (message: string) => void,
  ) {
    this.announce = announce;
    this.list = h('ol', { class: 'blocks', 'aria-label': t('fields.body') });
    const addBar = h(
      'div',
      { class: 'add-blocks', role: 'group', 'aria-label': t('blocks.add') },
      h('span', { class: 'add-label', 'aria-hidden': 'true' }, `${t('blocks.add')}:`),
      TYPES.map((type) => h('button', { type: 'button', 'data-add': type, onclick: () => this.insert(this.blocks.length, [NEW_BLOCK[type]()], 0) }, `+ ${t(`blocks.${type}`)}`)),
    );
    this.element = h('fieldset', { class: 'body-editor' }, h('legend', {}, t('fields.body')), this.list, addBar);
  }

  get value(): Block[] {
    return this.blocks.map((b) => ({ ...b }) as Block);
  }

  set value(blocks: Block[]) {
    this.blocks = blocks.map((b) => ({ ...b }) as Block);
    this.render(null);
  }

  private label(b: Block, i: number) {
    return t('blocks.blockLabel', { kind: t(`blocks.${b.type}`), n: i + 1 });
  }

  private changed() {
    this.onChange();
  }

  /** Inserts blocks at an index and focuses the first text field of the block at focusIndex. */
  insert(index: number, blocks: Block[], focusOffset: number) {
    this.blocks.splice(index, 0, ...blocks);
    this.render({ index: index + focusOffset, caret: 0 });
    this.changed();
  }

  private move(i: number, by: -1 | 1, focusField?: string) {
    const j = i + by;
    if (j < 0 || j >= this.blocks.length) return;
    const [b] = this.blocks.splice(i, 1);
    this.blocks.splice(j, 0, b!);
    this.render({ index: j, field: focusField ?? (by < 0 ? 'up' : 'down') });
    this.announce(t('blocks.moved', { label: t(`blocks.${b!.type}`), n: j + 1 }));
    this.changed();
  }

  private remove(i: number) {
    const [b] = this.blocks.splice(i, 1);
    this.render(this.blocks.length ? { index: Math.max(0, i - 1), caret: 'end' } : { index: -1 });
    this.announce(t('blocks.removed', { label: this.label(b!, i) }));
    this.changed();
  }

  /** Renders every block; then focuses a field of one block (or the first add button). */
  private render(focus: { index: number; field?: string; caret?: number | 'end' } | null) {
    const items = this.blocks.map((b, i) => this.renderBlock(b, i));
    fill(this.list, items.length ? items : [h('li', { class: 'empty' }, t('blocks.empty'))]);
    if (!focus) return;
    if (focus.index < 0) {
      this.element.querySelector<HTMLButtonElement>('[data-add="paragraph"]')?.focus();
      return;
    }
    const li = this.list.children[focus.index];
    if (!li) return;
    const target = (focus.field ? li.querySelector<HTMLElement>(`[data-field="${focus.field}"]`) : null) ?? li.querySelector<HTMLElement>('.field textarea, .field input, .image-block button, .field select');
    target?.focus();
    if (target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text')) {
      const at = focus.caret === 'end' ? target.value.length : (focus.caret ?? 0);
      target.setSelectionRange(at, at);
    }
  }

  private renderBlock(b: Block, i: number): HTMLLIElement {
    const label = this.label(b, i);
    const headingId = uid('blk');
    const tools = h(
      'div',
      { class: 'block-tools' },
      h('button', { type: 'button', 'data-field': 'up', 'aria-label': t('blocks.moveUp', { label }), title: t('blocks.moveUp', { label }), disabled: i === 0, onclick: () => this.move(i, -1, 'up') }, '↑'),
      h('button', { type: 'button', 'data-field': 'down', 'aria-label': t('blocks.moveDown', { label }), title: t('blocks.moveDown', { label }), disabled: i === this.blocks.length - 1, onclick: () => this.move(i, 1, 'down') }, '↓'),
      h('button', { type: 'button', class: 'danger', 'aria-label': t('blocks.remove', { label }), title: t('blocks.remove', { label }), onclick: () => this.remove(i) }, '✕'),
    );
    const li = h('li', { class: `block block-${b.type}` }, h('div', { role: 'group', 'aria-labelledby': headingId }, h('div', { class: 'block-head' }, h('span', { class: 'block-label', id: headingId }, label), tools), this.fields(b, i)));
    li.addEventListener('keydown', (e) => {
      if (e.altKey && !e.ctrlKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        const field = (e.target as HTMLElement).dataset.field;
        this.move(i, e.key === 'ArrowUp' ? -1 : 1, field);
      } else if (e.altKey && e.shiftKey && (e.key === 'Delete' || e.key === 'Backspace')) {
        e.preventDefault();
        this.remove(i);
      }
    });
    return li;
  }

  private text(value: string, label: string, set: (v: string) => void, o: { field?: string; multiline?: boolean; cls?: string; type?: string; required?: boolean } = {}) {
    const control = o.multiline
      ? autoGrow(h('textarea', { rows: 2, 'data-field': o.field ?? 'text', class: o.cls ?? null, value }))
      : h('input', { type: o.type ?? 'text', 'data-field': o.field ?? 'text', class: o.cls ?? null, value, required: o.required ?? false });
    control.addEventListener('input', () => {
      set(control.value);
      this.changed();
    });
    const id = uid('bf');
    control.id = id;
    return h('div', { class: 'field' }, h('label', { for: id }, label), control);
  }

  /** A rich text field edited as plain text (plain-edit.ts): unchanged, it keeps its runs. */
  private rich(stored: RichText, label: string, set: (v: RichText) => void, o: Parameters<BlockEditor['text']>[3] = {}) {
    return this.text(plainText(stored), label, (v) => set(keepOrPlain(stored, v)), o);
  }

  private fields(b: Block, i: number): HTMLElement {
    switch (b.type) {
      case 'paragraph': {
        const wrap = this.rich(b.content, t('blocks.text'), (v) => (b.content = v), { multiline: true, cls: 'para' });
        const area = wrap.querySelector('textarea')!;
        area.addEventListener('keydown', (e) => this.paragraphKey(e, area, i));
        area.addEventListener('paste', (e) => this.paste(e, area, i));
        return wrap;
      }
      case 'heading': {
        const level = h(
          'select',
          { 'data-field': 'level', onchange: (e: Event) => ((b.level = Number((e.target as HTMLSelectElement).value) as 2 | 3), this.changed()) },
          h('option', { value: '2', selected: b.level === 2 }, t('blocks.level2')),
          h('option', { value: '3', selected: b.level === 3 }, t('blocks.level3')),
        );
        const id = uid('lvl');
        level.id = id;
        return h('div', { class: 'row' }, this.rich(b.content, t('blocks.text'), (v) => (b.content = v), { cls: 'heading-text' }), h('div', { class: 'field' }, h('label', { for: id }, t('blocks.level')), level));
      }
      case 'quote':
        return h(
          'div',
          {},
          this.rich(b.content, t('blocks.text'), (v) => (b.content = v), { multiline: true }),
          this.text(b.attribution ?? '', t('blocks.attribution'), (v) => (b.attribution = v), { field: 'attribution' }),
        );
      case 'list': {
        const stored = b.items;
        const ordered = h('input', { type: 'checkbox', 'data-field': 'ordered', checked: b.ordered, onchange: (e: Event) => ((b.ordered = (e.target as HTMLInputElement).checked), this.changed()) });
        const id = uid('ord');
        ordered.id = id;
        return h(
          'div',
          {},
          this.text(b.items.map((x) => plainText(x).replace(/\n/g, ' ')).join('\n'), t('blocks.items'), (v) => (b.items = keepOrPlainEach(stored, v.split('\n').map((s) => s.trim()).filter(Boolean), sameLine)), { multiline: true, field: 'items' }),
          h('div', { class: 'check' }, ordered, h('label', { for: id }, t('blocks.ordered'))),
        );
      }
      case 'embed':
        return h(
          'div',
          {},
          this.text(b.url, t('blocks.url'), (v) => (b.url = v.trim()), { field: 'url', type: 'url' }),
          this.text(b.title ?? '', t('blocks.embedTitle'), (v) => (b.title = v), { field: 'title' }),
        );
      case 'image':
        return this.imageFields(b);
      case 'social':
        // Kept as it came: its provenance is edited in the rich editor only.
        return h('p', { class: 'hint' }, `${b.accountName}${b.handle ? ` (@${b.handle})` : ''}: ${b.text}`);
    }
  }

  private imageFields(b: Extract<Block, { type: 'image' }>): HTMLElement {
    const preview = h('div', { class: 'thumb' });
    const showMedia = (m: MediaItem | null) => {
      const missing = this.pastedImages.has(b) ? h('p', { class: 'warn' }, t('blocks.imageNeedsUpload')) : h('p', { class: 'hint' }, t('blocks.imageChoose'));
      fill(preview, m ? h('img', { src: this.media.thumbnail(m), alt: '', width: 160 }) : b.mediaId ? '' : missing);
    };
    if (b.mediaId) void this.media.byId(b.mediaId).then(showMedia);
    else showMedia(null);
    const caption = this.rich(b.caption ?? [], t('photo.caption'), (v) => (b.caption = v), { field: 'caption' });
    const credit = this.text(b.credit ?? '', t('photo.credit'), (v) => (b.credit = v), { field: 'credit', required: true });
    const alt = this.text(b.alt ?? '', t('photo.alt'), (v) => (b.alt = v), { field: 'alt' });
    const setFrom = (m: MediaItem) => {
      b.mediaId = m.id;
      delete b.src;
      for (const [key, wrap] of [['caption', caption], ['credit', credit], ['alt', alt]] as const) {
        const input = wrap.querySelector('input')!;
        if (!input.value && m[key]) {
          input.value = m[key];
          if (key === 'caption') b.caption = richText(m.caption);
          else b[key] = m[key];
        }
      }
      showMedia(m);
      this.changed();
    };
    const fileId = uid('file');
    const file = h('input', { type: 'file', id: fileId, accept: 'image/jpeg,image/png,image/webp,image/avif', 'data-field': 'file' });
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      const m = await this.media.upload(f, { caption: plainText(b.caption ?? []), credit: b.credit ?? '', alt: b.alt ?? '' }).catch(() => null);
      file.value = '';
      if (m) setFrom(m);
    });
    return h(
      'div',
      { class: 'image-block' },
      preview,
      h('div', { class: 'buttons' }, h('button', { type: 'button', 'data-field': 'pick', onclick: async () => { const m = await this.media.pick(); if (m) setFrom(m); } }, t('photo.choose')), h('label', { for: fileId, class: 'file-label' }, t('photo.upload')), file),
      caption,
      credit,
      alt,
    );
  }

  /** Enter splits the paragraph at the caret (at the end: a new empty one); Backspace at the start joins it to the one before. */
  private paragraphKey(e: KeyboardEvent, area: HTMLTextAreaElement, i: number) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    const b = this.blocks[i] as Extract<Block, { type: 'paragraph' }>;
    const { selectionStart: start, selectionEnd: end, value } = area;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      b.content = richText(value.slice(0, start).trimEnd());
      this.insert(i + 1, [{ type: 'paragraph', content: richText(value.slice(end).trimStart()) }], 0);
    } else if (e.key === 'Backspace' && start === 0 && end === 0 && i > 0) {
      const prev = this.blocks[i - 1];
      if (prev?.type !== 'paragraph') {
        if (value === '') {
          e.preventDefault();
          this.remove(i);
        }
        return;
      }
      e.preventDefault();
      // The two paragraphs' runs joined: marks on either survive the join.
      const before = plainText(prev.content);
      const caret = before.length + (before && value ? 1 : 0);
      prev.content = normalize([...prev.content, ...(before && value ? [{ type: 'text' as const, text: ' ' }] : []), ...keepOrPlain(b.content, value)]);
      this.blocks.splice(i, 1);
      this.render({ index: i - 1, caret });
      this.changed();
    }
  }

  /** Pasted HTML or several lines become blocks; one line of plain text is pasted as usual. */
  private paste(e: ClipboardEvent, area: HTMLTextAreaElement, i: number) {
    const data = e.clipboardData;
    if (!data) return;
    const htmlText = data.getData('text/html');
    const plain = data.getData('text/plain');
    const blocks = htmlText ? blocksFromHtml(htmlText) : /\n/.test(plain.trim()) ? blocksFromText(plain) : [];
    if (blocks.length === 0 || (blocks.length === 1 && blocks[0]!.type === 'paragraph' && !htmlText)) return;
    if (blocks.length === 1 && blocks[0]!.type === 'paragraph') {
      // One paragraph of formatted text: paste its plain text where the caret is.
      e.preventDefault();
      area.setRangeText(plainText((blocks[0] as { content: RichText }).content), area.selectionStart, area.selectionEnd, 'end');
      area.dispatchEvent(new Event('input'));
      return;
    }
    e.preventDefault();
    const b = this.blocks[i] as Extract<Block, { type: 'paragraph' }>;
    const before = area.value.slice(0, area.selectionStart).trimEnd();
    const after = area.value.slice(area.selectionEnd).trimStart();
    const replacement: Block[] = [...(before ? [{ ...b, content: richText(before) }] : []), ...blocks, ...(after ? [{ type: 'paragraph' as const, content: richText(after) }] : [])];
    for (const x of blocks) if (x.type === 'image') this.pastedImages.add(x);
    this.blocks.splice(i, 1, ...replacement);
    this.render({ index: i + (before ? 1 : 0) + blocks.length - 1, caret: 'end' });
    const images = blocks.filter((x) => x.type === 'image').length;
    this.announce(t('blocks.pasted', { n: blocks.length }) + (images ? ` ${t('blocks.pastedImages', { n: images })}` : ''));
    this.changed();
  }
}
