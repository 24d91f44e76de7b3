import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from './page-cache.js';
import { preferredEncoding } from '../accept-encoding.js';
import { etagFor, notModified } from './respond.js';

/**
 * A file built into the program (a stylesheet, the icon), compressed once at start with the
 * best settings and served in the encoding the client takes, each encoding with its own ETag
 * (revalidated with 304). The route states its Cache-Control: a hashed URL is immutable.
 */
export function staticAsset(content: string | Buffer, type: string, cacheControl: string) {
  const identity = Buffer.from(content);
  const etag = etagOf(identity);
  const forms = {
    br: zlib.brotliCompressSync(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY } }),
    gzip: zlib.gzipSync(identity, { level: 9 }),
  };
  return (req: FastifyRequest, reply: FastifyReply) => {
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    const tag = etagFor(etag, encoding);
    reply.header('cache-control', cacheControl).header('vary', 'Accept-Encoding').header('etag', tag).type(type);
    if (notModified(req, tag, null)) return reply.code(304).send();
    if (encoding) reply.header('content-encoding', encoding);
    const body = encoding ? forms[encoding] : identity;
    return reply.header('content-length', body.length).send(body);
  };
}
