import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Block, Recap } from '../../core/model.js';
import { searchDocument, type SearchDocument } from '../../core/search/document.js';
import type { DialectName } from '../database.js';
import type { ArticleRow, Schema } from '../schema.js';

export const dialectOf = (db: Kysely<Schema>): DialectName => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** Writes an article's search entry from its stored state; call in the transaction that changed it. */
export const indexArticle = (db: Kysely<Schema>, id: number) => indexArticles(db, [id]);

const CHUNK = 100;

/**
 * Writes the search entries of these articles from their stored state, reading and writing
 * in batches (a reindex of 100,000 articles is a few hundred statements, not half a million).
 * Only published articles are in the index, so that it alone answers how many match.
 */
export async function indexArticles(db: Kysely<Schema>, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'status', 'title', 'subtitle', 'lead', 'body', 'recap', 'photo_caption', 'published_at', 'created_at'])
    .where('id', 'in', ids)
    // Only published articles are indexed: the others' text is not worth reading.
    .where('status', '=', 'published')
    .execute();
  await indexArticleRows(db, ids, rows);
}

/** The columns of an article its search entry is made from. */
export type IndexedColumns = Pick<ArticleRow, 'id' | 'status' | 'title' | 'subtitle' | 'lead' | 'body' | 'recap' | 'photo_caption' | 'published_at' | 'created_at'>;

/**
 * Writes the search entries of these articles from rows the caller already holds (a bulk insert
 * has just written them): only their tag names are read. `ids` are the articles to replace in
 * the index; those without a published row leave it.
 */
export async function indexArticleRows(db: Kysely<Schema>, ids: number[], all: IndexedColumns[]): Promise<void> {
  if (ids.length === 0) return;
  const dialect = dialectOf(db);
  const rows = all.filter((r) => r.status === 'published');
  const tags = rows.length
    ? await db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['at.article_id', 't.name'])
        .where('at.article_id', 'in', rows.map((r) => r.id))
        .orderBy('at.article_id')
        .orderBy('at.position')
        .execute()
    : [];
  const tagNames = new Map<number, string[]>();
  for (const t of tags) {
    const names = tagNames.get(t.article_id);
    if (names) names.push(t.name);
    else tagNames.set(t.article_id, [t.name]);
  }
  const docs = rows.map((row) => ({
    id: row.id,
    // Published articles have a time; should one lack it, its creation orders it.
    publishedAt: row.published_at ?? row.created_at,
    doc: searchDocument({
      title: row.title,
      subtitle: row.subtitle,
      lead: row.lead,
      body: JSON.parse(row.body) as Block[],
      recapParagraphs: row.recap ? (JSON.parse(row.recap) as Recap).paragraphs : [],
      tagNames: tagNames.get(row.id) ?? [],
      photoCaption: row.photo_caption,
    }),
  }));
  const indexed = new Set(rows.map((r) => r.id));
  const gone = ids.filter((id) => !indexed.has(id));
  if (dialect === 'sqlite') {
    for (let i = 0; i < ids.length; i += CHUNK) await sql`delete from search_fts where rowid in (${sql.join(ids.slice(i, i + CHUNK))})`.execute(db);
    for (let i = 0; i < docs.length; i += CHUNK) {
      const values = docs.slice(i, i + CHUNK).map(({ id, doc }) => sql`(${id}, ${doc.title}, ${doc.tags}, ${doc.lead}, ${doc.body})`);
      await sql`insert into search_fts (rowid, title, tags, lead, body) values ${sql.join(values)}`.execute(db);
    }
  } else {
    if (gone.length) await db.deleteFrom('search_documents').where('article_id', 'in', gone).execute();
    for (let i = 0; i < docs.length; i += CHUNK) {
      const values = docs.slice(i, i + CHUNK).map(({ id, publishedAt, doc }) => sql`(${id}, ${tsvector(doc)}, ${publishedAt})`);
      await sql`insert into search_documents (article_id, tsv, published_at) values ${sql.join(values)}
        on conflict (article_id) do update set tsv = excluded.tsv, published_at = excluded.published_at`.execute(db);
    }
  }
}

const tsvector = (doc: SearchDocument) =>
  sql`setweight(to_tsvector('simple', ${doc.title}), 'A') || setweight(to_tsvector('simple', ${doc.tags}), 'B') ||
      setweight(to_tsvector('simple', ${doc.lead}), 'C') || setweight(to_tsvector('simple', ${doc.body}), 'D')`;
