import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { siteCss } from '../../../render/assets/site-css.js';
import { staticAsset } from '../../cache/static-asset.js';
import { LOGO, LOGO_SVG } from '../../../render/assets/logo.js';

const cssHash = createHash('sha256').update(siteCss).digest('hex').slice(0, 12);
/** The stylesheet's URL carries its hash, so it can be cached for a year. */
export const STYLESHEET_PATH = `/assets/site.${cssHash}.css`;

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The site's icon: a white «Ш» on the accent blue, also answered at /favicon.ico for feed readers. */
const ICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b57a4"/><text x="16" y="23" font-family="Georgia,serif" font-size="20" font-weight="700" text-anchor="middle" fill="#fff">Ш</text></svg>';

/** The stylesheet, icons and logo (media files: media.ts). */
export function assetRoutes(app: FastifyInstance) {
  app.get(STYLESHEET_PATH, staticAsset(siteCss, 'text/css; charset=utf-8', IMMUTABLE));

  for (const path of ['/favicon.svg', '/favicon.ico']) {
    app.get(path, async (_req, reply) => reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(ICON_SVG));
  }

  app.get(LOGO.svgPath, async (_req, reply) => reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(LOGO_SVG));
  // Rendered once per process on first request: the SVG is the source, so the two never differ.
  let logoPng: Promise<Buffer> | null = null;
  app.get(LOGO.pngPath, async (_req, reply) => {
    logoPng ??= import('sharp')
      .then((m) => m.default(Buffer.from(LOGO_SVG)).resize(LOGO.width, LOGO.height).png({ compressionLevel: 9 }).toBuffer())
      .catch((e: unknown) => {
        logoPng = null;
        throw e;
      });
    return reply.header('cache-control', 'public, max-age=86400').type('image/png').send(await logoPng);
  });
}
