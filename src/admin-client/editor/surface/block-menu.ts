/**
 * The block menu: '/' at the start of an empty paragraph, or the toolbar's button. A menu of
 * buttons the arrow keys walk (Home, End; Enter picks; Esc goes back to the text): the block at
 * the caret becomes a heading, quote or list, or a photo, embed or social post comes after it.
 */
import { setBlockType } from 'prosemirror-commands';
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { h } from '../dom.js';
import { t } from '../strings.js';
import type { EditorStringKey } from '../../../contract/editor-strings.js';
import { blockAt, liftItem } from './commands.js';
import { schema } from './schema.js';

const n = schema.nodes;

interface Item {
  key: string;
  label: EditorStringKey;
  run(view: EditorView): void;
}

/** The textblock at the caret as another kind (a list item leaves its list first). */
function turnInto(make: (content: PMNode['content']) => PMNode | null, type?: { node: typeof n.paragraph; attrs?: Record<string, unknown> }) {
  return (view: EditorView) => {
    if (view.state.selection.$from.parent.type === n.list_item) liftItem(view.state, view.dispatch);
    const state = view.state;
    if (type && setBlockType(type.node!, type.attrs)(state, view.dispatch)) return;
    const b = blockAt(state);
    if (!b || !b.node.isTextblock) return;
    const made = make(b.node.content);
    if (!made) return;
    const tr = state.tr.replaceWith(b.pos, b.pos + b.node.nodeSize, made);
    view.dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(b.pos + 2))).scrollIntoView());
  };
}

/** Puts a block after the one at the caret (or instead of an empty paragraph); the new block's position. */
export function insertBlock(state: EditorState, dispatch: EditorView['dispatch'], node: PMNode): number {
  const b = blockAt(state);
  const tr = state.tr;
  let at: number;
  if (!b) {
    at = state.doc.content.size;
    tr.insert(at, node);
  } else if (b.node.type === n.paragraph && b.node.content.size === 0) {
    at = b.pos;
    tr.replaceWith(b.pos, b.pos + b.node.nodeSize, node);
  } else {
    at = b.pos + b.node.nodeSize;
    tr.insert(at, node);
  }
  // A paragraph after it when it ends the body, so that the writer can go on typing.
  if (at + node.nodeSize >= tr.doc.content.size) tr.insert(tr.doc.content.size, n.paragraph!.create());
  dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(at + 1))).scrollIntoView());
  return at;
}

/** Focuses a control of the block at `pos` (a node view's field). */
export function focusField(view: EditorView, pos: number, field: string) {
  const dom = view.nodeDOM(pos) as HTMLElement | null;
  dom?.querySelector<HTMLElement>(`[data-field="${field}"]`)?.focus();
}

export interface MenuHooks {
  /** A new social post block: its address is asked for in the block itself. */
  social(view: EditorView): void;
  /** A file chooser for photos to upload. */
  uploadPhoto(): void;
}

export class BlockMenu {
  readonly element: HTMLElement;
  private readonly items: Item[];
  private view: EditorView | null = null;

  constructor(hooks: MenuHooks) {
    const list = (ordered: boolean) => (c: PMNode['content']) => n.list!.create({ ordered }, n.list_item!.create(null, c));
    const insert = (make: () => PMNode, field: string | null) => (view: EditorView) => {
      const at = insertBlock(view.state, view.dispatch, make());
      if (field) focusField(view, at, field);
    };
    this.items = [
      { key: 'paragraph', label: 'blocks.paragraph', run: turnInto(() => null, { node: n.paragraph }) },
      { key: 'heading2', label: 'blocks.level2', run: turnInto(() => null, { node: n.heading, attrs: { level: 2 } }) },
      { key: 'heading3', label: 'blocks.level3', run: turnInto(() => null, { node: n.heading, attrs: { level: 3 } }) },
      { key: 'quote', label: 'blocks.quote', run: turnInto(() => null, { node: n.quote }) },
      { key: 'list', label: 'surface.bulletList', run: turnInto(list(false)) },
      { key: 'ordered', label: 'surface.orderedList', run: turnInto(list(true)) },
      { key: 'image', label: 'surface.imageFromLibrary', run: insert(() => n.image!.create(), null) },
      { key: 'upload', label: 'photo.upload', run: () => hooks.uploadPhoto() },
      { key: 'embed', label: 'blocks.embed', run: insert(() => n.embed!.create(), 'url') },
      { key: 'social', label: 'blocks.social', run: (v) => hooks.social(v) },
    ];
    this.element = h(
      'div',
      { class: 'block-menu', role: 'menu', 'aria-label': t('surface.blockMenu'), hidden: true },
      this.items.map((i) => h('button', { type: 'button', role: 'menuitem', tabindex: '-1', 'data-block': i.key, onclick: () => this.pick(i) }, t(i.label))),
    );
    this.element.addEventListener('keydown', (e) => this.key(e));
    this.element.addEventListener('focusout', (e) => {
      if (!this.element.contains(e.relatedTarget as Node | null)) this.close(false);
    });
  }

  get isOpen() {
    return !this.element.hidden;
  }

  open(view: EditorView) {
    this.view = view;
    const box = this.element.offsetParent?.getBoundingClientRect();
    const at = view.coordsAtPos(view.state.selection.from);
    this.element.hidden = false;
    if (box) {
      this.element.style.top = `${at.bottom - box.top + 4}px`;
      this.element.style.left = `${Math.max(0, Math.min(at.left - box.left, box.width - this.element.offsetWidth))}px`;
    }
    this.buttons()[0]?.focus();
  }

  private buttons() {
    return [...this.element.querySelectorAll<HTMLButtonElement>('button')];
  }

  private close(refocus: boolean) {
    if (this.element.hidden) return;
    this.element.hidden = true;
    if (refocus) this.view?.focus();
  }

  private pick(i: Item) {
    const view = this.view;
    this.close(true);
    if (view) i.run(view);
  }

  private key(e: KeyboardEvent) {
    const buttons = this.buttons();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const go = (i: number) => buttons[(i + buttons.length) % buttons.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(buttons.length - 1);
    else if (e.key === 'Escape') this.close(true);
    else if (e.key === 'Tab') return this.close(true), e.preventDefault();
    else return;
    e.preventDefault();
  }
}
