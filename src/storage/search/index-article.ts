import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Block, Recap } from '../../core/model.js';
import { searchDocument } from '../../core/search/document.js';
import type { DialectName } from '../database.js';
import type { Schema } from '../schema.js';

export const dialectOf = (db: Kysely<Schema>): DialectName => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** Writes an article's search entry from its stored state; call in the transaction that changed it. */
export async function indexArticle(db: Kysely<Schema>, id: number): Promise<void> {
  const row = await db.selectFrom('articles').select(['title', 'subtitle', 'lead', 'body', 'recap', 'photo_caption']).where('id', '=', id).executeTakeFirst();
  const dialect = dialectOf(db);
  if (!row) return removeFromIndex(db, id, dialect);
  const tags = await db
    .selectFrom('article_tags as at')
    .innerJoin('tags as t', 't.id', 'at.tag_id')
    .select('t.name')
    .where('at.article_id', '=', id)
    .orderBy('at.position')
    .execute();
  const doc = searchDocument({
    title: row.title,
    subtitle: row.subtitle,
    lead: row.lead,
    body: JSON.parse(row.body) as Block[],
    recapParagraphs: row.recap ? (JSON.parse(row.recap) as Recap).paragraphs : [],
    tagNames: tags.map((t) => t.name),
    photoCaption: row.photo_caption,
  });
  if (dialect === 'sqlite') {
    await sql`delete from search_fts where rowid = ${id}`.execute(db);
    await sql`insert into search_fts (rowid, title, tags, lead, body) values (${id}, ${doc.title}, ${doc.tags}, ${doc.lead}, ${doc.body})`.execute(db);
  } else {
    await sql`insert into search_documents (article_id, tsv) values (${id},
      setweight(to_tsvector('simple', ${doc.title}), 'A') || setweight(to_tsvector('simple', ${doc.tags}), 'B') ||
      setweight(to_tsvector('simple', ${doc.lead}), 'C') || setweight(to_tsvector('simple', ${doc.body}), 'D'))
      on conflict (article_id) do update set tsv = excluded.tsv`.execute(db);
  }
}

async function removeFromIndex(db: Kysely<Schema>, id: number, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await sql`delete from search_fts where rowid = ${id}`.execute(db);
  else await db.deleteFrom('search_documents').where('article_id', '=', id).execute();
}
