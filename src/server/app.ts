import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../storage/database.js';
import { installErrorHandling } from './errors.js';
import { articleApiRoutes } from './routes/api/articles/routes.js';
import { assetRoutes } from './routes/public/assets.js';
import { pageRoutes } from './routes/public/pages.js';
import { siteContextLoader } from './site-context.js';

export interface AppDeps {
  config: Pick<Config, 'siteUrl' | 'mediaDir' | 'logLevel'>;
  database: Database;
}

/** Builds the whole HTTP app; it never listens (tests use inject, main.ts listens). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.config.logLevel },
    disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace',
    trustProxy: true,
    ignoreTrailingSlash: false,
    maxParamLength: 500,
  });
  const site = siteContextLoader(deps.database, deps.config.siteUrl);
  installErrorHandling(app, site);
  assetRoutes(app, deps.config.mediaDir);
  articleApiRoutes(app, deps.database, deps.config.siteUrl);
  pageRoutes(app, deps.database, site);
  await app.ready();
  return app;
}
