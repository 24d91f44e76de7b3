import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MediaItem as MediaJson, MediaPage } from '../../contract/media.js';
import { errors } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import { editMedia, MAX_PIXELS, uploadMedia } from '../../services/newsroom/media-upload.js';
import { getMedia, listMedia, type MediaItem } from '../../storage/repositories/media.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';

/** The one place a media item becomes JSON (docs/newsroom-api.md, "Media"). */
export const presentMedia = (m: MediaItem): MediaJson => ({
  id: m.id,
  url: m.url,
  width: m.width,
  height: m.height,
  mime: m.mime,
  bytes: m.bytes,
  caption: m.caption,
  credit: m.credit,
  alt: m.alt,
  variantWidths: m.variantWidths,
  createdAt: m.createdAt.toISOString(),
});

const PAGE_SIZE = 30;

// Empty text fields of a form mean "not given"; the service decides what is required.
const uploadFields = z.object({
  caption: z.string().max(1_000).optional(),
  credit: z.string().max(300).optional(),
  alt: z.string().max(1_000).optional(),
});
const listQuery = z.object({
  q: z.string().max(200).default(''),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });
const nonEmpty = (max: number) => z.string().trim().min(1, 'may not be empty').max(max);
const patchBody = z.strictObject({ caption: z.string().trim().max(1_000).optional(), credit: nonEmpty(300).optional(), alt: nonEmpty(1_000).optional() });

/** A multipart form as sent: its file (the part named `file`), its text fields, and what stopped the reading, if anything. */
export interface MultipartForm {
  file: { bytes: Buffer; name: string } | null;
  fields: Record<string, string>;
  /** 'tooLarge': the file passed the size limit; 'tooMany': too many files or fields; 'malformed': not a readable form. */
  problem?: 'tooLarge' | 'tooMany' | 'malformed';
}

/**
 * Reads a multipart form, never throwing for what the sender got wrong: @fastify/multipart stops
 * a file at the size limit with its own error, which becomes `problem`. Fields read before the
 * problem are kept (the sign-in page's `_csrf` comes first, and a form shown again keeps them).
 */
export async function readMultipartForm(req: FastifyRequest): Promise<MultipartForm> {
  const form: MultipartForm = { file: null, fields: {} };
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && bytes.length > 0) form.file = { bytes, name: part.filename || 'file' };
      } else if (typeof part.value === 'string') {
        form.fields[part.fieldname] = part.value;
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    form.problem = code === 'FST_REQ_FILE_TOO_LARGE' ? 'tooLarge' : code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' ? 'tooMany' : 'malformed';
  }
  return form;
}

/** The API's upload: one photo and its text fields, or an error in our codes. */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ file: Buffer; name: string; fields: Record<string, string> }> {
  if (!req.isMultipart()) throw errors.invalidInput('file', 'file: send the photo as multipart/form-data');
  const form = await readMultipartForm(req);
  if (form.problem === 'tooLarge') throw errors.payloadTooLarge(uk.newsroomErrors.fileTooLarge(formatMb(maxBytes)), 'file');
  if (form.problem === 'tooMany') throw errors.invalidInput('input', 'The form has too many files or fields: send one photo per request');
  if (form.problem) throw errors.invalidInput('file', 'file: the form could not be read');
  if (!form.file) throw errors.invalidInput('file', 'file: choose a photo to upload');
  return { file: form.file.bytes, name: form.file.name, fields: form.fields };
}

const formatMb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} МБ` : `${Math.ceil(bytes / 1024)} КБ`);

export function mediaRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  app.post('/api/v1/admin/media', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { actor } = signedIn(req);
    const upload = await readUpload(req, deps.maxUploadBytes);
    const text = parseEditorInput(uploadFields, upload.fields);
    const { media, existing } = await uploadMedia(deps.database, deps.media, upload.file, { name: upload.name, ...text, uploader: actor }, deps.clock(), { maxPixels: MAX_PIXELS });
    return reply.code(201).header('cache-control', 'no-store').send({ media: presentMedia(media), existing });
  });

  app.get('/api/v1/admin/media', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { q, page } = parseEditorInput(listQuery, req.query);
    const { items, hasNext } = await listMedia(deps.database, { q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return reply.header('cache-control', 'no-store').send({ items: items.map(presentMedia), hasNext } satisfies MediaPage);
  });

  app.get('/api/v1/admin/media/:id', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const media = await getMedia(deps.database.db, id);
    if (!media) throw errors.notFound(`Media ${id}`);
    return reply.header('cache-control', 'no-store').send({ media: presentMedia(media) });
  });

  app.patch('/api/v1/admin/media/:id', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { actor } = signedIn(req);
    const { id } = parseEditorInput(idParams, req.params);
    const text = parseEditorInput(patchBody, req.body ?? {});
    const media = await editMedia(deps.database, actor, id, text);
    return reply.header('cache-control', 'no-store').send({ media: presentMedia(media) });
  });
}
