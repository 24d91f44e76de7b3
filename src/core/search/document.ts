import type { Block } from '../model.js';
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
  recapParagraphs: string[];
  tagNames: string[];
  photoCaption: string | null;
}

export function blockText(b: Block): string {
  switch (b.type) {
    case 'paragraph':
    case 'heading':
      return b.text;
    case 'quote':
      return `${b.text} ${b.attribution ?? ''}`;
    case 'list':
      return b.items.join(' ');
    case 'image':
      return `${b.caption ?? ''} ${b.alt ?? ''}`;
    case 'embed':
      return b.title ?? '';
  }
}

/** Analyzed terms, space-separated, per weighted field. Tags are separated so phrases don't span two. */
export function searchDocument(a: IndexableArticle): SearchDocument {
  const terms = (text: string) => analyze(text).join(' ');
  return {
    title: terms(`${a.title} ${a.subtitle ?? ''}`),
    tags: a.tagNames.map(terms).join(' , '),
    lead: terms(`${a.lead} ${a.photoCaption ?? ''}`),
    body: terms([...a.body.map(blockText), ...a.recapParagraphs].join('\n')),
  };
}
