/**
 * The body as one continuous writing surface (ProseMirror): our blocks are its nodes
 * (schema.ts), its document goes to and from the article's blocks (convert.ts), and around it a
 * toolbar, the block menu, the link tool and the counts.
 */
import { toggleMark } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { history, redo, undo } from 'prosemirror-history';
import { EditorState, Plugin, type Command } from 'prosemirror-state';
import { Decoration, DecorationSet, EditorView } from 'prosemirror-view';
import type { Block } from '../../../contract/model.js';
import { h, uid } from '../dom.js';
import type { MediaTools } from '../media.js';
import { t } from '../strings.js';
import { BlockMenu } from './block-menu.js';
import { cleanPastedHtml } from './clipboard.js';
import { blockAt, surfaceKeymaps } from './commands.js';
import { blocksOf, docOf, type PMJson } from './convert.js';
import { countsOf, describeCounts } from './counts.js';
import { LinkTool } from './link-tool.js';
import { schema } from './schema.js';
import { SocialPosts } from './social-fetch.js';
import { SocialView } from './social-view.js';
import { IMAGE_TYPES, Uploads } from './uploads.js';
import { EmbedView, ImageView, QuoteView } from './views.js';

export interface SurfaceDeps {
  media: MediaTools;
  account: { id: number; name: string };
  onChange(): void;
  announce(message: string): void;
}

const FOCUSABLE = ':is(input, textarea, select, button, a[href], [tabindex="0"]):not([disabled]):not([tabindex="-1"]):not([hidden])';

/** The hint in an empty paragraph at the caret: '/' opens the block menu. */
const placeholder = new Plugin({
  props: {
    decorations(state) {
      const { $from, empty } = state.selection;
      if (!empty || $from.parent.type !== schema.nodes.paragraph || $from.parent.content.size > 0) return null;
      return DecorationSet.create(state.doc, [Decoration.node($from.before(), $from.after(), { class: 'empty-line', 'data-placeholder': t('surface.emptyLine') })]);
    },
  },
});

export class BodySurface {
  readonly element: HTMLElement;
  readonly view: EditorView;
  private readonly counts = h('p', { class: 'counts', 'aria-live': 'off' });
  private readonly menu: BlockMenu;
  private readonly links = new LinkTool();
  private readonly uploads: Uploads;
  private readonly social: SocialPosts;
  private readonly plugins: Plugin[];
  private readonly fileInput: HTMLInputElement;

  constructor(private readonly deps: SurfaceDeps) {
    this.uploads = new Uploads(deps.media);
    this.social = new SocialPosts(deps.account, deps.announce);
    this.fileInput = h('input', { type: 'file', accept: IMAGE_TYPES.join(','), multiple: true, hidden: true, tabindex: '-1', 'aria-hidden': 'true' });
    this.fileInput.addEventListener('change', () => {
      this.uploads.insert(this.view, [...(this.fileInput.files ?? [])]);
      this.fileInput.value = '';
      this.view.focus();
    });
    this.menu = new BlockMenu({ social: (v) => this.social.insertEmpty(v), uploadPhoto: () => this.fileInput.click() });
    this.plugins = [history(), ...surfaceKeymaps({ openLink: () => this.links.open(this.view), tab: () => this.tab() }), dropCursor(), gapCursor(), placeholder];
    const labelId = uid('body-label');
    const hintId = uid('body-hint');
    this.view = new EditorView(null, {
      state: this.stateFor([]),
      attributes: { class: 'surface', role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': labelId, 'aria-describedby': hintId, spellcheck: 'true', lang: 'uk' },
      nodeViews: {
        quote: (node, view, getPos) => new QuoteView(node, view, getPos),
        image: (node, view, getPos) => new ImageView(node, view, getPos, deps.media, this.uploads),
        embed: (node, view, getPos) => new EmbedView(node, view, getPos),
        social: (node, view, getPos) => new SocialView(node, view, getPos, deps.media),
      },
      dispatchTransaction: (tr) => {
        const state = this.view.state.apply(tr);
        this.view.updateState(state);
        if (tr.docChanged) {
          this.showCounts();
          this.deps.onChange();
        }
      },
      transformPastedHTML: cleanPastedHtml,
      handlePaste: (view, e) => {
        const files = [...(e.clipboardData?.files ?? [])];
        if (files.length && this.uploads.insert(view, files)) return true;
        const text = e.clipboardData?.getData('text/plain') ?? '';
        return !e.clipboardData?.getData('text/html') && this.social.paste(view, text);
      },
      handleDrop: (view, e) => {
        const files = [...(e.dataTransfer?.files ?? [])];
        if (!files.length) return false;
        const at = view.posAtCoords({ left: e.clientX, top: e.clientY });
        e.preventDefault();
        return this.uploads.insert(view, files, at?.pos);
      },
      handleTextInput: (view, from, to, text) => {
        const { $from } = view.state.selection;
        if (text !== '/' || from !== to || $from.parent.type !== schema.nodes.paragraph || $from.parent.content.size > 0) return false;
        this.menu.open(view);
        return true;
      },
    });
    this.uploads.view = this.view;
    const tool = (label: string, keys: string | null, cmd: Command | (() => void), text: string) =>
      h('button', { type: 'button', 'aria-label': label, title: keys ? `${label} (${keys})` : label, 'aria-keyshortcuts': keys?.replace('Ctrl', 'Control') ?? null, onmousedown: (e: Event) => e.preventDefault(), onclick: () => {
        if (cmd.length) (cmd as Command)(this.view.state, this.view.dispatch, this.view);
        else (cmd as () => void)();
        if (!this.links.dialog.open && !this.menu.isOpen) this.view.focus();
      } }, text);
    const toolbar = h(
      'div',
      { class: 'surface-tools', role: 'toolbar', 'aria-label': t('surface.toolbar'), 'aria-controls': 'body-surface' },
      tool(t('surface.bold'), 'Ctrl+B', toggleMark(schema.marks.bold!), 'Ж'),
      tool(t('surface.italic'), 'Ctrl+I', toggleMark(schema.marks.italic!), 'К'),
      tool(t('surface.link'), 'Ctrl+K', () => this.links.open(this.view), t('surface.link')),
      tool(t('surface.blockMenu'), '/', () => this.menu.open(this.view), `${t('surface.blockMenu')} ▾`),
      tool(t('surface.undo'), 'Ctrl+Z', undo, '↶'),
      tool(t('surface.redo'), 'Ctrl+Y', redo, '↷'),
    );
    this.view.dom.id = 'body-surface';
    this.element = h(
      'section',
      { class: 'body-editor' },
      h('h2', { class: 'body-label', id: labelId }, t('fields.body')),
      h('p', { class: 'hint', id: hintId }, t('surface.hint')),
      toolbar,
      h('div', { class: 'surface-wrap' }, this.view.dom, this.menu.element),
      this.fileInput,
      this.counts,
    );
    this.showCounts();
  }

  /**
   * Tab from the text goes to the fields of the block at the caret (a quote's attribution), or
   * past the surface: the browser's own order would go to the first field of the first block.
   */
  private tab(): boolean {
    const b = blockAt(this.view.state);
    const dom = b ? (this.view.nodeDOM(b.pos) as HTMLElement | null) : null;
    const own = dom?.querySelector<HTMLElement>(`.node-fields ${FOCUSABLE}`);
    if (own) {
      own.focus();
      return true;
    }
    const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const next = all.find((el) => !this.element.contains(el) && this.element.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && el.offsetParent !== null);
    next?.focus();
    return Boolean(next);
  }

  private stateFor(blocks: Block[]): EditorState {
    return EditorState.create({ doc: schema.nodeFromJSON(docOf(blocks)), plugins: this.plugins });
  }

  get value(): Block[] {
    return blocksOf(this.view.state.doc.toJSON() as PMJson);
  }

  /** Replaces the whole body (opening, restoring, a conflict settled): a fresh undo history. */
  set value(blocks: Block[]) {
    this.view.updateState(this.stateFor(blocks));
    this.showCounts();
  }

  private showCounts() {
    const text = describeCounts(countsOf(this.view.state.doc));
    if (this.counts.textContent !== text) this.counts.textContent = text;
  }

  focus() {
    this.view.focus();
  }

  /** A reader's view: nothing can be typed, and the block's fields are shut too. */
  setEditable(editable: boolean) {
    this.view.setProps({ editable: () => editable });
    for (const c of this.element.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, textarea, select, button')) c.disabled = !editable;
  }

  /** The control for a field path under the body ('3.credit'): that block's field, or the surface. */
  controlFor(index: number, sub: string | undefined): HTMLElement {
    // Stored blocks leave empty ones out: the index'th block with something in it.
    let seen = -1;
    let found: HTMLElement | null = null;
    this.view.state.doc.forEach((node, offset) => {
      if (found || !blocksOf({ type: 'doc', content: [node.toJSON() as PMJson] }).length || ++seen !== index) return;
      found = (this.view.nodeDOM(offset) as HTMLElement | null)?.querySelector<HTMLElement>(`[data-field="${sub ?? 'url'}"]`) ?? null;
    });
    return found ?? this.view.dom;
  }
}
