/**
 * Photos dropped or pasted into the text: each becomes a photo block at once, holding a key to
 * its file here; the file is uploaded when the writer has given its credit and alt (ImageView),
 * and the block then names the stored item. Files stay in this page only: a block still waiting
 * is a placeholder that is never sent (payload.ts payloadOf).
 */
import type { EditorView } from 'prosemirror-view';
import type { MediaTools } from '../media.js';
import { schema } from './schema.js';

type State = 'waiting' | 'uploading' | 'failed';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'];

export class Uploads {
  private readonly files = new Map<string, { file: File; state: State }>();
  private readonly watchers = new Map<string, () => void>();
  private counter = 0;
  view: EditorView | null = null;

  constructor(private readonly media: MediaTools) {}

  state(key: string): State {
    return this.files.get(key)?.state ?? 'failed';
  }

  name(key: string): string {
    return this.files.get(key)?.file.name ?? '';
  }

  /** Calls `redraw` whenever the upload of `key` changes state (its block's view). */
  watch(key: string, redraw: () => void) {
    this.watchers.set(key, redraw);
  }

  /** Photo blocks for the image files among `files`, put where the caret or the drop is. */
  insert(view: EditorView, files: readonly File[], at?: number): boolean {
    const images = files.filter((f) => IMAGE_TYPES.includes(f.type));
    if (!images.length) return false;
    const nodes = images.map((file) => {
      const key = `u${++this.counter}`;
      this.files.set(key, { file, state: 'waiting' });
      return schema.nodes.image!.create({ upload: key });
    });
    // After the block at the caret (or the drop), or instead of it when it is an empty paragraph.
    const $pos = view.state.doc.resolve(at ?? view.state.selection.from);
    const block = $pos.depth >= 1 ? $pos.node(1) : null;
    const tr = view.state.tr;
    if (block?.type.name === 'paragraph' && block.content.size === 0) tr.replaceWith($pos.before(1), $pos.after(1), nodes);
    else tr.insert($pos.depth >= 1 ? $pos.after(1) : $pos.pos, nodes);
    view.dispatch(tr.scrollIntoView());
    return true;
  }

  /** Uploads a waiting file with the fields the writer gave; the block then names the stored photo. */
  start(key: string, fields: { credit: string; alt: string; caption: string }) {
    const entry = this.files.get(key);
    if (!entry || entry.state !== 'waiting') return;
    entry.state = 'uploading';
    this.watchers.get(key)?.();
    this.media.upload(entry.file, { credit: fields.credit.trim(), alt: fields.alt.trim(), caption: fields.caption.trim() }).then(
      (m) => {
        this.files.delete(key);
        this.touch(key, { mediaId: m.id, upload: null });
      },
      () => {
        entry.state = 'failed';
        this.watchers.get(key)?.();
      },
    );
  }

  /**
   * The block waiting for `key` now names the stored photo. Outside the undo history: undoing
   * would bring back a wait for a file that is already in the library.
   */
  private touch(key: string, attrs: Record<string, unknown>) {
    this.watchers.delete(key);
    const view = this.view;
    if (!view) return;
    view.state.doc.descendants((node, pos) => {
      if (node.type.name !== 'image' || node.attrs.upload !== key) return true;
      view.dispatch(view.state.tr.setNodeMarkup(pos, null, { ...node.attrs, ...attrs }).setMeta('addToHistory', false));
      return false;
    });
  }
}
