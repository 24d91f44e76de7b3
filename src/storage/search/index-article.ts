import type { Block, Recap } from '../../core/model.js';
import { plainText } from '../../core/rich-text.js';
import { searchDocument, searchDocumentOf, type TextTerms } from '../../core/search/document.js';
import type { Store } from '../engine.js';
import type { ArticleRow } from '../schema.js';

/**
 * Writes the search entries of these articles from their stored state, reading and writing
 * in batches (a reindex of 100,000 articles is a few hundred statements, not half a million).
 * Only published articles are in the index, so that it alone answers how many match.
 */
export async function indexArticles(store: Store, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await store.db
    .selectFrom('articles')
    .select(INDEXED_COLUMNS)
    .where('id', 'in', ids)
    // Only published articles are indexed: the others' text is not worth reading.
    .where('status', '=', 'published')
    .execute();
  await indexArticleRows(store, ids, rows);
}

/** The columns of an article its search entry is made from (and whether it is breaking news, which the write path wants with them). */
export const INDEXED_COLUMNS = ['id', 'status', 'is_breaking', 'title', 'subtitle', 'lead', 'body', 'recap', 'photo_caption', 'published_at', 'created_at'] as const;

export type IndexedColumns = Pick<ArticleRow, (typeof INDEXED_COLUMNS)[number]> & {
  /**
   * Known to a caller that has just written the article (a bulk import): its text already
   * analysed (`textTerms` of these very columns) and its tags' stored names, in order, so that
   * neither is worked out or read again.
   */
  known?: { terms: TextTerms; tagNames: string[] };
};

/**
 * Writes the search entries of these articles from rows the caller already holds (a bulk insert
 * has just written them): only their tag names are read, unless the rows know them. `ids` are
 * the articles to replace in the index; those without a published row leave it.
 */
export async function indexArticleRows({ db, engine }: Store, ids: number[], all: IndexedColumns[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = all.filter((r) => r.status === 'published');
  const unknown = rows.filter((r) => !r.known);
  const tags = unknown.length
    ? await db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['at.article_id', 't.name'])
        .where('at.article_id', 'in', unknown.map((r) => r.id))
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
    doc: row.known
      ? searchDocumentOf(row.known.terms, row.known.tagNames)
      : searchDocument({
          title: row.title,
          subtitle: row.subtitle,
          lead: row.lead,
          body: JSON.parse(row.body) as Block[],
          recapParagraphs: row.recap ? (JSON.parse(row.recap) as Recap).paragraphs.map(plainText) : [],
          tagNames: tagNames.get(row.id) ?? [],
          photoCaption: row.photo_caption,
        }),
  }));
  await engine.writeSearchEntries(db, ids, docs);
}
