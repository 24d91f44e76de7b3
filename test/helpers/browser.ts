import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { TestDatabase } from './databases.js';
import { openSite, type TestSite } from './site.js';

/** Debian's Chromium (`.ci/run` installs it with apt); a browser is never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why the browser suite cannot run here, or null when it can. Off CI a missing Chromium skips
 * the suite; on CI the suite fails instead, since a skipped browser suite would test nothing.
 */
export function chromiumUnavailable(): string | null {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return null;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH}: install Debian's with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The real app over real HTTP on a free local port. */
export async function serveSite(tdb: TestDatabase, inputs: string[], options: Parameters<typeof openSite>[2] = {}): Promise<{ site: TestSite; base: string }> {
  const site = await openSite(tdb, inputs, options);
  await site.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = site.app.server.address() as AddressInfo;
  return { site, base: `http://127.0.0.1:${port}` };
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors, failed requests and HTTP errors seen on any page of the context. */
  problems: string[];
}

/**
 * A fresh context and page whose problems are recorded. `expectedStatus` names the one URL
 * (and status) a test asks for on purpose, such as the 404 page: that response and the console
 * line Chromium writes for it are not problems.
 */
const isIcon = (url: string) => /^\/favicon\.(svg|ico)$/.test(new URL(url).pathname);

export async function openTab(browser: Browser, options: BrowserContextOptions = {}, expectedStatus?: { url: string; status: number | number[] }): Promise<Tab> {
  const context = await browser.newContext({ locale: 'uk-UA', timezoneId: 'Europe/Kyiv', ...options });
  const problems: string[] = [];
  const statuses = [expectedStatus?.status ?? []].flat();
  const expected = (url: string, status: number) => expectedStatus?.url === url && statuses.includes(status);
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const at = m.location().url;
      if (expectedStatus && at === expectedStatus.url && statuses.some((s) => m.text().includes(`status of ${s}`))) return;
      problems.push(`console error on ${page.url()}: ${m.text()}${at ? ` (${at})` : ''}`);
    });
    page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
    page.on('requestfailed', (r) => {
      // A page being left or reloaded cancels its own fetches in flight (a presence heartbeat, say),
      // and Chromium cancels an image it no longer wants (a srcset candidate it changed its mind
      // about, a lazy image of a page being left), and a reload cancels the icon the page being left
      // was still fetching: not failures. A missing file answers 404, above.
      if (r.failure()?.errorText === 'net::ERR_ABORTED' && (['fetch', 'xhr', 'image'].includes(r.resourceType()) || isIcon(r.url()))) return;
      problems.push(`request failed on ${page.url()}: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !expected(r.url(), r.status())) problems.push(`HTTP ${r.status()} on ${page.url()}: ${r.request().method()} ${r.url()}`);
    });
  };
  context.on('page', watch);
  const page = await context.newPage();
  return { context, page, problems };
}

/** Opens a path and waits until the page and what it loads have settled. */
export async function visit(page: Page, url: string, expectStatus = 200): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response?.status() !== expectStatus) throw new Error(`${url}: expected HTTP ${expectStatus}, got ${response?.status()}`);
  await page.waitForLoadState('networkidle');
}

/** Clicks a link and waits for the next page to load completely. */
export async function follow(page: Page, link: Locator): Promise<void> {
  const from = page.url();
  await link.click();
  await page.waitForURL((u) => u.href !== from);
  await page.waitForLoadState('networkidle');
}

/** naturalWidth of an <img> (0 when it did not load). */
export const naturalWidth = (img: Locator) => img.evaluate((el: { complete: boolean; naturalWidth: number }) => (el.complete ? el.naturalWidth : 0));

const axeSource: string = createRequire(import.meta.url)('axe-core').source;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
  summary: string;
}

/** Every axe-core WCAG 2.x A/AA violation on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not as an inline <script>: the site's
  // Content-Security-Policy (no inline script) stays on while axe looks at the page.
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    type Result = { violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> };
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<Result> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.map(String).join(' ')),
      summary: v.nodes[0]?.failureSummary ?? '',
    }));
  }, AXE_TAGS);
}

/** The serious and critical ones, described so that a failure says what to fix. */
export function describeSerious(violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — at ${v.targets.join(' | ')}\n    ${v.summary.replace(/\n/g, '\n    ')}`);
}
