import { diffWords } from 'diff';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { uk } from '../../core/i18n/uk.js';
import { ShpaltaError, errors } from '../../core/errors.js';
import { ARTICLE_LIMITS as L } from '../../core/limits.js';
import { articlePath, type ArticleStatus, type Block } from '../../core/model.js';
import { bylineAllowed, transitionRefusal, TRANSITIONS, type Actor, type TransitionName } from '../../core/roles.js';
import { slugify } from '../../core/slug.js';
import type { Database } from '../../storage/database.js';
import { freeArticleSlug, getArticle, saveArticle, type ArticleInput } from '../../storage/repositories/articles.js';
import { recordChange } from '../../storage/repositories/listings.js';
import type { Schema } from '../../storage/schema.js';
import { dialectOf } from '../../storage/search/index-article.js';
import type { StoredAccess } from '../../storage/repositories/article-access.js';
import { fromDate, toDate, toFlag } from '../../storage/values.js';
import { authorizeArticle, linkLabels, readableIds, type ArticleAction } from './article-access.js';

const id = z.number().int().positive();
const text = (max: number) => z.string().max(max);
const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: text(L.paragraph) }),
  z.object({ type: z.literal('heading'), level: z.union([z.literal(2), z.literal(3)]), text: text(L.heading) }),
  z.object({ type: z.literal('quote'), text: text(L.quote), attribution: text(L.attribution).optional() }),
  z.object({
    type: z.literal('image'),
    mediaId: id,
    caption: text(L.caption).default(''),
    credit: z.string().trim().min(1, 'an image needs a credit').max(L.credit),
    alt: text(L.alt).default(''),
  }),
  z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(text(L.listItem)).max(L.listItems) }),
  z.object({ type: z.literal('embed'), url: z.string().url().max(L.embedUrl).refine((u) => /^https?:\/\//.test(u), uk.validation.url), title: text(L.embedTitle).optional() }),
]);

/** What the editor sends: the article's content and placement, never its status or version. Limits: core/limits.ts, which the imports check too. */
export const articleFields = z.object({
  title: z.string().trim().max(L.title).default(''),
  subtitle: z.string().trim().max(L.subtitle).nullable().default(null),
  lead: z.string().trim().max(L.lead).default(''),
  body: z.array(blockSchema).max(L.blocks).default([]),
  sectionId: id.nullable().default(null),
  authorIds: z.array(id).max(L.authors).default([]),
  tagIds: z.array(id).max(L.tags).default([]),
  source: z.string().trim().max(L.source).nullable().default(null),
  photo: z
    .object({
      mediaId: id,
      caption: z.string().trim().max(L.caption).default(''),
      credit: z.string().trim().min(1, 'the lead photo needs a credit').max(L.credit),
      alt: z.string().trim().max(L.alt).default(''),
    })
    .nullable()
    .default(null),
  recap: z.object({ paragraphs: z.array(z.string().trim().max(L.recapParagraph)).max(L.recapParagraphs), articleIds: z.array(id).max(L.recapLinks) }).nullable().default(null),
  isMain: z.boolean().default(false),
  isBreaking: z.boolean().default(false),
  /** Empty: made from the title. */
  slug: z.string().trim().max(L.slug).default(''),
});
export type ArticleFields = z.output<typeof articleFields>;

/** The editor's view of an article (docs/newsroom-api.md). */
export interface EditorArticle extends Omit<ArticleFields, 'slug'> {
  id: number;
  version: number;
  status: ArticleStatus;
  slug: string;
  publishedAt: string | null;
  createdBy: number | null;
  updatedAt: string;
  url: string;
}

/** Names for the ids a stored article holds, which the editor that meets it in a conflict may never have seen. */
export interface ConflictLabels {
  tags: Array<{ id: number; name: string; kind: string }>;
  articles: Array<{ id: number; title: string }>;
}

export const versionConflict = (current: EditorArticle, labels: ConflictLabels) => {
  const e = new ShpaltaError('VERSION_CONFLICT', `The article was changed by someone else (now version ${current.version}): merge or reload`, { field: 'baseVersion' });
  e.extra = { current, labels };
  return e;
};

/** Labels for a conflict: tag names, and the titles of only those linked articles the account may read. */
async function conflictLabels(db: Kysely<Schema>, actor: Actor, current: EditorArticle): Promise<ConflictLabels> {
  const [tags, articles] = await Promise.all([
    current.tagIds.length ? db.selectFrom('tags').select(['id', 'name', 'kind']).where('id', 'in', current.tagIds).execute() : [],
    linkLabels(db, actor, current.recap?.articleIds ?? []),
  ]);
  return { tags, articles };
}
const invalidTransition = (step: string, status: string) =>
  new ShpaltaError('INVALID_TRANSITION', `'${step}' does not apply to an article that is ${status}`, { field: 'step' });

/** The editor's fields of a stored article, as stored: nothing re-validated (an imported outlier stays manageable). */
export function fieldsOf(a: EditorArticle): ArticleFields {
  const { title, subtitle, lead, body, sectionId, authorIds, tagIds, source, photo, recap, isMain, isBreaking, slug } = a;
  return { title, subtitle, lead, body, sectionId, authorIds, tagIds, source, photo, recap, isMain, isBreaking, slug };
}

/**
 * What a writer below editor may put in the byline and the recap: their own name among the
 * authors (or the byline already stored), and links only to articles they may read (links
 * already stored are kept, whoever added them).
 */
async function checkWriterChoices(db: Kysely<Schema>, actor: Actor, f: ArticleFields, stored: { authorIds: number[]; recapIds: number[] }, o: { dropHiddenLinks?: boolean } = {}): Promise<ArticleFields> {
  if (!bylineAllowed(actor, f.authorIds, stored.authorIds)) {
    throw new ShpaltaError('FORBIDDEN', 'Only an editor may sign an article with other people’s bylines alone: add your own', { field: 'authorIds' });
  }
  const kept = new Set(stored.recapIds);
  const added = [...new Set(f.recap?.articleIds ?? [])].filter((i) => !kept.has(i));
  if (added.length === 0) return f;
  const readable = await readableIds(db, actor, added);
  const hidden = added.filter((i) => !readable.has(i));
  if (hidden.length === 0) return f;
  // A restore drops them, as it drops a deleted tag; a save names the first.
  if (o.dropHiddenLinks) return { ...f, recap: { ...f.recap!, articleIds: f.recap!.articleIds.filter((i) => !hidden.includes(i)) } };
  throw errors.invalidInput('recap.articleIds', `recap.articleIds: there is no article ${hidden[0]} you may link to`);
}

export async function loadEditorArticle(db: Kysely<Schema>, articleId: number): Promise<EditorArticle | null> {
  const [a, row] = await Promise.all([
    getArticle(db, articleId),
    db.selectFrom('articles').select(['version', 'created_by', 'photo_media_id', 'section_id']).where('id', '=', articleId).executeTakeFirst(),
  ]);
  if (!a || !row) return null;
  return {
    id: a.id,
    version: row.version,
    status: a.status,
    title: a.title,
    subtitle: a.subtitle,
    lead: a.lead,
    body: a.body.map((b) => (b.type === 'image' ? { type: 'image', mediaId: b.mediaId ?? 0, caption: b.caption ?? '', credit: b.credit ?? '', alt: b.alt ?? '' } : b)) as ArticleFields['body'],
    sectionId: row.section_id,
    authorIds: a.authors.map((x) => x.id),
    tagIds: a.tags.map((t) => t.id),
    source: a.source,
    photo: a.photo && row.photo_media_id ? { mediaId: row.photo_media_id, caption: a.photo.caption, credit: a.photo.credit, alt: a.photo.alt } : null,
    recap: a.recap,
    isMain: a.isMain,
    isBreaking: a.isBreaking,
    slug: a.slug,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    createdBy: row.created_by,
    updatedAt: a.updatedAt.toISOString(),
    url: articlePath(a),
  };
}

/** Every id the fields name exists: a clear error naming the field, before anything is written. */
async function checkReferences(db: Kysely<Schema>, f: ArticleFields) {
  const missing = async (table: 'sections' | 'authors' | 'tags' | 'media' | 'articles', ids: number[], field: string) => {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const found = new Set((await db.selectFrom(table).select('id').where('id', 'in', unique).execute()).map((r) => r.id));
    const gone = unique.find((i) => !found.has(i));
    if (gone !== undefined) throw errors.invalidInput(field, `${field}: there is no ${table.replace(/s$/, '')} ${gone}`);
  };
  await missing('sections', f.sectionId ? [f.sectionId] : [], 'sectionId');
  await missing('authors', f.authorIds, 'authorIds');
  await missing('tags', f.tagIds, 'tagIds');
  await missing('media', [...(f.photo ? [f.photo.mediaId] : []), ...f.body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : []))], 'photo.mediaId');
  await missing('articles', f.recap?.articleIds ?? [], 'recap.articleIds');
}

/** What saveArticle needs: the editor's fields over what the row keeps (status, times, import id). */
async function toInput(db: Kysely<Schema>, articleId: number | null, f: ArticleFields, keep: Pick<ArticleInput, 'status' | 'publishedAt' | 'publishedTimeKnown' | 'externalId' | 'sourceHash'>): Promise<ArticleInput> {
  const base = slugify(f.slug || f.title) || 'stattia';
  return {
    ...keep,
    slug: await freeArticleSlug(db, base, articleId),
    title: f.title,
    subtitle: f.subtitle || null,
    lead: f.lead,
    body: f.body as Block[],
    sectionId: f.sectionId,
    source: f.source || null,
    photo: f.photo,
    recap: f.recap && (f.recap.paragraphs.length || f.recap.articleIds.length) ? f.recap : null,
    isMain: f.isMain,
    isBreaking: f.isBreaking,
    authorIds: [...new Set(f.authorIds)],
    tagIds: [...new Set(f.tagIds)],
  };
}

async function keptOf(db: Kysely<Schema>, articleId: number) {
  const r = await db.selectFrom('articles').select(['status', 'published_at', 'published_time_known', 'external_id', 'source_hash']).where('id', '=', articleId).executeTakeFirstOrThrow();
  return {
    status: r.status as ArticleStatus,
    publishedAt: r.published_at ? toDate(r.published_at) : null,
    publishedTimeKnown: toFlag(r.published_time_known),
    externalId: r.external_id,
    sourceHash: r.source_hash,
  };
}

export interface WriteResult {
  article: EditorArticle;
  /** Cache keys to announce after the transaction (ChangeFeed.notify). */
  changed: string[];
}

export type RevisionKind = 'create' | 'save' | 'autosave' | 'restore' | 'status';

/**
 * Stores a revision of the article as it now is. Consecutive autosaves of one person within ten
 * minutes keep one revision (the latest), so that a long edit leaves a readable history.
 */
async function storeRevision(db: Kysely<Schema>, article: EditorArticle, userId: number | null, kind: RevisionKind, now: Date) {
  if (kind === 'autosave') {
    const last = await db.selectFrom('article_revisions').select(['id', 'kind', 'user_id', 'created_at']).where('article_id', '=', article.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last && last.kind === 'autosave' && last.user_id === userId && now.getTime() - toDate(last.created_at).getTime() < 10 * 60_000) {
      await db.updateTable('article_revisions').set({ version: article.version, snapshot: JSON.stringify(article), created_at: fromDate(now) }).where('id', '=', last.id).execute();
      return;
    }
  }
  await db
    .insertInto('article_revisions')
    .values({ article_id: article.id, version: article.version, user_id: userId, kind, snapshot: JSON.stringify(article), created_at: fromDate(now) })
    .execute();
}

export async function recordAudit(
  db: Kysely<Schema>,
  e: { userId: number | null; action: string; targetKind: string; targetId: number | null; details?: Record<string, unknown> },
  now: Date,
) {
  await db
    .insertInto('audit_log')
    .values({ at: fromDate(now), user_id: e.userId, action: e.action, target_kind: e.targetKind, target_id: e.targetId, details: JSON.stringify(e.details ?? {}) })
    .execute();
}

/** A new draft by this account; its byline defaults to the account's author. */
export async function createArticle(database: Database, actor: Actor, fields: ArticleFields, now: Date): Promise<WriteResult> {
  const f = { ...fields, authorIds: fields.authorIds.length ? fields.authorIds : actor.authorId ? [actor.authorId] : [] };
  return database.db.transaction().execute(async (trx) => {
    await checkReferences(trx, f);
    await checkWriterChoices(trx, actor, f, { authorIds: [], recapIds: [] });
    const input = await toInput(trx, null, f, { status: 'draft', publishedAt: null, publishedTimeKnown: true, externalId: null, sourceHash: null });
    const { id: articleId, changed } = await saveArticle(trx, null, input, now);
    await trx.updateTable('articles').set({ created_by: actor.id }).where('id', '=', articleId).execute();
    const article = (await loadEditorArticle(trx, articleId))!;
    await storeRevision(trx, article, actor.id, 'create', now);
    await recordAudit(trx, { userId: actor.id, action: 'article.create', targetKind: 'article', targetId: articleId, details: { title: article.title } }, now);
    await recordChange(trx, changed, now);
    return { article, changed };
  });
}

/** Locks the row for the rest of the transaction on PostgreSQL (SQLite writes one at a time). */
async function lockArticle(db: Kysely<Schema>, articleId: number) {
  if (dialectOf(db) === 'postgres') await sql`select id from articles where id = ${articleId} for update`.execute(db);
}

/**
 * A write to one article: the row locked, then whether the account may do this (before anything
 * of the article is compared or answered), then the version it started from, then the write.
 */
async function guardedWrite<T>(database: Database, actor: Actor, articleId: number, action: ArticleAction, baseVersion: number | null, run: (trx: Kysely<Schema>, access: StoredAccess) => Promise<T>): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    await lockArticle(trx, articleId);
    const access = await authorizeArticle(trx, actor, articleId, action);
    if (baseVersion !== null && access.version !== baseVersion) {
      const current = (await loadEditorArticle(trx, articleId))!;
      throw versionConflict(current, await conflictLabels(trx, actor, current));
    }
    return run(trx, access);
  });
}

/**
 * Saves the editor's fields over version `baseVersion`. A save over a newer version (someone
 * else saved meanwhile) is refused with VERSION_CONFLICT carrying the stored article, so the
 * editor can merge; nothing is overwritten silently.
 */
export async function saveEditorArticle(database: Database, actor: Actor, articleId: number, baseVersion: number, given: ArticleFields, kind: 'save' | 'autosave' | 'restore', now: Date): Promise<WriteResult> {
  return guardedWrite(database, actor, articleId, 'edit', baseVersion, async (trx, access) => {
    const stored = (await loadEditorArticle(trx, articleId))!;
    const fields = await checkWriterChoices(trx, actor, given, { authorIds: stored.authorIds, recapIds: stored.recap?.articleIds ?? [] }, { dropHiddenLinks: kind === 'restore' });
    await checkReferences(trx, fields);
    const input = await toInput(trx, articleId, fields, await keptOf(trx, articleId));
    const { changed } = await saveArticle(trx, articleId, input, now);
    await trx.updateTable('articles').set({ version: access.version + 1 }).where('id', '=', articleId).execute();
    const article = (await loadEditorArticle(trx, articleId))!;
    await storeRevision(trx, article, actor.id, kind, now);
    if (kind !== 'autosave') await recordAudit(trx, { userId: actor.id, action: kind === 'restore' ? 'article.restore' : 'article.save', targetKind: 'article', targetId: articleId, details: { version: article.version } }, now);
    await recordChange(trx, changed, now);
    return { article, changed };
  });
}

/** Why an article cannot go live yet, or null. */
function notReady(a: EditorArticle): ShpaltaError | null {
  if (!a.title.trim()) return errors.invalidInput('title', 'The article needs a headline before it is published');
  if (!a.lead.trim()) return errors.invalidInput('lead', 'The article needs a lead before it is published');
  if (!a.sectionId) return errors.invalidInput('sectionId', 'Choose a section before publishing');
  return null;
}

/** A workflow step (core/roles.ts TRANSITIONS); scheduling needs a time in the future. */
export async function transitionArticle(database: Database, actor: Actor, articleId: number, step: TransitionName, o: { at?: Date; baseVersion?: number }, now: Date): Promise<WriteResult> {
  return guardedWrite(database, actor, articleId, step, o.baseVersion ?? null, async (trx, access) => {
    if (transitionRefusal(actor, access, step) === 'status') throw invalidTransition(step, access.status);
    const current = (await loadEditorArticle(trx, articleId))!;
    const to = TRANSITIONS[step].to;
    let publishedAt = current.publishedAt ? new Date(current.publishedAt) : null;
    if (step === 'publish' || step === 'schedule') {
      const problem = notReady(current);
      if (problem) throw problem;
    }
    if (step === 'publish') {
      // First publication, or back from a schedule: now. Back from unpublished: its first time stays.
      if (!publishedAt || access.status === 'scheduled' || publishedAt > now) publishedAt = now;
    } else if (step === 'schedule') {
      if (!o.at || Number.isNaN(o.at.getTime())) throw errors.invalidInput('at', 'Scheduling needs a time');
      if (o.at.getTime() <= now.getTime()) throw errors.invalidInput('at', 'The scheduled time has passed: publish now or choose a later time');
      publishedAt = o.at;
    }
    const kept = await keptOf(trx, articleId);
    // A status change writes the fields as they are stored, never re-validated: a takedown of an
    // imported article longer than the editor allows must not fail.
    const input = await toInput(trx, articleId, fieldsOf(current), { ...kept, status: to, publishedAt, publishedTimeKnown: true });
    const { changed } = await saveArticle(trx, articleId, input, now);
    await trx.updateTable('articles').set({ version: access.version + 1 }).where('id', '=', articleId).execute();
    const article = (await loadEditorArticle(trx, articleId))!;
    await storeRevision(trx, article, actor.id, 'status', now);
    await recordAudit(trx, { userId: actor.id, action: `article.${step}`, targetKind: 'article', targetId: articleId, details: { from: access.status, to, ...(step === 'schedule' ? { at: publishedAt!.toISOString() } : {}) } }, now);
    await recordChange(trx, changed, now);
    return { article, changed };
  });
}

export interface RevisionSummary {
  id: number;
  version: number;
  kind: string;
  createdAt: Date;
  user: { id: number; name: string } | null;
}

export async function listRevisions(db: Kysely<Schema>, articleId: number): Promise<RevisionSummary[]> {
  const rows = await db
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.version', 'r.kind', 'r.created_at', 'u.id as user_id', 'u.name as user_name'])
    .where('r.article_id', '=', articleId)
    .orderBy('r.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, kind: r.kind, createdAt: toDate(r.created_at), user: r.user_id ? { id: r.user_id, name: r.user_name ?? '' } : null }));
}

export async function getRevision(db: Kysely<Schema>, articleId: number, revisionId: number): Promise<(RevisionSummary & { article: EditorArticle }) | null> {
  const r = await db
    .selectFrom('article_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.version', 'r.kind', 'r.created_at', 'r.snapshot', 'u.id as user_id', 'u.name as user_name'])
    .where('r.article_id', '=', articleId)
    .where('r.id', '=', revisionId)
    .executeTakeFirst();
  if (!r) return null;
  return { id: r.id, version: r.version, kind: r.kind, createdAt: toDate(r.created_at), user: r.user_id ? { id: r.user_id, name: r.user_name ?? '' } : null, article: JSON.parse(r.snapshot) as EditorArticle };
}

/** Plain text of a field for comparing versions. */
function fieldText(a: EditorArticle, field: string): string {
  switch (field) {
    case 'body':
      return a.body
        .map((b) => {
          switch (b.type) {
            case 'paragraph':
            case 'heading':
              return b.text;
            case 'quote':
              return `«${b.text}»${b.attribution ? ` — ${b.attribution}` : ''}`;
            case 'image':
              return `[фото ${b.mediaId}: ${b.caption} / ${b.credit}]`;
            case 'list':
              return b.items.map((i) => `• ${i}`).join('\n');
            case 'embed':
              return `[${b.url}]`;
          }
        })
        .join('\n\n');
    case 'photo':
      return a.photo ? `[фото ${a.photo.mediaId}] ${a.photo.caption} / ${a.photo.credit} / ${a.photo.alt}` : '';
    case 'recap':
      return a.recap ? [...a.recap.paragraphs, ...a.recap.articleIds.map((i) => `→ ${i}`)].join('\n') : '';
    default: {
      const v = (a as unknown as Record<string, unknown>)[field];
      return Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v);
    }
  }
}

/** Ukrainian words: jsdiff's own tokenizer knows Latin letters only. */
const WORDS = new Intl.Segmenter('uk', { granularity: 'word' });

export const DIFF_FIELDS = ['title', 'subtitle', 'lead', 'body', 'sectionId', 'authorIds', 'tagIds', 'source', 'photo', 'recap', 'isMain', 'isBreaking', 'slug', 'status'] as const;

/** Word-level differences, field by field, from `older` to `newer`; unchanged fields left out. */
export function diffArticles(older: EditorArticle, newer: EditorArticle) {
  return DIFF_FIELDS.flatMap((field) => {
    const a = fieldText(older, field);
    const b = fieldText(newer, field);
    if (a === b) return [];
    return [{ field, parts: diffWords(a, b, { intlSegmenter: WORDS }).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) })) }];
  });
}

/** Restores a revision's content as a new version (the status stays as it is). */
export async function restoreRevision(database: Database, actor: Actor, articleId: number, revisionId: number, baseVersion: number, now: Date): Promise<WriteResult> {
  // Whether the account may change the article is decided before the revision is even looked for.
  await authorizeArticle(database.db, actor, articleId, 'edit');
  const rev = await getRevision(database.db, articleId, revisionId);
  if (!rev) throw errors.notFound(`Revision ${revisionId} of article ${articleId}`);
  // As stored, not re-validated (an imported outlier's revision restores too); fields an older
  // snapshot lacks take their defaults.
  const f = fieldsOf({ ...articleFields.parse({}), ...rev.article });
  // References that are gone since (a deleted tag) are dropped rather than failing the restore;
  // so are links the account may not read (saveEditorArticle).
  const exists = async (table: 'tags' | 'authors', ids: number[]) =>
    ids.length ? new Set((await database.db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id)) : new Set<number>();
  const [tags, authors] = await Promise.all([exists('tags', f.tagIds), exists('authors', f.authorIds)]);
  return saveEditorArticle(database, actor, articleId, baseVersion, { ...f, tagIds: f.tagIds.filter((i) => tags.has(i)), authorIds: f.authorIds.filter((i) => authors.has(i)) }, 'restore', now);
}

/** "I have it open": records it and returns who else has had it open in the last 30 seconds. */
export async function touchPresence(db: Kysely<Schema>, articleId: number, userId: number, now: Date): Promise<Array<{ id: number; name: string }>> {
  await db
    .insertInto('article_presence')
    .values({ article_id: articleId, user_id: userId, seen_at: fromDate(now) })
    .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ seen_at: fromDate(now) }))
    .execute();
  return othersEditing(db, articleId, userId, now);
}

export async function othersEditing(db: Kysely<Schema>, articleId: number, userId: number, now: Date) {
  return db
    .selectFrom('article_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.name'])
    .where('p.article_id', '=', articleId)
    .where('p.user_id', '!=', userId)
    .where('p.seen_at', '>', fromDate(new Date(now.getTime() - 30_000)))
    .orderBy('u.name')
    .execute();
}
