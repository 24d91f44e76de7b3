import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SocialPostPreview } from '../../contract/social.js';
import { previewSocialPost } from '../../services/social-preview/preview.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';

const previewQuery = z.object({ url: z.string().trim().min(1).max(2_000) });

/** A pasted post's address → the social block to insert (docs/newsroom-api.md, "Social posts"). */
export function socialPostRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  // Anyone who writes: contributors quote posts in their drafts too.
  app.get('/api/v1/admin/social-post', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { user } = signedIn(req);
    const { url } = parseEditorInput(previewQuery, req.query);
    const preview: SocialPostPreview = await previewSocialPost(url, {
      fetch: deps.socialPreview,
      now: deps.clock(),
      capturedBy: { id: user.id, name: user.name },
      onMiss: (why) => req.log.info({ why }, 'social post preview: the platform was not read'),
    });
    return reply.header('cache-control', 'no-store').send(preview);
  });
}
