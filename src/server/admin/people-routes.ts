import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GENDERS } from '../../core/gender.js';
import { NAME_LIMITS } from '../../core/limits.js';
import { articlePath, TAG_KINDS } from '../../core/model.js';
import { ROLES } from '../../core/roles.js';
import { changeUser, createUser, generatePassword } from '../../services/newsroom/auth.js';
import { listAudit } from '../../storage/repositories/newsroom-lists.js';
import { search } from '../../services/search.js';
import { addTag } from '../../services/newsroom/taxonomy.js';
import { allAuthors } from '../../storage/repositories/people-and-tags.js';
import { allSections } from '../../storage/repositories/sections.js';
import { listUsers } from '../../storage/repositories/users.js';
import { suggestNames } from '../../storage/search/names.js';
import { parseEditorInput } from '../validate.js';
import type { NewsroomDeps } from './deps.js';
import { signedIn } from './guard.js';
import { presentUser } from './session-routes.js';

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });
const typedQuery = z.object({ q: z.string().max(200).default('') });
const newTag = z.object({ name: z.string().trim().min(1).max(NAME_LIMITS.tag), kind: z.enum(TAG_KINDS) });
const newUser = z.object({
  email: z.string().trim().max(320),
  // The account's name is its byline's.
  name: z.string().trim().min(1).max(NAME_LIMITS.author),
  role: z.enum(ROLES),
  password: z.string().min(1).max(1000).optional(),
  /** The byline: an author no account signs with yet; absent or null, a new author of this name. */
  authorId: z.number().int().positive().nullable().optional(),
});
const userChange = z.object({ name: z.string().trim().min(1).max(NAME_LIMITS.author).optional(), role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), gender: z.enum(GENDERS).optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Sections, authors, tags, the recap's article search, accounts and the audit log. */
export function peopleAdminRoutes(app: FastifyInstance, deps: NewsroomDeps) {
  const { database, clock } = deps;
  const db = database.db;
  const noStore = { 'cache-control': 'no-store' };

  app.get('/api/v1/admin/sections', { config: { rule: 'contributor' } }, async (_req, reply) => {
    return reply.headers(noStore).send({ items: await allSections(db) });
  });

  app.get('/api/v1/admin/authors', { config: { rule: 'contributor' } }, async (_req, reply) => {
    return reply.headers(noStore).send({ items: await allAuthors(db) });
  });

  app.get('/api/v1/admin/tags', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { q } = parseEditorInput(typedQuery, req.query);
    const found = q.trim() ? (await suggestNames(db, q, 30)).filter((s) => s.kind === 'tag') : [];
    return reply.headers(noStore).send({ items: found.map((t) => ({ id: t.id, name: t.name, kind: t.type })) });
  });

  // Anyone who writes may add a tag while tagging; renaming and merging are an editor's.
  app.post('/api/v1/admin/tags', { config: { rule: 'contributor' } }, async (req, reply) => {
    const t = parseEditorInput(newTag, req.body);
    const tag = await addTag(database, signedIn(req).user.id, { name: t.name, kind: t.kind }, clock());
    return reply.code(201).send({ tag: { id: tag.id, name: tag.name, kind: tag.kind } });
  });

  app.get('/api/v1/admin/recap-search', { config: { rule: 'contributor' } }, async (req, reply) => {
    const { q } = parseEditorInput(typedQuery, req.query);
    if (!q.trim()) return reply.headers(noStore).send({ items: [] });
    const r = await search(database, { q, page: 1, sort: 'relevance' });
    return reply.headers(noStore).send({
      items: r.items.map(({ article: a }) => ({ id: a.id, title: a.title, publishedAt: a.publishedAt?.toISOString() ?? null, url: articlePath(a) })),
    });
  });

  app.get('/api/v1/admin/users', { config: { rule: 'admin' } }, async (_req, reply) => {
    return reply.headers(noStore).send({ items: (await listUsers(db)).map(presentUser) });
  });

  app.post('/api/v1/admin/users', { config: { rule: 'admin' } }, async (req, reply) => {
    const u = parseEditorInput(newUser, req.body);
    const password = u.password ?? generatePassword();
    const now = clock();
    const user = await createUser(database, { email: u.email, name: u.name, role: u.role, password, authorId: u.authorId ?? null, mustChangePassword: !u.password }, now, { by: signedIn(req).user.id });
    // A generated password is shown this once (it is stored only as its hash) and must be changed at the first sign-in.
    return reply.code(201).headers(noStore).send({ user: presentUser(user), ...(u.password ? {} : { password }) });
  });

  app.patch('/api/v1/admin/users/:id', { config: { rule: 'admin' } }, async (req, reply) => {
    const { id } = parseEditorInput(idParams, req.params);
    const change = parseEditorInput(userChange, req.body);
    const user = await changeUser(database, signedIn(req).user, id, change, clock());
    return reply.headers(noStore).send({ user: presentUser(user) });
  });

  app.get('/api/v1/admin/audit', { config: { rule: 'editor' } }, async (req, reply) => {
    const { page } = parseEditorInput(pageQuery, req.query);
    const r = await listAudit(database, { page });
    return reply.headers(noStore).send({ items: r.items.map((i) => ({ ...i, at: i.at.toISOString() })), hasNext: r.hasNext });
  });
}
