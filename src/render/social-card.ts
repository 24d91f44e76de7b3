import type { SocialPostBlock } from '../contract/model.js';
import { uk } from '../core/i18n/uk.js';
import { kyivOffsetIso } from '../core/kyiv-time.js';
import type { MediaRef } from '../core/model.js';
import { formatDateAt } from '../core/uk-format.js';
import { html, type Html } from './html.js';
import { bodyImg } from './media-img.js';

/*
 * A quoted social post as a static card: what was posted, by whom, where and when, and when we
 * took it down, kept as we saw it (the post may be deleted since). Nothing of the platform's is
 * loaded: no script, no frame, no picture from its servers (a photo is one of our library's),
 * so the card costs a reader nothing, tells the platform nothing, and reads without JavaScript
 * or, in a feed, without CSS.
 */

/** A social block as read for display: `mediaFile` is its photo's stored file, added on read (storage/repositories/media.ts withBlockMedia). */
export type SocialBlockRead = SocialPostBlock & { mediaFile?: MediaRef };

export interface CardOptions {
  /** Turns a stored URL into the one to print (feeds need absolute ones); null drops it. */
  url: (u: string) => string | null;
  lazy: boolean;
}

/** An instant of the block's, or null when it is not one (a block stored by hand, an import). */
function instant(iso: string | null): Date | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t);
}

const timeOf = (at: Date) => html`<time datetime="${kyivOffsetIso(at)}">${formatDateAt(at)}</time>`;

/** The post's text: paragraphs where it has blank lines, line breaks where it has one. */
function quotedText(text: string): Html[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${line}`)}</p>`);
}

/** One social post block as HTML, for the article page and the full-text feed alike. */
export function renderSocialCard(b: SocialBlockRead, opts: CardOptions): Html {
  const url = /^https:\/\//i.test(b.url) ? opts.url(b.url) : null;
  const posted = instant(b.postedAt);
  const captured = instant(b.capturedAt);
  const src = b.media && b.mediaFile ? opts.url(b.mediaFile.url) : null;
  const photo =
    b.media && b.mediaFile && src
      ? html`<figure class="social-photo">${bodyImg(b.mediaFile, src, b.media.alt, opts)}${b.media.credit ? html`<figcaption>${uk.article.photoCredit}: ${b.media.credit}</figcaption>` : ''}</figure>`
      : '';
  const paragraphs = quotedText(b.text);
  const meta = [posted ? timeOf(posted) : null, url ? html`<a href="${url}" rel="noopener noreferrer nofollow">${uk.social.original}</a>` : null].filter((x) => x !== null);
  return html`<figure class="social-post" data-platform="${b.platform}">
<figcaption><span class="social-platform">${uk.social.postOn[b.platform]}</span> <span class="social-account"><strong>${b.accountName}</strong>${b.handle ? html` <span class="social-handle">@${b.handle}</span>` : ''}</span></figcaption>
${paragraphs.length ? html`<blockquote${url ? html` cite="${url}"` : ''}>${paragraphs}</blockquote>` : ''}
${photo}
${meta.length ? html`<p class="social-meta">${meta.map((m, i) => html`${i ? ' · ' : ''}${m}`)}</p>` : ''}
${captured ? html`<p class="social-captured">${uk.social.captured(formatDateAt(captured))}</p>` : ''}
</figure>\n`;
}

/**
 * The posts an article quotes as schema.org SocialMediaPosting, for its `citation`: the post's
 * address, who posted it (the handle as alternateName: an account's address is the platform's
 * to change), when, and the text as quoted.
 */
export function socialCitations(body: readonly { type: string }[]): object[] {
  return body
    .filter((b): b is SocialPostBlock => b.type === 'social')
    .map((b) => {
      const posted = instant(b.postedAt);
      return {
        '@type': 'SocialMediaPosting',
        url: b.url,
        author: { '@type': 'Person', name: b.accountName, alternateName: b.handle ? `@${b.handle}` : undefined },
        datePublished: posted ? kyivOffsetIso(posted) : undefined,
        text: b.text || undefined,
      };
    });
}
