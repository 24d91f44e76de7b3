import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from './databases.js';

/** Clipboard HTML written for the paste tests in the shapes its sources produce (each file's header says which). */
export const clipboardFixture = (name: string) => fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'clipboard', name), 'utf8');

/** Clipboard HTML that a program really put on the clipboard (test/fixtures/paste/README.md says how each was captured). */
export const capturedClipboard = (name: string) => fs.readFileSync(path.join(projectRoot, 'test', 'fixtures', 'paste', name), 'utf8');

/**
 * The writing surface's blocks as lines a test can compare: 'p: text **bold** _italic_ [link](href)',
 * 'ul: item | item', 'quote: text — attribution', 'image: caption / alt: …', 'social: url'.
 * A link to one of our articles reads [text](article:ID). Read from the page's DOM, in its own realm
 * (this file is compiled without the DOM types).
 */
export function surfaceOutline(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const inline = (node) => {
      let s = '';
      node.childNodes.forEach((c) => {
        if (c.nodeType === 3) s += c.textContent;
        else if (c.nodeType !== 1 || c.closest('.node-fields')) return;
        else if (c.tagName === 'BR') s += c.classList.contains('ProseMirror-trailingBreak') ? '' : '⏎';
        else if (c.tagName === 'STRONG') s += '**' + inline(c) + '**';
        else if (c.tagName === 'EM') s += '_' + inline(c) + '_';
        else if (c.tagName === 'A') s += '[' + inline(c) + '](' + (c.dataset.articleId ? 'article:' + c.dataset.articleId : c.getAttribute('href')) + ')';
        else if (c.tagName !== 'IMG') s += inline(c);
      });
      return s;
    };
    const value = (el, f) => el.querySelector('[data-field=' + f + ']').value;
    return [...document.querySelector('.surface').children].map((el) => {
      if (el.matches('p')) return 'p: ' + inline(el);
      if (el.matches('h2, h3')) return el.tagName.toLowerCase() + ': ' + inline(el);
      if (el.matches('ul, ol')) return el.tagName.toLowerCase() + ': ' + [...el.children].map(inline).join(' | ');
      if (el.matches('.node-quote')) return 'quote: ' + inline(el.querySelector('blockquote')) + ' — ' + value(el, 'attribution');
      if (el.matches('.node-image')) return 'image: ' + inline(el.querySelector('figcaption')) + ' / alt: ' + value(el, 'alt');
      if (el.matches('.node-embed')) return 'embed: ' + value(el, 'url');
      if (el.matches('.node-social')) return 'social: ' + value(el, 'url');
      return null;
    }).filter((x) => x !== null);
  })()`);
}

/** A paste into the focused element as the browser delivers it (clipboardData with the given types). */
export async function paste(page: Page, data: { html?: string; text?: string }): Promise<void> {
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    const html = ${JSON.stringify(data.html ?? null)};
    if (html !== null) data.setData('text/html', html);
    data.setData('text/plain', ${JSON.stringify(data.text ?? (data.html ?? '').replace(/<[^>]+>/g, ''))});
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  })()`);
}

/** Empties the writing surface with the keyboard and leaves the caret in it. */
export async function clearSurface(page: Page): Promise<void> {
  await page.locator('.surface').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
}
