import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { settings } from '../settings.ts';

/**
 * Prints an HTML document to PDF with the machine's headless Chromium (Debian's `chromium` package; never a
 * downloaded browser). BHR_CHROMIUM names another executable.
 */

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const named = settings().chromium;
  if (named) {
    if (!existsSync(named)) throw new Error(`BHR_CHROMIUM is ${named}, which does not exist`);
    return named;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `no Chromium found (looked for ${CANDIDATES.join(', ')}): install it (Debian: apt-get install chromium) or set BHR_CHROMIUM`,
    );
  return found;
}

export async function htmlToPdf(html: string, file: string, footer: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const escaped = footer.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
    await page.pdf({
      path: file,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;padding:0 12mm;color:#4a5360;display:flex;justify-content:space-between"><span>${escaped}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}
