import { uk } from '../../core/i18n/uk.js';
import { linkedArticles } from '../../core/rich-text.js';
import type { Actor } from '../../core/roles.js';
import type { Kysely } from 'kysely';
import { accessByIds } from '../../storage/repositories/article-access.js';
import type { Schema } from '../../storage/schema.js';
import { linkLabels } from './article-access.js';
import type { EditorArticle } from './article-form.js';

/** Search engines show about this many characters of a headline; longer ones are cut. */
export const HEADLINE_SHOWN = 70;

export interface Concern {
  code: 'noLead' | 'noSection' | 'noTags' | 'noPhoto' | 'noCredit' | 'longHeadline' | 'linksToUnpublished';
  /** The field to go to. */
  field: string;
  message: string;
}

/**
 * What is missing or risky before an article goes out, for the editor to fix or knowingly
 * override: no lead or section (publishing refuses those anyway), no tags, no lead photo, a
 * photo without its credit (an imported one can lack it), a headline longer than search engines
 * show, links (in the recap or the text) to articles readers cannot open ('посилання на
 * неопубліковані матеріали'). Links are named only when the account may
 * read the article linked.
 */
export async function prePublishCheck(db: Kysely<Schema>, actor: Actor, a: EditorArticle): Promise<Concern[]> {
  const t = uk.admin.prepublish;
  const out: Concern[] = [];
  if (!a.lead.trim()) out.push({ code: 'noLead', field: 'lead', message: t.noLead });
  if (!a.sectionId) out.push({ code: 'noSection', field: 'sectionId', message: t.noSection });
  if (a.tagIds.length === 0) out.push({ code: 'noTags', field: 'tagIds', message: t.noTags });
  if (!a.photo) out.push({ code: 'noPhoto', field: 'photo', message: t.noPhoto });
  else if (!a.photo.credit.trim()) out.push({ code: 'noCredit', field: 'photo.credit', message: t.noCredit });
  a.body.forEach((b, i) => {
    if (b.type === 'image' && !b.credit.trim()) out.push({ code: 'noCredit', field: `body.${i}.credit`, message: t.noCreditInText });
  });
  const length = [...a.title.trim()].length;
  if (length > HEADLINE_SHOWN) out.push({ code: 'longHeadline', field: 'title', message: t.longHeadline(length, HEADLINE_SHOWN) });
  // Links to articles readers cannot open: the recap's and the text's alike (the text's print as plain words until they can).
  const inRecap = new Set(a.recap?.articleIds ?? []);
  const linked = linkedArticles(a);
  if (linked.length) {
    const [access, labels] = await Promise.all([accessByIds(db, linked), linkLabels(db, actor, linked)]);
    const titles = new Map(labels.map((l) => [l.id, l.title]));
    for (const id of linked) {
      if (access.get(id)?.status === 'published') continue;
      const title = titles.get(id) ?? `№${id}`;
      out.push(inRecap.has(id) ? { code: 'linksToUnpublished', field: 'recap.articleIds', message: t.linksToUnpublished(title) } : { code: 'linksToUnpublished', field: 'body', message: t.textLinksToUnpublished(title) });
    }
  }
  return out;
}
