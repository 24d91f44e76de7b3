import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import send, { type SendOptions } from '@fastify/send';
import type { FastifyInstance } from 'fastify';
import type { DerivedMedia } from '../../../services/media-derived.js';

/**
 * A stored media file as one request gets it: whole (200), the part its Range asks for (206),
 * not modified (304), or a refusal of its Range or precondition (416, 412).
 */
export interface MediaAnswer {
  status: number;
  /** What the store says of the bytes: Content-Length, ETag, Last-Modified, Accept-Ranges, Content-Range. */
  headers: Record<string, string | number>;
  /** The bytes to send; null when there are none (304, 412, 416, HEAD). */
  body: Readable | null;
}

/**
 * Opens the file of a media key for a request, honouring its Range, If-Range and conditional
 * headers; null when the store has no such file. Each kind of store brings its own: the local
 * disk's is openLocalMedia; an object store's asks for the range and passes the conditions on.
 */
export type OpenMedia = (req: IncomingMessage, key: string) => Promise<MediaAnswer | null>;

/** The answers of @fastify/send that say there is no such file to serve. */
const NOT_A_FILE = new Set([400, 403, 404]);

/**
 * Media on local disk, served by @fastify/send from `root`: a key that would leave it ('..'), a
 * dotfile or a folder is no file. ETag and Last-Modified come from the file's size and mtime.
 * Cache-Control and Content-Type are the route's to say, not guessed here.
 */
export function openLocalMedia(root: string): OpenMedia {
  const options: SendOptions = { root, index: false, dotfiles: 'deny', cacheControl: false, contentType: false };
  return async (req, key) => {
    // send takes a URL path: each part of the key is encoded, so that '%' in a key is itself.
    const r = await send(req, `/${key.split('/').map(encodeURIComponent).join('/')}`, options);
    if (r.type === 'file') return { status: r.statusCode, headers: r.headers, body: r.statusCode === 304 || req.method === 'HEAD' ? null : r.stream };
    if (r.type === 'directory' || NOT_A_FILE.has(r.statusCode)) return null;
    // 412 and 416 are answered by the route: send's HTML page and its own CSP are not the site's.
    r.stream.destroy();
    if (r.statusCode === 412 || r.statusCode === 416) return { status: r.statusCode, headers: r.headers['Content-Range'] ? { 'Content-Range': r.headers['Content-Range'] } : {}, body: null };
    throw r.metadata.error;
  };
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const MEDIA_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
};
/** The names media files are stored under: an original, a WebP copy of a width, or a crop. */
const MEDIA_FILE = /^[0-9a-f]{64}(-w\d{2,4}|-16x9|-4x3|-1x1)?\.[a-z]{3,4}$/;

/**
 * /media/<xx>/<sha256>[-variant].<ext>: the stored file of that key. Media keys are content
 * hashes ('ab/abcdef….jpg'), so a file never changes under its name: cached for a year.
 */
export function mediaRoute(app: FastifyInstance, open: OpenMedia, derived: DerivedMedia) {
  app.get<{ Params: { dir: string; file: string } }>('/media/:dir/:file', async (req, reply) => {
    const { dir, file } = req.params;
    const type = MEDIA_TYPES[path.extname(file).toLowerCase()];
    if (!/^[0-9a-f]{2}$/.test(dir) || !MEDIA_FILE.test(file) || !type) return reply.callNotFound();
    const key = `${dir}/${file}`;
    let answer = await open(req.raw, key);
    // A copy or crop of an image stored before that size existed is made now, once.
    if (!answer && (await derived.ensure(dir, file).catch((e: unknown) => (req.log.warn({ err: e, file }, 'cannot make a media copy'), null)))) answer = await open(req.raw, key);
    if (!answer) return reply.callNotFound();
    reply.code(answer.status).headers(answer.headers);
    // A refused range is no representation of the file: nothing for a cache to keep.
    if (answer.status === 200 || answer.status === 206 || answer.status === 304) reply.header('cache-control', IMMUTABLE);
    if (answer.status === 200 || answer.status === 206) reply.type(type);
    if (answer.body) return reply.send(answer.body);
    // Fastify answers a HEAD without a body 'Content-Length: 0': an empty stream keeps the file's.
    return req.method === 'HEAD' && answer.status < 300 ? reply.send(Readable.from([])) : reply.send();
  });
}
