/**
 * The base of the blocks whose plain fields (an attribution, a credit, a post's account) sit
 * beside their flowing text: labelled controls in a part the surface does not edit, each change
 * a transaction on the node's attributes, so that Ctrl+Z takes it back like typed text.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import type { EditorView, NodeView } from 'prosemirror-view';
import { h, uid } from '../dom.js';

export type GetPos = () => number | undefined;

export abstract class FieldsView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement | null = null;
  /** The controls' part: events there are the controls', not the surface's. */
  protected readonly panel: HTMLElement;
  private readonly controls = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();

  constructor(
    protected node: PMNode,
    protected readonly view: EditorView,
    protected readonly getPos: GetPos,
    tag: 'div' | 'figure' | 'blockquote',
    cls: string,
  ) {
    this.panel = h('div', { class: 'node-fields', contenteditable: 'false' });
    // Esc (or Enter in a one-line field) goes back to the text, just after this block.
    this.panel.addEventListener('keydown', (e) => {
      const oneLine = e.target instanceof HTMLInputElement;
      if (e.key === 'Escape' || (e.key === 'Enter' && oneLine && !e.isComposing)) {
        e.preventDefault();
        this.leave();
      }
    });
    this.dom = h(tag, { class: `node ${cls}` });
  }

  /** The caret into the text after this block (a new paragraph when none follows). */
  protected leave() {
    const pos = this.getPos();
    if (pos === undefined) return;
    const after = pos + this.node.nodeSize;
    const { state } = this.view;
    const tr = state.tr;
    if (!state.doc.resolve(after).nodeAfter?.isTextblock) tr.insert(after, state.schema.nodes.paragraph!.create());
    this.view.dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 1)).scrollIntoView());
    this.view.focus();
  }

  /** Sets attributes of this node (one undoable step). */
  protected setAttrs(attrs: Record<string, unknown>) {
    const pos = this.getPos();
    if (pos === undefined) return;
    const current = this.view.state.doc.nodeAt(pos);
    if (!current) return;
    this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { ...current.attrs, ...attrs }));
  }

  /** A labelled text control bound to a value read from the node and written back through `write`. */
  protected field(key: string, label: string, read: (n: PMNode) => string, write: (v: string) => void, o: { type?: string; multiline?: boolean; hint?: string; required?: boolean } = {}): HTMLElement {
    const id = uid('nf');
    const control = o.multiline ? h('textarea', { id, rows: 3, 'data-field': key }) : h('input', { id, type: o.type ?? 'text', 'data-field': key, spellcheck: o.type === 'url' ? 'false' : null });
    if (o.required) control.setAttribute('aria-required', 'true');
    control.value = read(this.node);
    control.addEventListener('input', () => write(control.value));
    this.controls.set(key, control);
    (control as HTMLElement & { readValue?: (n: PMNode) => string }).readValue = read;
    const hint = o.hint ? h('p', { class: 'hint', id: `${id}-hint` }, o.hint) : null;
    if (hint) control.setAttribute('aria-describedby', hint.id);
    return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint);
  }

  /** The control for a field name (the server names 'body.3.credit'), or null. */
  control(key: string): HTMLElement | null {
    return this.controls.get(key) ?? null;
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    // Undo and other writers change attributes under the controls: show what the node holds,
    // except in the control being typed in.
    for (const c of this.controls.values()) {
      const read = (c as HTMLElement & { readValue?: (n: PMNode) => string }).readValue;
      if (read && document.activeElement !== c && c.value !== read(node)) c.value = read(node);
    }
    this.refresh();
    return true;
  }

  /** Redraws what depends on the attributes beyond the controls. */
  protected refresh() {}

  stopEvent(e: Event): boolean {
    return this.panel.contains(e.target as Node);
  }

  ignoreMutation(m: { type: string; target: Node }): boolean {
    if (m.type === 'selection') return !this.contentDOM;
    return !this.contentDOM || !this.contentDOM.contains(m.target);
  }
}
