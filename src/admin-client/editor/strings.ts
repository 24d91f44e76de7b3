import type { EditorStringKey, EditorStrings } from '../../contract/editor-strings.js';
import type { Gender } from '../../contract/model.js';

type Node = string | { readonly [key: string]: Node };
let table: Node = {};

export function setStrings(s: EditorStrings) {
  table = s as unknown as Node;
}

/** The string at a dotted path, or null. For paths made at run time from what the server sent. */
export function lookup(path: string): string | null {
  let node: Node | undefined = table;
  const parts = path.split('.');
  for (let i = 0; i < parts.length && typeof node === 'object'; i++) {
    // A key may itself hold dots ('photo.credit' among the field names).
    const rest = parts.slice(i).join('.');
    if (rest in node) {
      node = node[rest];
      break;
    }
    node = node[parts[i]!];
  }
  return typeof node === 'string' ? node : null;
}

/** The string at a dotted path ('save.savedAt'; contract/editor-strings.ts) with {placeholders} filled in. */
export function t(path: EditorStringKey, vars: Record<string, string | number> = {}): string {
  return (lookup(path) ?? path).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The paths of strings given in each gender ('conflict.text' for 'conflict.text.feminine', …). */
export type GenderedKey = { [K in EditorStringKey]: K extends `${infer P}.feminine` ? P : never }[EditorStringKey];

/** The string at a gendered path in the person's gender ('Марія Бондар зберегла …'); unknown: the neutral wording. */
export function tg(path: GenderedKey, gender: Gender | null | undefined, vars: Record<string, string | number> = {}): string {
  return t(`${path}.${gender ?? 'unknown'}` as EditorStringKey, vars);
}
