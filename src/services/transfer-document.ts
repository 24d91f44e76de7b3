import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import readline from 'node:readline';
import { z } from 'zod';
import { ShpaltaError, errors } from '../core/errors.js';
import { ARTICLE_STATUSES, TAG_KINDS } from '../core/model.js';
import { ROLES } from '../core/roles.js';

/**
 * The export document's format (see transfer.ts for its layout): the parts in order, the
 * schema of each record, and the reader that streams a file's records, each checked.
 */
export const EXPORT_FORMAT = 'shpalta-export';
export const EXPORT_VERSION = 1;

/** In file order: each part refers only to parts before it, save media.uploadedBy and recap links. */
export const PARTS = ['sections', 'media', 'authors', 'tags', 'users', 'articles', 'auditLog'] as const;
export type Part = (typeof PARTS)[number];

const id = z.number().int().positive();
const ref = id.nullable();
const time = z.iso.datetime({ offset: true });
const text = z.string();
const name = z.string().trim().min(1, 'must not be empty');
const json = z.record(z.string(), z.unknown());

const records = {
  sections: z.object({ id, parentId: ref, slug: name, name, path: name, position: z.number().int(), createdAt: time, updatedAt: time }),
  media: z.object({
    id, storageKey: name, sha256: name, mime: name, width: z.number().int().min(0), height: z.number().int().min(0), bytes: z.number().int().min(0),
    caption: text, credit: text, alt: text, variantWidths: text, uploadedBy: ref, createdAt: time,
  }),
  authors: z.object({ id, slug: name, name, bio: text.nullable(), photoMediaId: ref, createdAt: time, updatedAt: time }),
  tags: z.object({ id, slug: name, name, kind: z.enum(TAG_KINDS), createdAt: time, updatedAt: time }),
  users: z.object({ id, email: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an email address'), name, role: z.enum(ROLES), authorId: ref, disabled: z.boolean(), createdAt: time, updatedAt: time }),
  articles: z.object({
    id, externalId: text.nullable(), sourceHash: text.nullable(), slug: name, title: text, subtitle: text.nullable(), lead: text,
    body: z.array(z.looseObject({ type: z.string(), mediaId: id.optional() })),
    status: z.enum(ARTICLE_STATUSES), sectionId: ref, source: text.nullable(),
    photo: z.object({ mediaId: ref, caption: text.nullable(), credit: text.nullable(), alt: text.nullable() }).nullable(),
    recap: z.looseObject({ paragraphs: z.array(text), articleIds: z.array(id) }).nullable(),
    publishedAt: time.nullable(), publishedTimeKnown: z.boolean(), isMain: z.boolean(), isBreaking: z.boolean(),
    version: z.number().int().min(1), createdBy: ref, createdAt: time, updatedAt: time,
    authorIds: z.array(id), tagIds: z.array(id),
    revisions: z.array(z.object({ id, version: z.number().int().min(1), userId: ref, kind: name, snapshot: json, createdAt: time })),
  }),
  auditLog: z.object({ id, at: time, userId: ref, action: name, targetKind: name, targetId: z.number().int().nullable(), details: json }),
};
export type Records = { [P in Part]: z.output<(typeof records)[P]> };
export type Item = { [P in Part]: { part: P; index: number; line: number | null; value: Records[P] } }[Part];

/** The file's records in order, each checked against its part's schema. */
export async function* readDocument(file: string): AsyncGenerator<Item> {
  const raw = await rawRecords(file);
  for await (const r of raw) {
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

const idOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'number' ? ` (id ${(v as { id: number }).id})` : '');

export const malformed = (file: string, line: number | null, message: string) =>
  line === null ? new ShpaltaError('IMPORT_FORMAT', message, { file }) : errors.importFormat(file, line, message);

type RawRecord = { part: Part; index: number; line: number | null; value: unknown };

async function rawRecords(file: string): Promise<AsyncIterable<RawRecord>> {
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
  return ours ? lineRecords(file) : wholeRecords(file);
}

function checkHeader(file: string, line: number | null, header: unknown) {
  const h = header as { format?: unknown; version?: unknown } | null;
  if (!h || typeof h !== 'object' || h.format !== EXPORT_FORMAT) throw malformed(file, line, `not a Shpalta export (its "format" is not "${EXPORT_FORMAT}")`);
  if (h.version !== EXPORT_VERSION) throw malformed(file, line, `export format version ${String(h.version)}: this Shpalta reads version ${EXPORT_VERSION}`);
}

/** Our own layout, a line at a time: memory holds one record, whatever the file's size. */
async function* lineRecords(file: string): AsyncGenerator<RawRecord> {
  const lines = readline.createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
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
  for await (const line of lines) {
    n++;
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

/** Any other layout: parsed whole (the file must fit in memory). */
async function* wholeRecords(file: string): AsyncGenerator<RawRecord> {
  const content = await fs.readFile(file, 'utf8');
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

