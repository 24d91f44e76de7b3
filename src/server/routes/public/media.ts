import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isShpaltaError } from '../../../core/errors.js';
import { DerivedMedia } from '../../../services/media-derived.js';
import { mediaType, type ByteRange, type MediaStore } from '../../../storage/media-store.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const FILE = /^[0-9a-f]{64}(-w\d{2,4}|-16x9|-4x3|-1x1)?\.[a-z]{3,4}$/;

/**
 * /media/<xx>/<file>: the stored files, from the local folder or the S3 bucket alike, with the
 * same headers either way. Keys are content hashes ('ab/abcdef….jpg'): a file never changes
 * under its name, so it is cached for a year and its name is its ETag, the same on every
 * instance and in every store (a copy moved by `shpalta media migrate` keeps it). One byte
 * range is served (a video-less site needs no more); several, or a malformed header, get the
 * whole file, as RFC 9110 allows.
 */
export function mediaRoutes(app: FastifyInstance, store: MediaStore) {
  const derived = new DerivedMedia(store);

  /** A copy or crop of an image stored before that size existed is made now, once. */
  const ensureDerived = async (req: FastifyRequest, dir: string, file: string) => {
    try {
      return (await derived.ensure(dir, file)) !== null;
    } catch (e) {
      if (isShpaltaError(e) && e.code === 'MEDIA_STORE_UNAVAILABLE') throw e;
      req.log.warn({ err: e, file }, 'cannot make a media copy');
      return false;
    }
  };

  const serve = async (req: FastifyRequest<{ Params: { dir: string; file: string } }>, reply: FastifyReply) => {
    const { dir, file } = req.params;
    const type = mediaType(file);
    if (!/^[0-9a-f]{2}$/.test(dir) || !FILE.test(file) || !type) return reply.callNotFound();
    const key = `${dir}/${file}`;
    const etag = `"${file}"`;
    const ifNoneMatch = req.headers['if-none-match'];
    // The name is the content: a client that has this ETag has these bytes, wherever they are kept.
    if (ifNoneMatch && ifNoneMatch.trim() !== '*' && etagListHas(ifNoneMatch, etag)) return notModified(reply, etag);
    // If-None-Match: * is answered 304 once the file is known to exist; any other list did not match.
    const anyVersion = ifNoneMatch?.trim() === '*';
    const found = () => reply.header('cache-control', IMMUTABLE).header('etag', etag).header('accept-ranges', 'bytes').type(type);

    if (req.method === 'HEAD') {
      let size = await store.size(key);
      if (size === null && (await ensureDerived(req, dir, file))) size = await store.size(key);
      if (size === null) return reply.callNotFound();
      if (anyVersion) return notModified(reply, etag);
      return found().header('content-length', size).send();
    }

    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range) : null;
    let read = await store.open(key, range ?? undefined);
    if (!read && (await ensureDerived(req, dir, file))) read = await store.open(key, range ?? undefined);
    if (!read) return reply.callNotFound();
    if (read.kind === 'unsatisfiable') return reply.code(416).header('accept-ranges', 'bytes').header('content-range', `bytes */${read.size}`).send();
    if (anyVersion) {
      read.body.destroy();
      return notModified(reply, etag);
    }
    if (read.range) {
      const { start, end } = read.range;
      return found()
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${read.size}`)
        .header('content-length', end - start + 1)
        .send(read.body);
    }
    return found().header('content-length', read.size).send(read.body);
  };
  // HEAD is handled here too: Fastify's implicit HEAD route would read the whole file (from a
  // bucket: download it) only to drop it, and answer Content-Length: 0.
  app.route({ method: ['GET', 'HEAD'], url: '/media/:dir/:file', handler: serve });
}

function notModified(reply: FastifyReply, etag: string) {
  return reply.code(304).header('cache-control', IMMUTABLE).header('etag', etag).send();
}

const etagListHas = (list: string, etag: string) => list.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);

/** One range of `bytes=…`; null for none, several, or anything malformed (the whole file is sent). */
export function parseRange(header: string | undefined): ByteRange | null {
  const m = header ? /^bytes=\s*(\d*)-(\d*)\s*$/.exec(header) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') return { suffix: Number(m[2]) };
  const start = Number(m[1]);
  if (m[2] === '') return { start };
  const end = Number(m[2]);
  return end >= start ? { start, end } : null;
}
