import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isShpaltaError, type ShpaltaError } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import type { TagRef } from '../../core/model.js';
import { renderAdminError } from '../../render/admin/error-page.js';
import type { AdminContext } from '../../render/admin/layout.js';
import { renderTaxonomyPage, type TaxonomyPageState } from '../../render/admin/taxonomy-page.js';
import { createSection, listTags, newSection, sectionChange, sectionTree, tagChange, updateSection, updateTag, type SectionItem, type Written } from '../../services/newsroom/taxonomy.js';
import { parseEditorInput } from '../validate.js';
import { adminErrorAnswer } from './error-answer.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';
import { ADMIN_STYLESHEET_PATH } from './pages.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const NO_STORE = { 'cache-control': 'no-store' };
const PAGE_HEADERS = { 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' };

const presentTag = (t: TagRef) => ({ id: t.id, name: t.name, slug: t.slug, kind: t.kind });
const presentSection = (s: SectionItem) => ({ id: s.id, name: s.name, slug: s.slug, path: s.path, parentId: s.parentId, position: s.position });

/** Editors rename tags and sections, change a tag's kind, add and reorder sections: the API and the page. */
export function taxonomyRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  const { database, clock } = deps;
  /** After the commit: this instance's caches at once (others read content_changes). */
  const announce = <T>(w: Written<T>) => {
    deps.changes.notify(w.changed, w.changeIds);
    return w.value;
  };

  app.patch('/api/v1/admin/tags/:id', { config: { rule: 'editor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const change = parseEditorInput(tagChange, req.body);
    const tag = announce(await updateTag(database, signedIn(req).user.id, id, change, clock()));
    return reply.headers(NO_STORE).send({ tag: presentTag(tag) });
  });

  app.post('/api/v1/admin/sections', { config: { rule: 'editor' } }, async (req, reply) => {
    const input = parseEditorInput(newSection, req.body);
    const section = announce(await createSection(database, signedIn(req).user.id, input, clock()));
    return reply.code(201).headers(NO_STORE).send({ section: presentSection(section) });
  });

  app.patch('/api/v1/admin/sections/:id', { config: { rule: 'editor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const change = parseEditorInput(sectionChange, req.body);
    const section = announce(await updateSection(database, signedIn(req).user.id, id, change, clock()));
    return reply.headers(NO_STORE).send({ section: presentSection(section) });
  });

  // The page's forms post here and are answered with a redirect back (or the page with the problem).
  void app.register(async (scope) => taxonomyPages(scope, deps, announce));
}

/** The form fields of a urlencoded POST, as strings ('' when absent). */
const field = (req: FastifyRequest, name: string): string => {
  const v = (req.body as Record<string, unknown> | null | undefined)?.[name];
  return typeof v === 'string' ? v : '';
};
/** A number field: absent or blank is undefined; anything else is left for the schema to judge. */
const numberField = (req: FastifyRequest, name: string): number | undefined => {
  const v = field(req, name).trim();
  return v === '' ? undefined : Number(v);
};

/** What a refused form says, in the editor's words, and its status. */
function formProblem(e: ShpaltaError, what: 'tag' | 'section'): [number, string] | null {
  const t = uk.taxonomy.errors;
  const f = e.location.field;
  if (e.code === 'CONFLICT') return [409, what === 'tag' ? t.tagTaken : t.sectionTaken];
  if (e.code === 'NOT_FOUND') return [404, uk.admin.errors.notFound];
  if (e.code !== 'INVALID_INPUT') return null;
  if (f === 'name') return [400, t.noName];
  if (f === 'kind') return [400, t.badKind];
  if (f === 'position') return [400, t.badPosition];
  if (f === 'parentId') return [400, t.noParent];
  return [400, uk.admin.errors.invalid];
}

function taxonomyPages(scope: FastifyInstance, deps: NewsroomDeps, announce: <T>(w: Written<T>) => T) {
  const db = deps.database.db;
  const t = uk.taxonomy;
  const ctx = (req: FastifyRequest): AdminContext => ({
    stylesheet: ADMIN_STYLESHEET_PATH,
    viewer: req.signedIn ? { name: req.signedIn.user.name, role: req.signedIn.user.role, csrfToken: req.signedIn.csrfToken } : null,
    now: deps.clock(),
  });
  const send = (reply: FastifyReply, body: string, status = 200) => reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);

  // Errors on these pages are answered as admin pages, like the rest of /admin.
  scope.setErrorHandler(async (error: FastifyError, req, reply) => {
    const [status, message] = adminErrorAnswer(error);
    if (status >= 500) req.log.error({ err: error }, 'taxonomy page failed');
    return send(reply, renderAdminError(ctx(req), message), status);
  });

  const page = async (req: FastifyRequest, reply: FastifyReply, s: Pick<TaxonomyPageState, 'q' | 'page' | 'done' | 'error'>, status = 200) => {
    const q = s.q.trim().slice(0, 200);
    const [sections, tags] = await Promise.all([sectionTree(db), listTags(db, { q, page: s.page })]);
    return send(reply, renderTaxonomyPage(ctx(req), { ...s, q, sections, tags: tags.items, hasNext: tags.hasNext }), status);
  };

  const DONE: Record<string, string> = { tag: t.done.tag, section: t.done.section, created: t.done.created };
  scope.get('/admin/taxonomy', { config: { rule: 'editor' } }, async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, string | undefined>;
    const n = Number(q.page);
    const done = DONE[q.done ?? ''];
    return page(req, reply, { q: q.q ?? '', page: Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1, ...(done ? { done } : {}) });
  });

  /** Runs one write from a form: 303 back to the page on success, the page with the problem otherwise. */
  const fromForm = async (req: FastifyRequest, reply: FastifyReply, what: 'tag' | 'section', write: () => Promise<{ id: number }>, done: string, q = '') => {
    try {
      const { id } = await write();
      const back = `/admin/taxonomy?${new URLSearchParams({ ...(q ? { q } : {}), done }).toString()}#${what}-${id}`;
      return reply.headers(PAGE_HEADERS).redirect(back, 303);
    } catch (e) {
      const problem = isShpaltaError(e) ? formProblem(e, what) : null;
      if (!problem) throw e;
      return page(req, reply, { q, page: 1, error: problem[1] }, problem[0]);
    }
  };

  scope.post('/admin/taxonomy/tags/:id', { config: { rule: 'editor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const q = field(req, 'q').slice(0, 200);
    return fromForm(req, reply, 'tag', async () => {
      const change = parseEditorInput(tagChange, { name: field(req, 'name'), ...(field(req, 'kind') ? { kind: field(req, 'kind') } : {}) });
      return announce(await updateTag(deps.database, signedIn(req).user.id, id, change, deps.clock()));
    }, 'tag', q);
  });

  scope.post('/admin/taxonomy/sections', { config: { rule: 'editor' } }, async (req, reply) =>
    fromForm(req, reply, 'section', async () => {
      const input = parseEditorInput(newSection, { name: field(req, 'name'), parentId: numberField(req, 'parentId') ?? null });
      return announce(await createSection(deps.database, signedIn(req).user.id, input, deps.clock()));
    }, 'created'),
  );

  scope.post('/admin/taxonomy/sections/:id', { config: { rule: 'editor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    return fromForm(req, reply, 'section', async () => {
      const position = numberField(req, 'position');
      const change = parseEditorInput(sectionChange, { name: field(req, 'name'), ...(position !== undefined ? { position } : {}) });
      return announce(await updateSection(deps.database, signedIn(req).user.id, id, change, deps.clock()));
    }, 'section');
  });
}
