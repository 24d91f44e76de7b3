import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errors } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import { canEdit, mayFlag, ROLES, TRANSITIONS } from '../../core/roles.js';
import { renderArticlePage } from '../../render/article-page.js';
import { editorCss } from '../../render/admin/editor-css.js';
import { renderEditorPage, type EditorBoot } from '../../render/admin/editor-page.js';
import { renderAdminError } from '../../render/admin/error-page.js';
import { authorizeArticle, linkLabels } from '../../services/newsroom/article-access.js';
import { lastReturn, loadEditorArticle, othersEditing } from '../../services/newsroom/articles.js';
import { orphanedWorkingCopy, previewArticle, readWorkingCopy } from '../../services/newsroom/working-copy.js';
import { getArticle } from '../../storage/repositories/articles.js';
import { parseEditorInput } from '../validate.js';
import { adminErrorAnswer } from './error-answer.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn, type SignedIn } from './guard.js';
import { ADMIN_STYLESHEET_PATH } from './pages.js';
import { NO_STORE } from './page-tools.js';
import { articleLinks } from '../../services/public-content.js';
import { linkedArticles } from '../../core/rich-text.js';

const editorCssHash = createHash('sha256').update(editorCss).digest('hex').slice(0, 12);
export const EDITOR_STYLESHEET_PATH = `/admin/assets/editor.${editorCssHash}.css`;
/**
 * The compiled browser code (tsconfig.client.json: src/ to dist/browser/, beside dist/src/) is
 * served under one prefix with the source tree's layout, so that the editor's imports of the
 * shared modules (../../core/kyiv-time.js) resolve in the browser as they do for the compiler.
 */
const SCRIPTS_PREFIX = '/admin/assets/js/';
export const EDITOR_SCRIPT_PATH = `${SCRIPTS_PREFIX}admin-client/editor.js`;
const CLIENT_DIR = new URL('../../../browser/', import.meta.url);
/** A module or its source map: lower-case path segments only, so nothing outside dist/browser is named. */
const SCRIPT_FILE = /^(?:[a-z][a-z0-9-]*\/)*[a-z][a-z0-9-]*\.js(?:\.map)?$/;
const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/**
 * The article editor's pages: the shell at /admin/articles/new and /admin/articles/:id (the
 * script builds the UI and saves through the JSON API), the preview of the stored state, and
 * the editor's script and stylesheet. A new article is created by the script's first save
 * (POST /api/v1/admin/articles), not on opening the page: opening it twice makes no empty drafts.
 */
export function editorPages(app: FastifyInstance, deps: NewsroomDeps) {
  // A scope of its own, so that a missing or forbidden article is answered with a newsroom page
  // that no cache keeps, not with the reader's 404.
  void app.register(async (scope) => editorRoutes(scope, deps));
}

/** The newsroom's error page for the editor's routes (the same words as the other admin pages). */
function errorPage(deps: NewsroomDeps) {
  return async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const [status, message] = adminErrorAnswer(error, { badInputIsMissing: true });
    if (status >= 500) req.log.error({ err: error }, 'editor page failed');
    const s = req.signedIn;
    const ctx = { stylesheet: ADMIN_STYLESHEET_PATH, viewer: s ? { name: s.user.name, role: s.user.role, csrfToken: s.csrfToken } : null, now: deps.clock() };
    return reply.code(status).headers(NO_STORE).type('text/html; charset=utf-8').send(renderAdminError(ctx, message));
  };
}

function editorRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  const { database } = deps;
  app.setErrorHandler(errorPage(deps));

  const boot = async (s: SignedIn, articleId: number | null): Promise<EditorBoot> => {
    const base = {
      csrfToken: s.csrfToken,
      mayFlag: mayFlag(s.actor),
      user: { id: s.user.id, name: s.user.name, role: s.user.role, authorId: s.user.authorId },
      siteUrl: deps.siteUrl,
      transitions: TRANSITIONS,
      roles: ROLES,
      statuses: uk.admin.statuses,
      tagKinds: uk.tagKinds,
      strings: uk.editor,
    };
    if (articleId === null) return { ...base, article: null, editable: true, editors: [], tags: [], recapArticles: [], workingCopy: null, returned: null };
    const access = await authorizeArticle(database.db, s.actor, articleId, 'read');
    const [article, stored, editors, workingCopy, returned] = await Promise.all([
      loadEditorArticle(database.db, articleId),
      getArticle(database.db, articleId),
      othersEditing(database.db, articleId, s.user.id, deps.clock()),
      readWorkingCopy(database.db, s.actor, articleId),
      lastReturn(database.db, articleId),
    ]);
    if (!article || !stored) throw errors.notFound(`Article ${articleId}`);
    // Linked articles the account may not read are shown by number only, never by title.
    const recapArticles = await linkLabels(database.db, s.actor, linkedArticles(article));
    return {
      ...base,
      article,
      editable: canEdit(s.actor, access),
      editors,
      tags: stored.tags.map((t) => ({ id: t.id, name: t.name, kind: t.kind })),
      recapArticles,
      workingCopy,
      returned: returned && article.status === 'draft' ? { by: returned.by, byGender: returned.byGender, at: returned.at.toISOString(), reason: returned.reason } : null,
    };
  };

  const page = (reply: FastifyReply, body: string) => reply.headers(NO_STORE).type('text/html; charset=utf-8').send(body);
  const shell = (b: EditorBoot) => renderEditorPage({ adminStylesheet: ADMIN_STYLESHEET_PATH, editorStylesheet: EDITOR_STYLESHEET_PATH, script: EDITOR_SCRIPT_PATH, boot: b });

  app.get('/admin/articles/new', { config: { rule: 'contributor' } }, async (req, reply) => page(reply, shell(await boot(signedIn(req), null))));

  app.get('/admin/articles/:id', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const s = signedIn(req);
    // Unpublished changes outlive an article deleted meanwhile: their owner gets them back as a new draft.
    const orphan = await orphanedWorkingCopy(database.db, s.actor, id);
    if (orphan) return page(reply, shell({ ...(await boot(s, null)), workingCopy: orphan }));
    return page(reply, shell(await boot(s, id)));
  });

  // The article as readers would see it, from what is stored (whatever its status) with the
  // viewer's own unpublished changes in place: what 'Оновити' would publish. Never cached.
  app.get('/admin/articles/:id/preview', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const s = signedIn(req);
    await authorizeArticle(database.db, s.actor, id, 'read');
    const [site, article] = await Promise.all([deps.site.load(), previewArticle(database.db, s.user.id, id)]);
    if (!article) throw errors.notFound(`Article ${id}`);
    // Links print as readers would get them: to published articles only.
    const links = await articleLinks(database, [article]);
    return page(reply.header('x-robots-tag', 'noindex'), renderArticlePage(site, article, links.paths));
  });

  app.get(EDITOR_STYLESHEET_PATH, { config: { rule: 'contributor' } }, async (_req, reply) =>
    reply.header('cache-control', 'private, max-age=31536000, immutable').type('text/css; charset=utf-8').send(editorCss),
  );

  // The script and its modules: revalidated on every load (ETag), so a deploy reaches every editor at once.
  const script = (req: FastifyRequest, reply: FastifyReply, file: string) => {
    const asset = clientAsset(file);
    if (!asset) throw errors.notFound('Script');
    reply.headers({ 'cache-control': 'private, no-cache', etag: asset.etag, 'x-content-type-options': 'nosniff' });
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(file.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8').send(asset.body);
  };
  app.get<{ Params: { '*': string } }>(`${SCRIPTS_PREFIX}*`, { config: { rule: 'contributor' } }, async (req, reply) => {
    const file = req.params['*'];
    if (!SCRIPT_FILE.test(file)) throw errors.notFound('Script');
    return script(req, reply, file);
  });
}

/** A compiled client file and its ETag; read once (the build does not change under a running server). */
const assets = new Map<string, { body: Buffer; etag: string } | null>();
function clientAsset(file: string): { body: Buffer; etag: string } | null {
  if (!assets.has(file)) {
    let body: Buffer | null = null;
    try {
      body = fs.readFileSync(new URL(file, CLIENT_DIR));
    } catch {
      body = null;
    }
    assets.set(file, body ? { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` } : null);
  }
  return assets.get(file)!;
}
