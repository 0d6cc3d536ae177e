import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { PROJECT_ROOT } from './shared.ts';

/**
 * Where the browser tests write their screenshots: test-results/screenshots, which git ignores, so that
 * `npm test` leaves a checkout as it was. `npm run screenshots` writes them into docs/screenshots instead.
 */
export const SCREENSHOTS = resolve(PROJECT_ROOT, process.env.BHR_SCREENSHOTS ?? 'test-results/screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Debian's Chromium, driven by playwright-core: no browser is ever downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the browser tests can run: in CI (CI=true) a missing Chromium is a failure, elsewhere a printed skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  console.warn(`skipping browser tests: ${CHROMIUM} is not installed (apt-get install chromium)`);
  return false;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page and returns every violation, of any impact. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    return (await axe.run()).violations;
  })) as { id: string; impact: string; nodes: unknown[] }[];
  return violations.map((v) => `${v.id} [${v.impact}] (${v.nodes.length})`);
}

/**
 * Debian's Chromium with one page of a desktop size that accepts downloads. axe-core is evaluated into the
 * page, which the app's CSP rightly forbids to anyone else: the page bypasses it.
 */
export async function openBrowserPage(): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  return { browser, page: await desktopPage(browser) };
}

/** Debian's Chromium, headless, as every browser test drives it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page of a desktop size in a fresh profile of the browser, accepting downloads, CSP bypassed for axe-core. */
export function desktopPage(browser: Browser): Promise<Page> {
  return pageOfWidth(browser, 1280, 900);
}

/** A page the size of a phone held upright (390 × 844 CSS pixels). */
export function phonePage(browser: Browser): Promise<Page> {
  return pageOfWidth(browser, 390, 844);
}

async function pageOfWidth(browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    bypassCSP: true,
    acceptDownloads: true,
  });
  return context.newPage();
}
