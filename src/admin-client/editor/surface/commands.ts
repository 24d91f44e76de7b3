/**
 * What the keys do on the writing surface, as a word processor does it: Enter starts the next
 * paragraph (an empty list item or quote ends the list or quote), Shift+Enter breaks the line,
 * Backspace at the start of a heading, quote or list item makes it a paragraph again, and
 * deleting a block is one step Ctrl+Z takes back, with nothing asked.
 */
import { baseKeymap, chainCommands, deleteSelection, joinBackward, selectNodeBackward, setBlockType, splitBlock, toggleMark } from 'prosemirror-commands';
import { redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { Fragment, type Node as PMNode } from 'prosemirror-model';
import { NodeSelection, TextSelection, type Command, type EditorState, type Plugin } from 'prosemirror-state';
import { schema } from './schema.js';

const n = schema.nodes;

/** The top-level block around the caret: its node, position and index in the body. */
export function blockAt(state: EditorState): { node: PMNode; pos: number; index: number } | null {
  const $f = state.selection.$from;
  if (state.selection instanceof NodeSelection && $f.depth === 0) return { node: state.selection.node, pos: $f.pos, index: $f.index(0) };
  if ($f.depth < 1) return null;
  return { node: $f.node(1), pos: $f.before(1), index: $f.index(0) };
}

/** The list item at the caret becomes a paragraph, the list split around it. */
export const liftItem: Command = (state, dispatch) => {
  const $f = state.selection.$from;
  if ($f.parent.type !== n.list_item) return false;
  if (dispatch) {
    const list = $f.node(-1);
    const index = $f.index(-1);
    const parts: PMNode[] = [];
    if (index > 0) parts.push(list.copy(list.content.cut(0, childOffset(list, index))));
    parts.push(n.paragraph!.create(null, $f.parent.content));
    if (index < list.childCount - 1) parts.push(list.copy(list.content.cut(childOffset(list, index + 1))));
    const start = $f.before(-1);
    const tr = state.tr.replaceWith(start, $f.after(-1), Fragment.from(parts));
    const paraStart = start + (index > 0 ? parts[0]!.nodeSize : 0) + 1;
    dispatch(tr.setSelection(TextSelection.create(tr.doc, paraStart + $f.parentOffset)).scrollIntoView());
  }
  return true;
};

function childOffset(node: PMNode, index: number): number {
  let off = 0;
  for (let i = 0; i < index; i++) off += node.child(i).nodeSize;
  return off;
}

const inEmpty = (state: EditorState, type: string) => state.selection.empty && state.selection.$from.parent.type.name === type && state.selection.$from.parent.content.size === 0;

/** A paragraph after the block at the caret, the caret in it. */
const paragraphAfter: Command = (state, dispatch) => {
  const b = blockAt(state);
  if (!b) return false;
  if (dispatch) {
    const at = b.pos + b.node.nodeSize;
    const tr = state.tr.insert(at, n.paragraph!.create());
    dispatch(tr.setSelection(TextSelection.create(tr.doc, at + 1)).scrollIntoView());
  }
  return true;
};

const toParagraph: Command = (state, dispatch) => setBlockType(n.paragraph!)(state, dispatch);

const enter: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  const parent = $from.parent.type;
  if (parent === n.list_item) return $from.parent.content.size === 0 ? liftItem(state, dispatch) : splitBlock(state, dispatch);
  if (parent === n.quote) {
    if (inEmpty(state, 'quote')) return toParagraph(state, dispatch);
    if (empty && $from.parentOffset === $from.parent.content.size) return paragraphAfter(state, dispatch);
    return hardBreak(state, dispatch);
  }
  if (parent === n.image) return paragraphAfter(state, dispatch);
  return false;
};

const hardBreak: Command = (state, dispatch) => {
  if (!state.selection.$from.parent.inlineContent) return false;
  dispatch?.(state.tr.replaceSelectionWith(n.hardBreak!.create()).scrollIntoView());
  return true;
};

/** Backspace at the very start of a heading, quote or list item: back to a paragraph. */
const backToParagraph: Command = (state, dispatch) => {
  const { $from, empty } = state.selection;
  if (!empty || $from.parentOffset > 0) return false;
  const parent = $from.parent.type;
  if (parent === n.list_item) return liftItem(state, dispatch);
  if (parent === n.heading || parent === n.quote) return toParagraph(state, dispatch);
  // At the start of a caption: the photo is selected, and the next Backspace removes it.
  if (parent === n.image) {
    dispatch?.(state.tr.setSelection(NodeSelection.create(state.doc, $from.before())));
    return true;
  }
  return false;
};

/** Moves the block at the caret one place up or down (Alt+↑/↓), the caret with it. */
export function moveBlock(by: -1 | 1): Command {
  return (state, dispatch) => {
    const b = blockAt(state);
    if (!b) return false;
    const other = by < 0 ? state.doc.maybeChild(b.index - 1) : state.doc.maybeChild(b.index + 1);
    if (!other) return false;
    if (dispatch) {
      const offset = state.selection.from - b.pos;
      const tr = state.tr.delete(b.pos, b.pos + b.node.nodeSize);
      const at = by < 0 ? b.pos - other.nodeSize : b.pos + other.nodeSize;
      tr.insert(at, b.node);
      const sel = b.node.isTextblock || b.node.type === n.list || b.node.type === n.quote || b.node.type === n.image ? TextSelection.near(tr.doc.resolve(Math.min(at + offset, tr.doc.content.size))) : NodeSelection.create(tr.doc, at);
      dispatch(tr.setSelection(sel).scrollIntoView());
    }
    return true;
  };
}

export interface SurfaceKeys {
  openLink(): void;
  /** Tab from the text: the fields of the block at the caret, else what follows the surface. */
  tab(): boolean;
}

export function surfaceKeymaps(keys: SurfaceKeys): Plugin[] {
  const mod: Record<string, Command> = {
    'Mod-b': toggleMark(schema.marks.bold!),
    'Mod-i': toggleMark(schema.marks.italic!),
    'Mod-k': () => (keys.openLink(), true),
    'Mod-z': undo,
    'Mod-y': redo,
    'Shift-Mod-z': redo,
    Enter: enter,
    'Shift-Enter': hardBreak,
    Backspace: chainCommands(deleteSelection, backToParagraph, joinBackward, selectNodeBackward),
    'Alt-ArrowUp': moveBlock(-1),
    'Alt-ArrowDown': moveBlock(1),
    Tab: () => keys.tab(),
  };
  return [keymap(mod), keymap(baseKeymap)];
}
