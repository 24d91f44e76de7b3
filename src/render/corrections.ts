import { uk } from '../core/i18n/uk.js';
import type { Correction } from '../core/model.js';
import { changeMoment, changeMomentValidUntil, formatDate } from '../core/uk-format.js';
import { datetimeAttr } from './components.js';
import { html, type Html } from './html.js';

/*
 * What readers are told of an article's marked corrections and updates: 'Оновлено о 14:05' beside
 * its date (the latest), and each one's note below the text. A save nobody marked shows nothing.
 */

/** 'Оновлено о 14:05', 'Оновлено 5 грудня о 14:05', 'Оновлено 5 грудня 2025 о 14:05' (Kyiv time, as of `now`). */
export function updatedText(latest: Correction, now: Date): string {
  const { day, time } = changeMoment(latest.at, now);
  return uk.article.updatedAt(day, time);
}

/** The line beside the publication date, or nothing. */
export function updatedLine(corrections: readonly Correction[], now: Date): Html | string {
  const latest = corrections[0];
  return latest ? html`<span class="updated"><time datetime="${datetimeAttr(latest.at, true)}">${updatedText(latest, now)}</time></span>` : '';
}

/** Until when the line says what it would say later ('today' ends at midnight): for the page cache. */
export const updatedLineValidUntil = (corrections: readonly Correction[], now: Date): Date | null => (corrections[0] ? changeMomentValidUntil(corrections[0].at, now) : null);

/** 'Виправлення, 5 грудня 2026, 14:05: у попередній версії помилково вказано …'. */
export const correctionText = (c: Correction) => uk.article.correctionLine(uk.article.correctionKinds[c.kind], formatDate(c.at, { withTime: true }), c.note);

/** The notes below the body, newest first; nothing when there are none. */
export function correctionNotes(corrections: readonly Correction[]): Html | string {
  if (corrections.length === 0) return '';
  return html`<aside class="corrections" aria-label="${uk.article.corrections}"><ul>${corrections.map((c) => html`<li><time datetime="${datetimeAttr(c.at, true)}">${correctionText(c)}</time></li>`)}</ul></aside>`;
}

/** schema.org's `correction` of a NewsArticle: the corrections (not the updates), as CorrectionComment. */
export const correctionComments = (corrections: readonly Correction[]) => {
  const list = corrections.filter((c) => c.kind === 'correction').map((c) => ({ '@type': 'CorrectionComment', text: correctionText(c), datePublished: datetimeAttr(c.at, true) }));
  return list.length ? list : undefined;
};
