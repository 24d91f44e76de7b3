import type { Kysely } from 'kysely';
import { blockMediaIds, socialFields } from '../../core/block-media.js';
import { ShpaltaError, errors } from '../../core/errors.js';
import { uk } from '../../core/i18n/uk.js';
import { articlePath, type Block } from '../../core/model.js';
import { bylineAllowed, flagsAllowed, transitionRefusal, TRANSITIONS, type Actor, type Flags, type TransitionName } from '../../core/roles.js';
import { articleRichTexts, linkedArticleIds, linkedArticles, mapBlockRichText, withoutLinksTo } from '../../core/rich-text.js';
import type { RichText } from '../../contract/model.js';
import { slugify } from '../../core/slug.js';
import { inTransaction, type Database } from '../../storage/database.js';
import type { Store } from '../../storage/engine.js';
import type { StoredAccess } from '../../storage/repositories/article-access.js';
import type { ReferencedTable } from '../../storage/repositories/article-editing.js';
import { existingIds, existingReferences, keptColumns, setArticleStatus, tagLabels } from '../../storage/repositories/article-editing.js';
import type { WriteOutcome } from '../../storage/repositories/article-writes.js';
import { freeArticleSlug, getArticleRecord, saveArticle, type ArticleInput } from '../../storage/repositories/articles.js';
import { recordAudit } from '../../storage/repositories/audit.js';
import { getRevision as storedRevision, storeRevision, type RevisionKind, type RevisionSummary } from '../../storage/repositories/revisions.js';
import type { Schema } from '../../storage/schema.js';
import { allSections } from '../../storage/repositories/sections.js';
import { authorNamesByIds } from '../../storage/repositories/people-and-tags.js';
import { articleFields, type ArticleFields, type ConflictLabels, type EditorArticle } from './article-form.js';
import { diffArticles } from './revision-diff.js';
import { authorizeArticle, authorizeWrite, linkLabels, readableIds, type ArticleAction } from './article-access.js';

/** The editor shows these to the writer: in Ukrainian. */
const E = uk.newsroomErrors;

export { articleFields, type ArticleFields, type ConflictLabels, type EditorArticle } from './article-form.js';
export { DIFF_FIELDS } from './revision-diff.js';
export { listRevisions, type RevisionKind, type RevisionSummary } from '../../storage/repositories/revisions.js';
export { othersEditing, touchPresence } from '../../storage/repositories/presence.js';
export { lastReturn } from '../../storage/repositories/audit.js';

/** Labels for a conflict: tag names, and the titles of only those linked articles the account may read. */
async function conflictLabels(db: Kysely<Schema>, actor: Actor, current: EditorArticle): Promise<ConflictLabels> {
  const [tags, articles] = await Promise.all([tagLabels(db, current.tagIds), linkLabels(db, actor, linkedArticles(current))]);
  return { tags, articles };
}

/** The editor's fields of a stored article, as stored: nothing re-validated (an imported outlier stays manageable). */
export function fieldsOf(a: EditorArticle): ArticleFields {
  const { title, subtitle, lead, body, sectionId, authorIds, tagIds, source, photo, recap, isMain, isBreaking, slug } = a;
  return { title, subtitle, lead, body, sectionId, authorIds, tagIds, source, photo, recap, isMain, isBreaking, slug };
}

/**
 * What a writer below editor may put in the byline, the flags and the links (the recap's and
 * the text's): their own name among the authors (or the byline already stored), the front
 * page's flags as stored, and links only to articles they may read (links already stored are
 * kept, whoever added them). A restore keeps the stored flags and drops such links (a link in
 * the text keeps its words) rather than failing.
 */
async function checkWriterChoices(db: Kysely<Schema>, actor: Actor, given: ArticleFields, stored: Flags & { authorIds: number[]; linkIds: number[] }, o: { restoring?: boolean } = {}): Promise<ArticleFields> {
  if (!bylineAllowed(actor, given.authorIds, stored.authorIds)) {
    throw errors.forbidden(E.otherBylines, 'authorIds');
  }
  let f = given;
  const flag = flagsAllowed(actor, f, stored);
  if (flag && o.restoring) f = { ...f, isMain: stored.isMain, isBreaking: stored.isBreaking };
  else if (flag) throw errors.forbidden(E.flags, flag);
  const kept = new Set(stored.linkIds);
  const added = linkedArticles(f).filter((i) => !kept.has(i));
  if (added.length === 0) return f;
  const readable = await readableIds(db, actor, added);
  const hidden = added.filter((i) => !readable.has(i));
  if (hidden.length === 0) return f;
  // A restore drops them, as it drops a deleted tag; a save names the first.
  if (o.restoring) {
    const gone = new Set(hidden);
    const unlink = (rt: RichText) => withoutLinksTo(rt, gone);
    return { ...f, body: f.body.map((b) => mapBlockRichText(b, unlink)), recap: f.recap && { paragraphs: f.recap.paragraphs.map(unlink), articleIds: f.recap.articleIds.filter((i) => !gone.has(i)) } };
  }
  const field = f.recap?.articleIds.includes(hidden[0]!) ? 'recap.articleIds' : 'body';
  throw errors.invalidInput(field, `${field}: ${E.noLink(hidden[0]!)}`);
}

export async function loadEditorArticle(db: Kysely<Schema>, articleId: number): Promise<EditorArticle | null> {
  const record = await getArticleRecord(db, articleId);
  if (!record) return null;
  const { article: a, editor: row } = record;
  return {
    id: a.id,
    version: row.version,
    status: a.status,
    title: a.title,
    subtitle: a.subtitle,
    lead: a.lead,
    body: a.body.map((b) => (b.type === 'image' ? { type: 'image', mediaId: b.mediaId ?? 0, caption: b.caption ?? '', credit: b.credit ?? '', alt: b.alt ?? '' } : b.type === 'social' ? socialFields(b) : b)) as ArticleFields['body'],
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
  const named: Array<[ReferencedTable, number[], string]> = [
    ['sections', f.sectionId ? [f.sectionId] : [], 'sectionId'],
    ['authors', f.authorIds, 'authorIds'],
    ['tags', f.tagIds, 'tagIds'],
    ['media', [...(f.photo ? [f.photo.mediaId] : []), ...f.body.flatMap((b) => blockMediaIds(b as Block))], 'photo.mediaId'],
    ['articles', f.recap?.articleIds ?? [], 'recap.articleIds'],
    ['articles', linkedArticleIds(articleRichTexts(f.body as Block[], f.recap)), 'body'],
  ];
  const existing = await existingReferences(db, named.map(([table, ids]) => [table, ids]));
  for (const [table, ids, field] of named) {
    const gone = ids.find((id) => !existing.get(table)!.has(id));
    if (gone !== undefined) throw errors.invalidInput(field, E.noRecord(field, gone));
  }
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

/** The article as written, and what to announce after the transaction (ChangeFeed.announce). */
export interface WriteResult extends WriteOutcome {
  article: EditorArticle;
}

/** A new draft by this account; its byline defaults to the account's author. */
export async function createArticle(database: Database, actor: Actor, fields: ArticleFields, now: Date): Promise<WriteResult> {
  const f = { ...fields, authorIds: fields.authorIds.length ? fields.authorIds : actor.authorId ? [actor.authorId] : [] };
  return inTransaction(database, async (tx) => {
    const trx = tx.db;
    await checkReferences(trx, f);
    await checkWriterChoices(trx, actor, f, { authorIds: [], linkIds: [], isMain: false, isBreaking: false });
    const input = await toInput(trx, null, f, { status: 'draft', publishedAt: null, publishedTimeKnown: true, externalId: null, sourceHash: null });
    const { id: articleId, ...outcome } = await saveArticle(tx, null, { ...input, createdBy: actor.id }, now);
    const article = (await loadEditorArticle(trx, articleId))!;
    await keepRevision(trx, article, actor.id, 'create', now);
    await recordAudit(trx, { userId: actor.id, action: 'article.create', targetKind: 'article', targetId: articleId, details: { title: article.title } }, now);
    return { article, ...outcome };
  });
}

/**
 * A write to one article: the row locked, then whether the account may do this (before anything
 * of the article is compared or answered), then the version it started from, then the write.
 */
async function guardedWrite<T>(database: Database, actor: Actor, articleId: number, action: ArticleAction, baseVersion: number | null, run: (tx: Store, access: StoredAccess) => Promise<T>): Promise<T> {
  return inTransaction(database, async (tx) => {
    const trx = tx.db;
    const access = await authorizeWrite(tx, actor, articleId, action);
    if (baseVersion !== null && access.version !== baseVersion) {
      const current = (await loadEditorArticle(trx, articleId))!;
      throw errors.versionConflict(current.version, { current, labels: await conflictLabels(trx, actor, current) });
    }
    return run(tx, access);
  });
}

/**
 * Saves the editor's fields over version `baseVersion`. A save over a newer version (someone
 * else saved meanwhile) is refused with VERSION_CONFLICT carrying the stored article, so the
 * editor can merge; nothing is overwritten silently.
 */
export async function saveEditorArticle(database: Database, actor: Actor, articleId: number, baseVersion: number, given: ArticleFields, kind: 'save' | 'autosave' | 'restore', now: Date): Promise<WriteResult> {
  return guardedWrite(database, actor, articleId, 'edit', baseVersion, async (tx, access) => {
    const trx = tx.db;
    const stored = (await loadEditorArticle(trx, articleId))!;
    const fields = await checkWriterChoices(trx, actor, given, { authorIds: stored.authorIds, linkIds: linkedArticles(stored), isMain: stored.isMain, isBreaking: stored.isBreaking }, { restoring: kind === 'restore' });
    await checkReferences(trx, fields);
    const input = await toInput(trx, articleId, fields, await keptColumns(trx, articleId));
    const outcome = await saveArticle(tx, articleId, { ...input, version: access.version + 1 }, now);
    const article = (await loadEditorArticle(trx, articleId))!;
    await keepRevision(trx, article, actor.id, kind, now);
    if (kind !== 'autosave') await recordAudit(trx, { userId: actor.id, action: kind === 'restore' ? 'article.restore' : 'article.save', targetKind: 'article', targetId: articleId, details: { version: article.version } }, now);
    return { article, ...outcome };
  });
}

/** Why an article cannot go live yet, or null. */
function notReady(a: EditorArticle): ShpaltaError | null {
  if (!a.title.trim()) return errors.invalidInput('title', E.needsTitle);
  if (!a.lead.trim()) return errors.invalidInput('lead', E.needsLead);
  if (!a.sectionId) return errors.invalidInput('sectionId', E.needsSection);
  return null;
}

/** A workflow step (core/roles.ts TRANSITIONS); scheduling needs a time in the future. */
export async function transitionArticle(database: Database, actor: Actor, articleId: number, step: TransitionName, o: { at?: Date; baseVersion?: number; reason?: string }, now: Date): Promise<WriteResult> {
  return guardedWrite(database, actor, articleId, step, o.baseVersion ?? null, async (tx, access) => {
    const trx = tx.db;
    if (transitionRefusal(actor, access, step) === 'status') throw errors.invalidTransition(step, access.status);
    const current = (await loadEditorArticle(trx, articleId))!;
    const to = TRANSITIONS[step].to;
    let publishedAt = current.publishedAt ? new Date(current.publishedAt) : null;
    if (step === 'publish' || step === 'schedule') {
      const problem = notReady(current);
      if (problem) throw problem;
    }
    // An article goes back with a word on why: its author sees it in the editor.
    if (step === 'reject' && !o.reason?.trim()) throw errors.invalidInput('reason', E.needsReason);
    if (step === 'publish') {
      // First publication, or back from a schedule: now. Back from unpublished: its first time stays.
      if (!publishedAt || access.status === 'scheduled' || publishedAt > now) publishedAt = now;
    } else if (step === 'schedule') {
      if (!o.at || Number.isNaN(o.at.getTime())) throw errors.invalidInput('at', E.needsTime);
      if (o.at.getTime() <= now.getTime()) throw errors.invalidInput('at', E.timePassed);
      publishedAt = o.at;
    } else if (step === 'unschedule') {
      // Called off: a draft has no time of publication.
      publishedAt = null;
    }
    // A status change writes nothing of the fields, never re-validated: a takedown of an imported
    // article longer than the editor allows must not fail.
    const version = access.version + 1;
    const outcome = await setArticleStatus(tx, articleId, { status: to, publishedAt, version }, { status: access.status, isBreaking: current.isBreaking }, now);
    // As loadEditorArticle would now read it: only these change.
    const article: EditorArticle = { ...current, status: to, version, publishedAt: publishedAt?.toISOString() ?? null, updatedAt: now.toISOString() };
    await keepRevision(trx, article, actor.id, 'status', now);
    await recordAudit(trx, { userId: actor.id, action: `article.${step}`, targetKind: 'article', targetId: articleId, details: { from: access.status, to, ...(step === 'schedule' ? { at: publishedAt!.toISOString() } : {}), ...(step === 'reject' ? { reason: o.reason!.trim() } : {}) } }, now);
    return { article, ...outcome };
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
  const [tags, authors] = await Promise.all([existingIds(database.db, 'tags', f.tagIds), existingIds(database.db, 'authors', f.authorIds)]);
  return saveEditorArticle(database, actor, articleId, baseVersion, { ...f, tagIds: f.tagIds.filter((i) => tags.has(i)), authorIds: f.authorIds.filter((i) => authors.has(i)) }, 'restore', now);
}

/** A revision of the article as the editor saw it then. */
export async function getRevision(db: Kysely<Schema>, articleId: number, revisionId: number): Promise<(RevisionSummary & { article: EditorArticle }) | null> {
  const r = await storedRevision(db, articleId, revisionId);
  if (!r) return null;
  const { snapshot, ...summary } = r;
  return { ...summary, article: snapshot as EditorArticle };
}

/**
 * The differences between two versions of an article, in names: sections as their path
 * ('Світ › Політика'), authors, tags, and the titles of only those linked articles the account
 * may read (others by number).
 */
export async function revisionDiff(db: Kysely<Schema>, actor: Actor, olderAsStored: EditorArticle, newer: EditorArticle) {
  // Fields an older snapshot lacks take their defaults.
  const older: EditorArticle = { ...olderAsStored, ...fieldsOf({ ...articleFields.parse({}), ...olderAsStored } as EditorArticle) };
  const both = <T>(f: (a: EditorArticle) => T[]) => [...new Set([...f(older), ...f(newer)])];
  const [sections, authors, tags, articles] = await Promise.all([
    allSections(db),
    authorNamesByIds(db, both((a) => a.authorIds)),
    tagLabels(db, both((a) => a.tagIds)),
    linkLabels(db, actor, both(linkedArticles)),
  ]);
  const byId = new Map(sections.map((s) => [s.id, s]));
  const pathOf = (id: number): string => {
    const s = byId.get(id)!;
    return s.parentId !== null && byId.has(s.parentId) ? `${pathOf(s.parentId)} › ${s.name}` : s.name;
  };
  return diffArticles(older, newer, {
    sections: new Map(sections.map((s) => [s.id, pathOf(s.id)])),
    authors,
    tags: new Map(tags.map((t) => [t.id, t.name])),
    articles: new Map(articles.map((a) => [a.id, a.title])),
  });
}

/** Keeps the article as it now is in its history. */
const keepRevision = (db: Kysely<Schema>, article: EditorArticle, userId: number | null, kind: RevisionKind, now: Date) =>
  storeRevision(db, { articleId: article.id, version: article.version, userId, kind, snapshot: article }, now);
