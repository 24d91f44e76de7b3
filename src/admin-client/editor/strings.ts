import type { Strings } from './types.js';

let table: Strings = {};

export function setStrings(s: Strings) {
  table = s;
}

/** The string at a dotted path ('save.savedAt') with {placeholders} filled in. */
export function t(path: string, vars: Record<string, string | number> = {}): string {
  let node: string | Strings | undefined = table;
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
  const s = typeof node === 'string' ? node : path;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const timeFormat = new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** '12:04' in Kyiv time. */
export const kyivTime = (d: Date) => timeFormat.format(d);
/** '7 січня 2026, 14:05' in Kyiv time, as the site prints dates (core/uk-format.ts). */
export function kyivDateTime(d: Date): string {
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}
