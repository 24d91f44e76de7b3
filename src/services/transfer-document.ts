import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { errors } from '../core/errors.js';
import { DEFAULT_IMPORT_LIMITS } from '../core/limits.js';
import { EXPORT_FORMAT, EXPORT_VERSION, PARTS, records, type Item, type Part } from '../core/transfer-format.js';
import { decodeUtf8 } from '../core/untrusted-text.js';

export { EXPORT_FORMAT, EXPORT_VERSION, PARTS, type Item, type Part, type Records } from '../core/transfer-format.js';

/**
 * The file's records in order, each checked against its part's schema. No record may be longer
 * than `maxRecordBytes` (a document not in our layout is read whole, and is held to it as a
 * whole), nor hold a NUL character, which PostgreSQL cannot store in text.
 */
export async function* readDocument(file: string, maxRecordBytes = DEFAULT_IMPORT_LIMITS.maxRecordBytes): AsyncGenerator<Item> {
  const raw = await rawRecords(file, maxRecordBytes);
  for await (const r of raw) {
    const nul = nulAt(r.value, '');
    if (nul !== null) throw malformed(file, r.line, `${r.part}[${r.index}]${nul}${idOf(r.value)}: a NUL character (U+0000), which no text may hold`);
    const schema = records[r.part];
    const parsed = schema.safeParse(r.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = [`${r.part}[${r.index}]`, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('');
      throw malformed(file, r.line, `${where}${idOf(r.value)}: ${issue.message}`);
    }
    yield { part: r.part, index: r.index, line: r.line, value: parsed.data } as Item;
  }
}

/** The path ('.title', '.body[3].text') of the first string holding U+0000, or null. */
function nulAt(v: unknown, at: string): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? at : null;
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const found = nulAt(x, `${at}[${i}]`);
      if (found !== null) return found;
    }
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k.includes('\u0000')) return `${at}.${k.replace(/\u0000/g, '\\u0000')}`;
      const found = nulAt(x, `${at}.${k}`);
      if (found !== null) return found;
    }
  }
  return null;
}

const idOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'number' ? ` (id ${(v as { id: number }).id})` : '');

export const malformed = (file: string, line: number | null, message: string) => errors.importFormat(file, line, message);

type RawRecord = { part: Part; index: number; line: number | null; value: unknown };

async function rawRecords(file: string, maxRecordBytes: number): Promise<AsyncIterable<RawRecord>> {
  let handle;
  try {
    handle = await fs.open(file);
  } catch (e) {
    throw errors.importFile(file, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read: ${(e as Error).message}`, e);
  }
  const head = Buffer.alloc(256);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  await handle.close();
  const firstLine = head.subarray(0, bytesRead).toString('utf8').split('\n')[0]!.replace(/\r$/, '');
  const ours = firstLine.startsWith(`{"format":"${EXPORT_FORMAT}"`) && firstLine.endsWith(',');
  return ours ? lineRecords(file, maxRecordBytes) : wholeRecords(file, maxRecordBytes);
}

function checkHeader(file: string, line: number | null, header: unknown) {
  const h = header as { format?: unknown; version?: unknown } | null;
  if (!h || typeof h !== 'object' || h.format !== EXPORT_FORMAT) throw malformed(file, line, `not a Shpalta export (its "format" is not "${EXPORT_FORMAT}")`);
  if (h.version !== EXPORT_VERSION) throw malformed(file, line, `export format version ${String(h.version)}: this Shpalta reads version ${EXPORT_VERSION}`);
}

const mb = (n: number) => `${(n / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

/**
 * The file's lines as text, numbered from 1: each checked to be UTF-8 (a decoder that replaced
 * bad bytes would import them as '�'), none held in memory past `max` bytes.
 */
async function* boundedLines(file: string, max: number): AsyncGenerator<{ n: number; text: string }> {
  let n = 0;
  let parts: Buffer[] = [];
  let length = 0;
  const line = (bytes: Buffer) => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    const decoded = decodeUtf8(bytes.subarray(0, end));
    if (!decoded.ok) throw malformed(file, n, decoded.message);
    return decoded.text;
  };
  const tooLong = () => malformed(file, n + 1, `the line is longer than ${mb(max)}: a record may be at most that (--max-record-mb)`);
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, from)) {
      if (length + nl - from > max) throw tooLong();
      const bytes = parts.length ? Buffer.concat([...parts, chunk.subarray(from, nl)]) : chunk.subarray(from, nl);
      parts = [];
      length = 0;
      n++;
      yield { n, text: line(bytes) };
      from = nl + 1;
    }
    if (from < chunk.length) {
      length += chunk.length - from;
      if (length > max) throw tooLong();
      parts.push(chunk.subarray(from));
    }
  }
  if (length > 0) {
    n++;
    yield { n, text: line(Buffer.concat(parts)) };
  }
}

/** Our own layout, a line at a time: memory holds one record, whatever the file's size. */
async function* lineRecords(file: string, max: number): AsyncGenerator<RawRecord> {
  let n = 0;
  let part: Part | null = null;
  let index = 0;
  let next = 0;
  let ended = false;
  const parse = (s: string, what: string) => {
    try {
      return JSON.parse(s) as unknown;
    } catch (e) {
      throw malformed(file, n, `${what} is not valid JSON: ${(e as Error).message}`);
    }
  };
  for await (const { n: at, text: line } of boundedLines(file, max)) {
    n = at;
    if (line.trim() === '') continue;
    if (ended) throw malformed(file, n, 'text after the end of the document');
    if (n === 1) {
      if (!line.endsWith(',')) throw malformed(file, n, 'the first line must end with a comma');
      checkHeader(file, n, parse(`${line.slice(0, -1)}}`, 'the header'));
      continue;
    }
    if (part === null) {
      const m = /^"(\w+)":\[$/.exec(line);
      const expected = PARTS[next];
      if (!m || m[1] !== expected) throw malformed(file, n, expected ? `expected the part "${expected}":[` : 'expected the end of the document');
      part = expected!;
      index = 0;
      continue;
    }
    const end = /^\](,|\})$/.exec(line);
    if (end) {
      const last = part === PARTS[PARTS.length - 1];
      if ((end[1] === '}') !== last) throw malformed(file, n, last ? 'the document must end with ]}' : `the part "${part}" must end with ],`);
      ended = last;
      part = null;
      next++;
      continue;
    }
    const body = line.endsWith(',') ? line.slice(0, -1) : line;
    yield { part, index: index++, line: n, value: parse(body, `${part}[${index - 1}]`) };
  }
  if (!ended) throw malformed(file, n, `the document ends early${part ? ` (inside "${part}")` : ''}: is the file complete?`);
}

/** Any other layout: parsed whole (so it is held to the limit of one record). */
async function* wholeRecords(file: string, max: number): AsyncGenerator<RawRecord> {
  const { size } = await fs.stat(file);
  if (size > max) throw malformed(file, null, `the document is ${mb(size)}; one not in the layout of 'shpalta export' (a record a line) is read whole, and may be at most ${mb(max)} (--max-record-mb)`);
  const decoded = decodeUtf8(await fs.readFile(file));
  if (!decoded.ok) throw malformed(file, decoded.line, decoded.message);
  const content = decoded.text;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(content) as Record<string, unknown>;
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const line = at ? content.slice(0, Number(at[1])).split('\n').length : null;
    throw malformed(file, line, `not valid JSON: ${(e as Error).message}`);
  }
  checkHeader(file, null, doc);
  for (const part of PARTS) {
    const list = doc[part];
    if (!Array.isArray(list)) throw malformed(file, null, `"${part}" must be a list`);
    for (const [index, value] of list.entries()) yield { part, index, line: null, value };
  }
}

