import type { Block } from '../model.js';
import { blockPlainText } from '../rich-text.js';
import { analyze } from './analyzer.js';

/** An article's searchable text by weight: title above tags above lead above body. */
export interface SearchDocument {
  title: string;
  tags: string;
  lead: string;
  body: string;
}

export interface IndexableArticle {
  title: string;
  subtitle: string | null;
  lead: string;
  body: Block[];
  /** The recap's paragraphs as plain text. */
  recapParagraphs: string[];
  tagNames: string[];
  photoCaption: string | null;
}

/** The document's fields that come from the article's own text (all but its tags). */
export type TextTerms = Omit<SearchDocument, 'tags'>;

const terms = (text: string) => analyze(text).join(' ');

/**
 * The terms of an article's own text. Apart from the tags, which are names resolved against the
 * stored ones: a bulk import analyses each file's text ahead of the writer, in another thread,
 * and the writer adds the tags (`searchDocumentOf`).
 */
export function textTerms(a: Omit<IndexableArticle, 'tagNames'>): TextTerms {
  return {
    title: terms(`${a.title} ${a.subtitle ?? ''}`),
    lead: terms(`${a.lead} ${a.photoCaption ?? ''}`),
    body: terms([...a.body.map(blockPlainText), ...a.recapParagraphs].join('\n')),
  };
}

/** Text terms analysed before, completed with the tags. */
export function searchDocumentOf(text: TextTerms, tagNames: string[]): SearchDocument {
  // Tags are separated so that phrases don't span two.
  return { title: text.title, tags: tagNames.map(terms).join(' , '), lead: text.lead, body: text.body };
}

/** Analyzed terms, space-separated, per weighted field. */
export function searchDocument(a: IndexableArticle): SearchDocument {
  return searchDocumentOf(textTerms(a), a.tagNames);
}
