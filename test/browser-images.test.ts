import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumUnavailable, launchChromium, openTab, serveSite, visit } from './helpers/browser.js';
import { demoDir, referenceArticle, testDatabases, withoutReference } from './helpers/databases.js';
import { closeTestSites, type TestSite } from './helpers/site.js';

// Photos ask for a copy as wide as Chromium lays them out: each <img>'s `sizes` must evaluate to
// the width the stylesheet gives it, and the copy chosen from srcset must be the smallest that
// covers it. A `sizes` of 100vw on a phone, or 14rem for a 16rem grid card, fails here.

const unavailable = chromiumUnavailable();
let browser: Browser | undefined;
let site: TestSite;
let base: string;

after(async () => {
  await browser?.close();
  await closeTestSites();
});

interface Measured {
  where: string;
  /** The width Chromium laid the image out at, CSS px. */
  laidOut: number;
  /** What the `sizes` attribute evaluates to here, CSS px. */
  slot: number;
  /** The srcset's widths, and the one Chromium fetched (from currentSrc). */
  widths: number[];
  chosen: number;
  srcset: string;
}

/** Every card and lead photo on the page, measured once each has loaded. */
async function measure(page: Page): Promise<Measured[]> {
  const imgs = page.locator('.card-photo img, .lead-photo img');
  const count = await imgs.count();
  assert.ok(count > 0, 'photos to measure');
  for (let i = 0; i < count; i++) {
    // Lazy images load once near the viewport.
    await imgs.nth(i).scrollIntoViewIfNeeded();
    await imgs.nth(i).evaluate((el: { complete: boolean; decode(): Promise<void> }) => (el.complete ? undefined : el.decode().catch(() => undefined)));
  }
  return imgs.evaluateAll((els) => {
    type El = { sizes: string; srcset: string; currentSrc: string; naturalWidth: number; closest(s: string): { className: string } | null; getBoundingClientRect(): { width: number } };
    const doc = (globalThis as unknown as { document: { createElement(t: string): { style: { cssText: string }; getBoundingClientRect(): { width: number }; remove(): void }; body: { append(e: unknown): void } } }).document;
    const matchMedia = (globalThis as unknown as { matchMedia(q: string): { matches: boolean } }).matchMedia;
    /** The sizes list as the HTML standard evaluates it: the first entry whose condition matches, or the last. */
    const evaluate = (sizes: string) => {
      const entries = sizes.split(/,(?![^(]*\))/).map((s) => s.trim());
      const chosen = entries.find((e) => {
        const m = /^(\(.*\))\s+(\S.*)$/.exec(e);
        return !m || matchMedia(m[1]!).matches;
      })!;
      const length = /^\(.*\)\s+(\S.*)$/.exec(chosen)?.[1] ?? chosen;
      const probe = doc.createElement('div');
      probe.style.cssText = `position:absolute;visibility:hidden;width:${length}`;
      doc.body.append(probe);
      const w = probe.getBoundingClientRect().width;
      probe.remove();
      return w;
    };
    return (els as unknown as El[]).map((el) => {
      const candidates = el.srcset.split(',').map((c) => c.trim().split(/\s+/)).map(([url, w]) => ({ url: new URL(url!, el.currentSrc).href, w: Number(w!.slice(0, -1)) }));
      const chosen = candidates.find((c) => c.url === el.currentSrc);
      return {
        where: `${el.closest('section, article.article')?.className ?? '?'} ${el.closest('.card, figure')?.className ?? ''}`.trim(),
        laidOut: el.getBoundingClientRect().width,
        slot: evaluate(el.sizes),
        widths: candidates.map((c) => c.w),
        chosen: chosen?.w ?? -1,
        srcset: el.srcset,
      };
    });
  });
}

function check(photos: Measured[], dpr: number, label: string) {
  for (const p of photos) {
    const what = `${label}, ${p.where}: laid out at ${p.laidOut.toFixed(1)} px, sizes says ${p.slot.toFixed(1)}, srcset ${p.widths.join('/')}, chose ${p.chosen}`;
    assert.ok(Math.abs(p.slot - p.laidOut) <= 1, `${what}: sizes matches the layout`);
    const need = p.laidOut * dpr;
    const fits = [...p.widths].sort((a, b) => a - b).find((w) => w >= need) ?? Math.max(...p.widths);
    // The same photo shown larger elsewhere on the page is already loaded: Chromium reuses that
    // copy rather than fetch a second, which costs nothing.
    const reused = photos.some((o) => o !== p && o.srcset === p.srcset && o.chosen === p.chosen);
    if (p.chosen !== fits && reused) continue;
    assert.equal(p.chosen, fits, `${what}: the smallest copy at least ${Math.ceil(need)} px wide`);
  }
}

describe('photo widths against Chromium’s layout', { skip: unavailable && !process.env.CI ? `${unavailable}; skipping the browser suite` : false, timeout: 240_000 }, () => {
  before(async () => {
    if (unavailable) throw new Error(`${unavailable}. On CI the browser suite may not be skipped.`);
    ({ site, base } = await serveSite(testDatabases[0]!, [...(withoutReference ? [] : [referenceArticle]), demoDir]));
    browser = await launchChromium();
  });

  for (const [width, height] of [[390, 844], [1366, 900]] as const) {
    for (const dpr of [1, 2]) {
      test(`home page cards and an article's photo at ${width} px, ${dpr}×`, async () => {
        const tab = await openTab(browser!, { viewport: { width, height }, deviceScaleFactor: dpr });
        try {
          await visit(tab.page, `${base}/`);
          const home = await measure(tab.page);
          assert.ok(home.some((p) => p.where.includes('home-section')) && home.some((p) => p.where.includes('card-big')), 'the main story and section blocks have photos');
          check(home, dpr, `home at ${width} px`);
          const withPhoto = site.imported.find((a) => a.file.endsWith('01-kyiv-tablo.txt'))!;
          await visit(tab.page, base + withPhoto.path);
          check(await measure(tab.page), dpr, `article at ${width} px`);
          assert.deepEqual(tab.problems, []);
        } finally {
          await tab.context.close();
        }
      });
    }
  }
});
