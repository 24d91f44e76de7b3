import { createHash, randomBytes } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isShpaltaError } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../core/model.js';
import { atLeast } from '../../core/roles.js';
import { countUk } from '../../core/uk-format.js';
import { adminCss } from '../../render/admin/admin-css.js';
import { renderArticleList, renderDashboard } from '../../render/admin/article-pages.js';
import { renderAuditPage } from '../../render/admin/audit-page.js';
import { renderAdminError } from '../../render/admin/error-page.js';
import type { AdminContext } from '../../render/admin/layout.js';
import { renderLoginPage, type LoginForm } from '../../render/admin/login-page.js';
import { renderMediaPage, type MediaPageState } from '../../render/admin/media-page.js';
import { sameToken, signOutEverywhere } from '../../services/newsroom/auth.js';
import { listOwnWorkingCopies } from '../../services/newsroom/working-copy.js';
import { listAudit, listNewsroomArticles } from '../../storage/repositories/newsroom-lists.js';
import { MAX_PIXELS, uploadMedia } from '../../services/newsroom/media-upload.js';
import { readMultipartForm, type MultipartForm } from './media-routes.js';
import { listMedia } from '../../storage/repositories/media.js';
import type { NewsroomDeps } from './deps.js';
import { cookieOf, LOGIN_CSRF_COOKIE, SESSION_COOKIE, setOurCookie } from '../cookies.js';
import { crossSiteRefusal, signedIn } from './guard.js';
import { endSession, startSession } from './session-routes.js';
import { adminErrorAnswer } from './error-answer.js';
import { accountPages } from './account-pages.js';
import { field, NO_STORE, queryOf, type PageTools } from './page-tools.js';
import { userPages } from './user-pages.js';

const cssHash = createHash('sha256').update(adminCss).digest('hex').slice(0, 12);
/** The admin stylesheet's URL carries its hash, so it can be cached for a year. */
export const ADMIN_STYLESHEET_PATH = `/admin/assets/admin.${cssHash}.css`;

const LOGIN_TOKEN_SECONDS = 2 * 3600;

const pageParam = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

/**
 * Where to go after signing in: only a path of the newsroom itself (no other host, no scheme),
 * as the URL parser resolves it ('/admin/../x' is '/x', refused), and percent-encoded: a
 * Location header takes ASCII only, and '/admin/статті' would otherwise fail the answer that
 * carries the new session's cookie.
 */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || /[\\\s\p{Cc}]/u.test(next)) return '/admin';
  let url: URL;
  try {
    url = new URL(next, 'http://newsroom.invalid');
  } catch {
    return '/admin';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== 'http://newsroom.invalid' || !/^\/admin(?:[/?#]|$)/.test(path) || path.startsWith('/admin/logout') || !/^[\x21-\x7e]+$/.test(path)) return '/admin';
  return path;
}

export function adminPages(app: FastifyInstance, deps: NewsroomDeps) {
  // A scope of its own, so that errors on these pages are answered as admin pages, not the reader's 404.
  void app.register(async (scope) => {
    const ctx = (req: FastifyRequest): AdminContext => ({
      stylesheet: ADMIN_STYLESHEET_PATH,
      viewer: req.signedIn ? { name: req.signedIn.user.name, role: req.signedIn.user.role, csrfToken: req.signedIn.csrfToken } : null,
      now: deps.clock(),
    });
    const page = (reply: FastifyReply, body: string, status = 200) => reply.code(status).headers(NO_STORE).type('text/html; charset=utf-8').send(body);

    scope.setErrorHandler(async (error: FastifyError, req, reply) => {
      const [status, message] = adminErrorAnswer(error);
      if (status >= 500) req.log.error({ err: error }, 'admin page failed');
      return page(reply, renderAdminError(ctx(req), message), status);
    });

    scope.get(ADMIN_STYLESHEET_PATH, { config: { rule: 'anonymous' } }, async (_req, reply) =>
      reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(adminCss),
    );

    // Sign-in. The form is anonymous, so its CSRF token is a double submit: a random value in
    // the shpalta_login cookie and the same value in the form.
    const loginPage = (req: FastifyRequest, reply: FastifyReply, f: Omit<LoginForm, 'csrfToken'>, status = 200) => {
      const existing = cookieOf(req, LOGIN_CSRF_COOKIE);
      const token = existing && /^[\w-]{32,}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
      setOurCookie(reply, LOGIN_CSRF_COOKIE, token, LOGIN_TOKEN_SECONDS);
      return page(reply, renderLoginPage(ctx(req), { ...f, csrfToken: token }), status);
    };

    scope.get('/admin/login', { config: { rule: 'anonymous' } }, async (req, reply) => {
      const q = queryOf(req);
      const next = safeNext(q.next);
      if (req.signedIn) return reply.redirect(next, 303);
      const info = q.out === 'all' ? uk.admin.login.signedOutEverywhere : q.out ? uk.admin.login.signedOut : undefined;
      return loginPage(req, reply, { next, ...(info ? { info } : {}) });
    });

    scope.post('/admin/login', { config: { rule: 'anonymous' } }, async (req, reply) => {
      const t = uk.admin.login;
      const email = field(req, 'email').trim();
      const password = field(req, 'password');
      const next = safeNext(field(req, 'next'));
      if (crossSiteRefusal(req, deps.siteUrl)) return loginPage(req, reply, { next, email, error: t.crossSite }, 403);
      const expected = cookieOf(req, LOGIN_CSRF_COOKIE);
      const presented = field(req, '_csrf');
      if (!expected || !presented || !sameToken(presented, expected)) return loginPage(req, reply, { next, email, error: t.staleForm }, 403);
      if (!email || !password) return loginPage(req, reply, { next, email, error: t.missingFields }, 400);
      try {
        await startSession(deps, req, reply, email, password);
      } catch (e) {
        if (isShpaltaError(e) && e.code === 'BAD_CREDENTIALS') return loginPage(req, reply, { next, email, error: t.badCredentials }, 401);
        if (isShpaltaError(e) && e.code === 'TOO_MANY_ATTEMPTS') {
          const seconds = e.retryAfterSeconds ?? 60;
          reply.header('retry-after', String(seconds));
          const wait = seconds < 60 ? countUk(seconds, t.seconds) : countUk(Math.ceil(seconds / 60), t.minutes);
          return loginPage(req, reply, { next, email, error: t.tooManyAttempts(wait) }, 429);
        }
        throw e;
      }
      setOurCookie(reply, LOGIN_CSRF_COOKIE, '', 0);
      return reply.headers(NO_STORE).redirect(next, 303);
    });

    scope.post('/admin/logout', { config: { rule: 'contributor', beforePasswordChange: true } }, async (req, reply) => {
      await endSession(deps, req, reply);
      return reply.headers(NO_STORE).redirect('/admin/login?out=1', 303);
    });

    scope.post('/admin/logout-everywhere', { config: { rule: 'contributor', beforePasswordChange: true } }, async (req, reply) => {
      await signOutEverywhere(deps.database, signedIn(req).user.id);
      setOurCookie(reply, SESSION_COOKIE, '', 0);
      return reply.headers(NO_STORE).redirect('/admin/login?out=all', 303);
    });

    scope.get('/admin', { config: { rule: 'contributor' } }, async (req, reply) => {
      const { actor } = signedIn(req);
      const editor = atLeast(actor.role, 'editor');
      const t = uk.admin.dashboard;
      const list = (o: { status: ArticleStatus; mine?: boolean }) => listNewsroomArticles(deps.database, actor, { ...o, page: 1, pageSize: 8 });
      const [drafts, review, scheduled, published, copies] = await Promise.all([
        list({ status: 'draft', mine: true }),
        list({ status: 'review', mine: !editor }),
        list({ status: 'scheduled' }),
        list({ status: 'published' }),
        listOwnWorkingCopies(deps.database.db, actor.id, 8),
      ]);
      return page(
        reply,
        renderDashboard(ctx(req), [
          { title: t.myDrafts, items: drafts.items, more: '/admin/articles?status=draft&mine=1' },
          { title: editor ? t.awaitingReview : t.myAwaitingReview, items: review.items, more: `/admin/articles?status=review${editor ? '' : '&mine=1'}` },
          { title: t.scheduled, items: scheduled.items, more: '/admin/articles?status=scheduled' },
          { title: t.latestPublished, items: published.items, more: '/admin/articles?status=published' },
        ], copies.map((c) => ({ articleId: c.articleId, title: c.title, updatedAt: new Date(c.updatedAt), status: c.article?.status ?? null }))),
      );
    });

    scope.get('/admin/articles', { config: { rule: 'contributor' } }, async (req, reply) => {
      const q = queryOf(req);
      const status = ARTICLE_STATUSES.find((s) => s === q.status);
      const filters = { ...(status ? { status } : {}), mine: q.mine === '1', q: (q.q ?? '').trim().slice(0, 200), page: pageParam(q.page) };
      const r = await listNewsroomArticles(deps.database, signedIn(req).actor, { ...filters, q: filters.q || undefined });
      return page(reply, renderArticleList(ctx(req), filters, r.items, r.hasNext));
    });

    mediaPages(scope, deps, { ctx, page });
    userPages(scope, deps, { ctx, page });
    accountPages(scope, deps, { ctx, page });

    scope.get('/admin/audit', { config: { rule: 'editor' } }, async (req, reply) => {
      const p = pageParam(queryOf(req).page);
      const r = await listAudit(deps.database, { page: p });
      return page(reply, renderAuditPage(ctx(req), r.items, p, r.hasNext));
    });
  });
}


const MEDIA_PAGE_SIZE = 30;

/** A multipart form as the media page posts it: read before the guard so it sees `_csrf`. */
interface MediaForm {
  _csrf?: string;
  caption: string;
  credit: string;
  alt: string;
  file: { bytes: Buffer; name: string } | null;
  problem?: MultipartForm['problem'];
}

/**
 * Reads the upload form. The hidden `_csrf` comes first in the form, so it is read even when
 * the file then stops at the size limit; text fields after the file are then lost.
 */
async function readMediaForm(req: FastifyRequest): Promise<MediaForm> {
  const { file, fields, problem } = await readMultipartForm(req);
  return {
    ...(fields._csrf !== undefined ? { _csrf: fields._csrf } : {}),
    caption: fields.caption ?? '',
    credit: fields.credit ?? '',
    alt: fields.alt ?? '',
    file,
    ...(problem ? { problem } : {}),
  };
}

/** The media library: search, thumbnails, and an upload form that needs no script. */
function mediaPages(scope: FastifyInstance, deps: NewsroomDeps, { ctx, page }: PageTools) {
  const t = uk.admin.media;
  const maxUploadMb = Math.round((deps.maxUploadBytes / (1024 * 1024)) * 10) / 10;
  const mediaPage = async (req: FastifyRequest, reply: FastifyReply, s: Partial<MediaPageState>, status = 200) => {
    const q = (s.q ?? '').trim().slice(0, 200);
    const p = s.page ?? 1;
    const r = await listMedia(deps.database, { q, limit: MEDIA_PAGE_SIZE, offset: (p - 1) * MEDIA_PAGE_SIZE });
    return page(reply, renderMediaPage(ctx(req), { ...s, q, page: p, items: r.items, hasNext: r.hasNext, maxUploadMb }), status);
  };

  scope.get('/admin/media', { config: { rule: 'contributor' } }, async (req, reply) => {
    const q = queryOf(req);
    return mediaPage(req, reply, { q: q.q ?? '', page: pageParam(q.page), ...(q.uploaded === 'new' || q.uploaded === 'existing' ? { uploaded: q.uploaded } : {}) });
  });

  scope.post(
    '/admin/media',
    {
      config: { rule: 'contributor' },
      // Before the guard's preHandler: a multipart body is read here so that its `_csrf` is checked.
      // Only once the guard's onRequest has found a session with the role: an anonymous post is
      // answered before its body is read.
      preValidation: async (req) => {
        if (req.isMultipart() && req.signedIn) req.body = await readMediaForm(req);
      },
    },
    async (req, reply) => {
      const f = req.body as MediaForm | undefined;
      if (!f || typeof f !== 'object' || !('file' in f)) return mediaPage(req, reply, { error: t.noFile }, 400);
      const form = { caption: f.caption, credit: f.credit, alt: f.alt };
      if (f.problem === 'tooLarge') return mediaPage(req, reply, { error: t.tooLarge(maxUploadMb), form }, 413);
      if (f.problem || !f.file) return mediaPage(req, reply, { error: t.noFile, form }, 400);
      try {
        const { media, existing } = await uploadMedia(deps.database, deps.media, f.file.bytes, { name: f.file.name, ...form, uploader: signedIn(req).actor }, deps.clock(), { maxPixels: MAX_PIXELS });
        return reply.headers(NO_STORE).redirect(`/admin/media?uploaded=${existing ? 'existing' : 'new'}#media-${media.id}`, 303);
      } catch (e) {
        if (!isShpaltaError(e)) throw e;
        const [status, error] =
          e.code === 'UNSUPPORTED_MEDIA' ? [415, t.unsupported]
          : e.code === 'IMAGE_TOO_LARGE' ? [422, t.tooManyPixels]
          : e.code === 'MEDIA_STORE_UNAVAILABLE' ? [503, t.unavailable]
          : e.code === 'INVALID_INPUT' && e.location.field === 'credit' ? [400, t.noCredit]
          : e.code === 'INVALID_INPUT' && e.location.field === 'alt' ? [400, t.altRequired]
          : [0, ''];
        if (!status) throw e;
        return mediaPage(req, reply, { error, form }, status);
      }
    },
  );
}
