import type { FastifyInstance } from 'fastify';
import { articleAdminRoutes } from './article-routes.js';
import { correctionRoutes } from './correction-routes.js';
import type { NewsroomDeps } from './deps.js';
import { editorPages } from './editor-pages.js';
import { mediaRoutes } from './media-routes.js';
import { adminPages } from './pages.js';
import { peopleAdminRoutes } from './people-routes.js';
import { sessionRoutes } from './session-routes.js';
import { socialPostRoutes } from './social-routes.js';
import { taxonomyRoutes } from './taxonomy-routes.js';
import { workingCopyRoutes } from './working-copy-routes.js';

/** Everything under /admin and /api/v1/admin. */
export function newsroomRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  sessionRoutes(app, deps);
  articleAdminRoutes(app, deps);
  workingCopyRoutes(app, deps);
  correctionRoutes(app, deps);
  peopleAdminRoutes(app, deps);
  taxonomyRoutes(app, deps);
  mediaRoutes(app, deps);
  socialPostRoutes(app, deps);
  adminPages(app, deps);
  editorPages(app, deps);
}
