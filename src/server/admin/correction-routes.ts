import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ARTICLE_LIMITS } from '../../core/limits.js';
import { CORRECTION_KINDS } from '../../core/model.js';
import { articleCorrections, markCorrection, removeCorrection, type CorrectionsResult, type StoredCorrection } from '../../services/newsroom/corrections.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';

const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const correctionParams = idParams.extend({ correctionId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const markBody = z.object({ kind: z.enum(CORRECTION_KINDS), note: z.string().max(ARTICLE_LIMITS.correctionNote * 2).default('') });

/** The only place a correction becomes the newsroom API's JSON. */
export const presentCorrection = (c: StoredCorrection) => ({ id: c.id, kind: c.kind, note: c.note, at: c.at.toISOString(), user: c.user });

/**
 * Corrections and updates of a published article (docs/newsroom-api.md, "Corrections"): anyone
 * who may open the article reads them; only editors mark or remove one (the route's rule, and
 * the service again), so below editor every such request is 403 whatever article it names.
 */
export function correctionRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  const { database, clock } = deps;
  const answer = (r: CorrectionsResult) => {
    deps.changes.announce(r);
    return { items: r.items.map(presentCorrection) };
  };

  app.get('/api/v1/admin/articles/:id/corrections', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    return reply.header('cache-control', 'no-store').send({ items: (await articleCorrections(database, signedIn(req).actor, id)).map(presentCorrection) });
  });

  // An editor's: anyone else is refused before anything of the request is read (403 whatever the article or body).
  app.post('/api/v1/admin/articles/:id/corrections', { config: { rule: 'editor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const body = parseEditorInput(markBody, req.body);
    return reply.code(201).header('cache-control', 'no-store').send(answer(await markCorrection(database, signedIn(req).actor, id, body, clock())));
  });

  app.delete('/api/v1/admin/articles/:id/corrections/:correctionId', { config: { rule: 'editor' } }, async (req, reply) => {
    const { id, correctionId } = parseEditorInput(correctionParams, req.params);
    return reply.header('cache-control', 'no-store').send(answer(await removeCorrection(database, signedIn(req).actor, id, correctionId, clock())));
  });
}
