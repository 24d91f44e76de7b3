import type { LinkAttrs, RichText } from '../contract/model.js';
import { isAllowedHref, linkOf } from '../core/rich-text.js';
import { html, type Html } from './html.js';

/** How the links of rich text are printed. */
export interface LinkOptions {
  /** A linked article's current public path, or null while readers cannot open it (its text is then printed plain). */
  articlePath: (id: number) => string | null;
  /** A site path or address as printed (feeds make paths absolute); null drops the link, keeping its text. */
  url: (u: string) => string | null;
}

/** No article resolved: every link to one of ours reads as plain text (a page that did not look them up). */
export const NO_ARTICLE_LINKS = () => null;

/**
 * Rich text as HTML: bold as <strong>, italic as <em>, a line break as <br>, and runs that share
 * a link in one <a>. Text is escaped; an address is printed only if it is still one a link may
 * have (data imported from elsewhere is checked again here). Links to addresses say
 * rel="noopener" and are followed: they are the newsroom's own citations, which it vouches for
 * (unlike an embed, a third party's content, which is nofollow).
 */
export function renderRichText(rt: RichText, o: LinkOptions): Html {
  const out: Html[] = [];
  for (let i = 0; i < rt.length; ) {
    const link = linkOf(rt[i]!);
    let j = i + 1;
    while (link && j < rt.length && sameTarget(linkOf(rt[j]!), link)) j++;
    const inner = rt.slice(i, j).map(inline);
    const href = link ? hrefOf(link, o) : null;
    out.push(href === null ? html`${inner}` : link!.href !== null && /^https?:/i.test(link!.href) ? html`<a href="${href}" rel="noopener">${inner}</a>` : html`<a href="${href}">${inner}</a>`);
    i = j;
  }
  return html`${out}`;
}

function inline(n: RichText[number]): Html {
  if (n.type === 'hardBreak') return html`<br>`;
  let h = html`${n.text}`;
  const has = (t: string) => n.marks?.some((m) => m.type === t);
  if (has('italic')) h = html`<em>${h}</em>`;
  if (has('bold')) h = html`<strong>${h}</strong>`;
  return h;
}

const sameTarget = (a: LinkAttrs | null, b: LinkAttrs) => a !== null && a.href === b.href && a.articleId === b.articleId;

function hrefOf(l: LinkAttrs, o: LinkOptions): string | null {
  if (l.articleId !== null) {
    const path = o.articlePath(l.articleId);
    return path === null ? null : o.url(path);
  }
  if (!isAllowedHref(l.href)) return null;
  return /^mailto:/i.test(l.href) ? l.href : o.url(l.href);
}
