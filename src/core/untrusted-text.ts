/**
 * Text from files someone else wrote: whether it is UTF-8 at all, whether it holds control
 * characters, and how to show a piece of it on an operator's terminal without the terminal
 * obeying it (an 'ESC ]0;…' in a headline retitles the window; other sequences move the cursor,
 * rewrite earlier lines or, on some terminals, answer back into the shell).
 */

/**
 * Control characters no article text has a use for: C0 but tab, line feed and carriage return
 * (XML, and so every feed, may not contain them), DEL, and C1 (in a Ukrainian text they are
 * the mark of a Windows-1251 file decoded as Latin-1).
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** What the terminal must not be given raw: every C0 and C1 control, and bidi overrides that reorder a line. */
const TERMINAL_UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The text with every control character shown as an escape ('\x1B', '\u009B'), for a line
 * printed to a terminal. Everything else, Cyrillic included, is left as it is.
 */
export function forTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (ch) => {
    const n = ch.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/**
 * The first forbidden control character of a text, with its line (lines end at '\n', '\r\n' or
 * '\r') and column, both from 1; null when there is none. One scan of the whole text: a bulk
 * import reads a hundred thousand files that have none.
 */
export function controlCharacterIn(text: string): { line: number; column: number; message: string } | null {
  const m = CONTROL.exec(text);
  if (!m) return null;
  const before = text.slice(0, m.index).split(/\r\n|\r|\n/);
  const column = [...before.at(-1)!].length + 1;
  const what = m[0] === '\u0000' ? 'a NUL byte (U+0000): is the file UTF-16, or not text at all?' : `the control character ${codePoint(m[0])}, which no article text may hold`;
  return { line: before.length, column, message: `column ${column}: ${what}` };
}

export type Decoded = { ok: true; text: string } | { ok: false; line: number; message: string };

const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes as UTF-8 text, or where they stop being UTF-8 (line from 1, counted by '\n'),
 * with a hint at the likely encoding. A leading byte-order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, line: 1, message: 'the file is UTF-16 (it begins with a UTF-16 byte-order mark): save it as UTF-8' };
  }
  try {
    return { ok: true, text: strict.decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    const at = Math.max(0, invalidUtf8At(bytes));
    const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const column = [...strict.decode(bytes.subarray(lineStart, at))].length + 1;
    const byte = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return { ok: false, line, message: `column ${column}: byte ${byte} is not UTF-8 (is the file in Windows-1251?): save it as UTF-8` };
  }
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function invalidUtf8At(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // The length of the sequence, and the range its second byte must fall in (no overlong
    // forms, no surrogates, nothing above U+10FFFF).
    const [n, lo, hi] =
      c >= 0xc2 && c <= 0xdf ? [2, 0x80, 0xbf]
      : c === 0xe0 ? [3, 0xa0, 0xbf]
      : c === 0xed ? [3, 0x80, 0x9f]
      : c >= 0xe1 && c <= 0xef ? [3, 0x80, 0xbf]
      : c === 0xf0 ? [4, 0x90, 0xbf]
      : c >= 0xf1 && c <= 0xf3 ? [4, 0x80, 0xbf]
      : c === 0xf4 ? [4, 0x80, 0x8f]
      : [0, 0, 0];
    if (n === 0 || i + n > b.length) return i;
    if (b[i + 1]! < lo || b[i + 1]! > hi) return i;
    for (let k = 2; k < n; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return i;
    i += n;
  }
  return -1;
}
