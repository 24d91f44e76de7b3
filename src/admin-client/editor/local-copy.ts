import { upgradeFields } from '../../core/legacy-text.js';
import type { ArticleDraft } from './types.js';

/** What a crash or a closed tab leaves in this browser: the form as it was, and the version it was based on. */
export interface LocalCopy {
  savedAt: string;
  baseVersion: number | null;
  fields: ArticleDraft;
}

/** The browser's copy of unsaved work, one per article ('new' before the first save). */
export class LocalCopies {
  constructor(private readonly key: () => string) {}

  write(baseVersion: number | null, fields: ArticleDraft) {
    const copy: LocalCopy = { savedAt: new Date().toISOString(), baseVersion, fields };
    try {
      localStorage.setItem(this.key(), JSON.stringify(copy));
    } catch {
      // Storage full or disabled: the server copy is all there is.
    }
  }

  read(): LocalCopy | null {
    try {
      const copy = JSON.parse(localStorage.getItem(this.key()) ?? 'null') as LocalCopy | null;
      // A copy kept before rich text holds plain strings: it comes back in the rich form.
      return copy?.fields ? { ...copy, fields: upgradeFields(copy.fields) } : null;
    } catch {
      return null;
    }
  }

  clear() {
    try {
      localStorage.removeItem(this.key());
    } catch {
      // Nothing to clear.
    }
  }
}
