import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { articleFields } from '../../services/newsroom/articles.js';
import { discardWorkingCopy, keepWorkingCopy, listOwnWorkingCopies, publishWorkingCopy, readWorkingCopy } from '../../services/newsroom/working-copy.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';

const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const copyBody = z.object({ baseVersion: z.number().int().min(1), article: articleFields });

/**
 * An editor's unpublished changes to a live article (docs/newsroom-api.md, "Working copies";
 * services/newsroom/working-copy.ts). Reads and discards are the caller's own copy only, keyed
 * on their account, so no answer (not even an error) can hold another account's copy.
 */
export function workingCopyRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  const { database, clock } = deps;

  app.get('/api/v1/admin/working-copies', { config: { rule: 'contributor' } }, async (req, reply) =>
    reply.header('cache-control', 'no-store').send({ items: await listOwnWorkingCopies(database.db, signedIn(req).user.id) }),
  );

  app.get('/api/v1/admin/articles/:id/working-copy', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    return reply.header('cache-control', 'no-store').send({ workingCopy: await readWorkingCopy(database.db, signedIn(req).actor, id) });
  });

  app.put('/api/v1/admin/articles/:id/working-copy', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const body = parseEditorInput(copyBody, req.body);
    return reply.header('cache-control', 'no-store').send(await keepWorkingCopy(database, signedIn(req).actor, id, body.baseVersion, body.article, clock()));
  });

  app.delete('/api/v1/admin/articles/:id/working-copy', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    await discardWorkingCopy(database.db, signedIn(req).user.id, id);
    return reply.code(204).send();
  });

  // 'Оновити': the only way a working copy reaches readers.
  app.post('/api/v1/admin/articles/:id/working-copy/publish', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const body = parseEditorInput(copyBody, req.body);
    const result = await publishWorkingCopy(database, signedIn(req).actor, id, body.baseVersion, body.article, clock());
    deps.changes.announce(result);
    return reply.send({ article: result.article });
  });
}
