import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errors } from '../../core/errors.js';
import { ARTICLE_STATUSES } from '../../core/model.js';
import { TRANSITION_NAMES } from '../../core/roles.js';
import {
  articleFields,
  createArticle,
  revisionDiff,
  getRevision,
  listRevisions,
  loadEditorArticle,
  othersEditing,
  restoreRevision,
  saveEditorArticle,
  touchPresence,
  transitionArticle,
  type WriteResult,
} from '../../services/newsroom/articles.js';
import { authorizeArticle } from '../../services/newsroom/article-access.js';
import { addNote, articleNotes, MAX_NOTE_LENGTH } from '../../services/newsroom/notes.js';
import { prePublishCheck } from '../../services/newsroom/prepublish.js';
import { autosaveAsWorkingCopy } from '../../services/newsroom/working-copy.js';
import { listNewsroomArticles } from '../../storage/repositories/newsroom-lists.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const revisionParams = idParams.extend({ revisionId: z.coerce.number().int().positive() });
const listQuery = z.object({
  status: z.enum(ARTICLE_STATUSES).optional(),
  q: z.string().max(200).optional(),
  mine: z.enum(['0', '1']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const saveBody = z.object({ baseVersion: z.number().int().min(1), autosave: z.boolean().default(false), article: articleFields });
const transitionBody = z.object({
  step: z.enum(TRANSITION_NAMES as [string, ...string[]]),
  at: z.string().datetime({ offset: true }).optional(),
  baseVersion: z.number().int().min(1).optional(),
  /** Why an editor returns the article ('reject'): its author sees it. */
  reason: z.string().trim().max(2000).optional(),
});
const restoreBody = z.object({ baseVersion: z.number().int().min(1) });
const noteBody = z.object({ body: z.string().max(MAX_NOTE_LENGTH * 2) });

/** The editor's article API (docs/newsroom-api.md, "Articles"). */
export function articleAdminRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  const { database, clock } = deps;
  /** After a write commits: this instance's caches at once (others read content_changes). */
  const announce = (r: WriteResult) => {
    deps.changes.announce(r);
    return { article: r.article };
  };

  app.get('/api/v1/admin/articles', { config: { rule: 'contributor' } }, async (req, reply) => {
    const q = parseEditorInput(listQuery, req.query);
    const list = await listNewsroomArticles(database, signedIn(req).actor, { page: q.page, ...(q.status ? { status: q.status } : {}), ...(q.q ? { q: q.q } : {}), mine: q.mine === '1' });
    return reply.header('cache-control', 'no-store').send(list);
  });

  app.post('/api/v1/admin/articles', { config: { rule: 'contributor' } }, async (req, reply) => {
    const fields = parseEditorInput(articleFields, req.body ?? {});
    return reply.code(201).send(announce(await createArticle(database, signedIn(req).actor, fields, clock())));
  });

  app.get('/api/v1/admin/articles/:id', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const { actor } = signedIn(req);
    await authorizeArticle(database.db, actor, id, 'read');
    const [article, editors] = await Promise.all([loadEditorArticle(database.db, id), othersEditing(database.db, id, actor.id, clock())]);
    return reply.header('cache-control', 'no-store').send({ article, editors });
  });

  app.put('/api/v1/admin/articles/:id', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const body = parseEditorInput(saveBody, req.body);
    const { actor } = signedIn(req);
    // An autosave never writes a live article: it becomes the writer's working copy.
    const kept = body.autosave ? await autosaveAsWorkingCopy(database, actor, id, body.baseVersion, body.article, clock()) : null;
    if (kept) return reply.send(kept);
    return reply.send(announce(await saveEditorArticle(database, actor, id, body.baseVersion, body.article, body.autosave ? 'autosave' : 'save', clock())));
  });

  app.post('/api/v1/admin/articles/:id/transition', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const body = parseEditorInput(transitionBody, req.body);
    const result = await transitionArticle(
      database,
      signedIn(req).actor,
      id,
      body.step as (typeof TRANSITION_NAMES)[number],
      { ...(body.at ? { at: new Date(body.at) } : {}), ...(body.baseVersion ? { baseVersion: body.baseVersion } : {}), ...(body.reason ? { reason: body.reason } : {}) },
      clock(),
    );
    return reply.send(announce(result));
  });

  // What is missing or risky before publication, for the editor to fix or override.
  app.get('/api/v1/admin/articles/:id/check', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const { actor } = signedIn(req);
    await authorizeArticle(database.db, actor, id, 'read');
    const article = await loadEditorArticle(database.db, id);
    if (!article) throw errors.notFound(`Article ${id}`);
    return reply.header('cache-control', 'no-store').send({ items: await prePublishCheck(database.db, actor, article) });
  });

  // The newsroom's thread about an article: for everyone who may open it, never for readers.
  app.get('/api/v1/admin/articles/:id/notes', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    return reply.header('cache-control', 'no-store').send({ items: await articleNotes(database, signedIn(req).actor, id) });
  });

  app.post('/api/v1/admin/articles/:id/notes', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const { body } = parseEditorInput(noteBody, req.body);
    return reply.code(201).header('cache-control', 'no-store').send({ items: await addNote(database, signedIn(req).actor, id, body, clock()) });
  });

  app.get('/api/v1/admin/articles/:id/revisions', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    await authorizeArticle(database.db, signedIn(req).actor, id, 'read');
    return reply.header('cache-control', 'no-store').send({ items: await listRevisions(database.db, id) });
  });

  app.get('/api/v1/admin/articles/:id/revisions/:revisionId', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id, revisionId } = parseEditorInput(revisionParams, req.params);
    await authorizeArticle(database.db, signedIn(req).actor, id, 'read');
    const [revision, current] = await Promise.all([getRevision(database.db, id, revisionId), loadEditorArticle(database.db, id)]);
    if (!revision || !current) throw errors.notFound(`Revision ${revisionId} of article ${id}`);
    return reply.header('cache-control', 'no-store').send({ revision, diff: await revisionDiff(database.db, signedIn(req).actor, revision.article, current) });
  });

  app.post('/api/v1/admin/articles/:id/revisions/:revisionId/restore', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id, revisionId } = parseEditorInput(revisionParams, req.params);
    const { baseVersion } = parseEditorInput(restoreBody, req.body);
    return reply.send(announce(await restoreRevision(database, signedIn(req).actor, id, revisionId, baseVersion, clock())));
  });

  app.post('/api/v1/admin/articles/:id/presence', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const { actor } = signedIn(req);
    await authorizeArticle(database.db, actor, id, 'read');
    return reply.send({ editors: await touchPresence(database.db, id, actor.id, clock()) });
  });
}
