/** The newsroom's lists: its articles as each account may see them, and the audit log. */
import { articlePath, type ArticleStatus } from '../../core/model.js';
import type { Actor } from '../../core/roles.js';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { Schema } from '../schema.js';
import { genderOf } from '../../core/gender.js';
import { toDate } from '../values.js';

export interface NewsroomListItem {
  id: number;
  title: string;
  status: ArticleStatus;
  version: number;
  updatedAt: Date;
  publishedAt: Date | null;
  authors: Array<{ id: number; name: string }>;
  section: { id: number; name: string } | null;
  url: string;
}

/**
 * The newsroom's article list, most recently changed first. Contributors and authors see their
 * own articles and what is published; editors and admins everything.
 */
export async function listNewsroomArticles(
  database: Database,
  actor: Actor,
  o: { status?: ArticleStatus; q?: string; mine?: boolean; page: number; pageSize?: number },
): Promise<{ items: NewsroomListItem[]; hasNext: boolean }> {
  const db = database.db;
  const size = o.pageSize ?? 30;
  let q = db
    .selectFrom('articles as a')
    .leftJoin('sections as s', 's.id', 'a.section_id')
    .select(['a.id', 'a.title', 'a.slug', 'a.status', 'a.version', 'a.updated_at', 'a.published_at', 's.id as section_id', 's.name as section_name', 's.path as section_path']);
  const own = (eb: any) =>
    eb.or([
      eb('a.created_by', '=', actor.id),
      ...(actor.authorId ? [eb.exists(eb.selectFrom('article_authors as aa').select('aa.article_id').whereRef('aa.article_id', '=', 'a.id').where('aa.author_id', '=', actor.authorId))] : []),
    ]);
  if (o.mine) q = q.where(own);
  else if (actor.role === 'contributor' || actor.role === 'author') q = q.where((eb) => eb.or([own(eb), eb('a.status', '=', 'published')]));
  if (o.status) q = q.where('a.status', '=', o.status);
  const typed = o.q?.trim();
  if (typed) {
    // LIKE folds only ASCII case on SQLite: try the forms an editor types.
    const forms = [...new Set([typed, typed.toLowerCase(), typed[0]!.toUpperCase() + typed.slice(1).toLowerCase()])];
    q = q.where((eb) => eb.or(forms.map((f) => eb('a.title', 'like', `%${f.replace(/[%_\\]/g, '')}%`))));
  }
  const rows = await q
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(size + 1)
    .offset((o.page - 1) * size)
    .execute();
  const page = rows.slice(0, size);
  const ids = page.map((r) => r.id);
  const authors = ids.length
    ? await db.selectFrom('article_authors as aa').innerJoin('authors as au', 'au.id', 'aa.author_id').select(['aa.article_id', 'au.id', 'au.name']).where('aa.article_id', 'in', ids).orderBy('aa.position').execute()
    : [];
  return {
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status as ArticleStatus,
      version: r.version,
      updatedAt: toDate(r.updated_at),
      publishedAt: r.published_at ? toDate(r.published_at) : null,
      authors: authors.filter((a) => a.article_id === r.id).map((a) => ({ id: a.id, name: a.name })),
      section: r.section_id ? { id: r.section_id, name: r.section_name ?? '' } : null,
      url: articlePath({ id: r.id, slug: r.slug, sections: r.section_path ? [{ path: r.section_path }] : [] }),
    })),
    hasNext: rows.length > size,
  };
}

export async function listAudit(database: Database, o: { page: number; pageSize?: number; targetKind?: string; targetId?: number }) {
  const size = o.pageSize ?? 50;
  let q = database.db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.id', 'l.at', 'l.action', 'l.target_kind', 'l.target_id', 'l.details', 'u.id as user_id', 'u.name as user_name', 'u.gender as user_gender']);
  if (o.targetKind) q = q.where('l.target_kind', '=', o.targetKind);
  if (o.targetId !== undefined) q = q.where('l.target_id', '=', o.targetId);
  const rows = await q.orderBy('l.id', 'desc').limit(size + 1).offset((o.page - 1) * size).execute();
  const shown = rows.slice(0, size);
  const names = await targetNames(database.db, shown.map((r) => ({ kind: r.target_kind, id: r.target_id })));
  return {
    items: shown.map((r) => ({
      id: r.id,
      at: toDate(r.at),
      user: r.user_id ? { id: r.user_id, name: r.user_name ?? '', gender: genderOf(r.user_gender) } : null,
      action: r.action,
      targetKind: r.target_kind,
      targetId: r.target_id,
      targetName: names.get(`${r.target_kind}:${r.target_id}`) ?? null,
      details: JSON.parse(r.details) as Record<string, unknown>,
    })),
    hasNext: rows.length > size,
  };
}

/** What audit entries are about, by name: an article's title, an account's, a section's or a tag's name ('kind:id' → name). */
async function targetNames(db: Kysely<Schema>, targets: Array<{ kind: string; id: number | string | null }>): Promise<Map<string, string>> {
  const ids = (kind: string) => [...new Set(targets.filter((t) => t.kind === kind && t.id !== null).map((t) => Number(t.id)).filter(Number.isInteger))];
  const read = async (kind: string, rows: (wanted: number[]) => Promise<Array<{ id: number; label: string }>>) => {
    const wanted = ids(kind);
    return (wanted.length ? await rows(wanted) : []).map((r) => [`${kind}:${r.id}`, r.label] as const);
  };
  const found = await Promise.all([
    read('article', (w) => db.selectFrom('articles').select(['id', 'title as label']).where('id', 'in', w).execute()),
    read('user', (w) => db.selectFrom('users').select(['id', 'name as label']).where('id', 'in', w).execute()),
    read('section', (w) => db.selectFrom('sections').select(['id', 'name as label']).where('id', 'in', w).execute()),
    read('tag', (w) => db.selectFrom('tags').select(['id', 'name as label']).where('id', 'in', w).execute()),
  ]);
  return new Map(found.flat());
}
