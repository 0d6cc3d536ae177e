import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFigures } from '../src/analytics/figures.ts';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import { SearchQuery } from '../src/search/query.ts';
import type { StoreConnection } from '../src/store/connection.ts';
import { assembleStores, openConnection } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { accessibilityProblems, browserAvailable, openBrowserPage, SCREENSHOTS } from './support/browser.ts';
import { bhr } from './support/cli.ts';
import { insertResponseRequest } from './support/responses.ts';

/**
 * The dashboard and the report in real Chromium: filters from the page, a chart's CSV download against the
 * marks the chart draws, the report page, and the PDF of `bhr report` read back as text. Takes the
 * screenshots of docs/screenshots.
 */

const OUTCOMES: [string, string | null][] = [
  ['responded', 'published'],
  ['responded', 'published'],
  ['declined', 'published'],
  ['no_response', null],
  ['requested', null],
];

describe.runIf(browserAvailable())('analytics in headless Chromium', () => {
  let dir: string;
  let database: string;
  let store: Stores;
  let connection: StoreConnection;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-browser-analytics-'));
    database = join(dir, 'test.sqlite');
    connection = await openConnection(database);
    store = assembleStores(connection);
    const records = [...syntheticRecords({ count: 900, seed: 8 })].map((record) => ({
      ...record,
      status: 'published' as const,
    }));
    const { ids } = await store.records.upsertRecords(records);
    // Some companies asked to respond, with every public outcome, so that the response figures have data.
    for (let index = 0; index < 120; index++) {
      const [status, review] = OUTCOMES[index % OUTCOMES.length]!;
      await insertResponseRequest(connection.db, {
        recordId: ids[index * 7]!,
        companyName: records[index * 7]!.companies[0]?.name ?? 'Unnamed',
        status,
        review,
      });
    }
    app = await buildServer(store);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    ({ browser, page } = await openBrowserPage());
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const headline = async (id: string) =>
    (await page.locator(`[data-figure="${id}"] .value`).innerText()).replace(/\D/g, '');

  it('filters the dashboard from its own form, and a chart CSV holds exactly the figures drawn', async () => {
    await page.goto(`${base}/analytics`);
    expect(await accessibilityProblems(page)).toEqual([]);
    const all = await computeFigures(store, SearchQuery.parse({}), { statuses: ['published'], limit: 50 });
    expect(await headline('records')).toBe(String(all.records));
    expect(await page.locator('[data-figure="responses"] .value').innerText()).toBe(
      `${Math.round(all.responses.rate! * 100)}%`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'analytics.png') });
    await page.locator('#chart-corridors').screenshot({ path: join(SCREENSHOTS, 'analytics-corridors.png') });
    await page.locator('#chart-countries').screenshot({ path: join(SCREENSHOTS, 'analytics-map.png') });

    const countries = page.locator('fieldset.facet', { hasText: 'Country of location' });
    const box = countries.locator('input[type=checkbox]').first();
    const country = (await box.getAttribute('value'))!;
    await box.check();
    await page.locator('aside button[type=submit]').click();
    await page.waitForURL(new RegExp(`/analytics\\?.*country=${country}`));
    const filtered = await computeFigures(store, SearchQuery.parse({ country: [country] }), {
      statuses: ['published'],
      limit: 50,
    });
    expect(filtered.records).toBeLessThan(all.records);
    expect(await headline('records')).toBe(String(filtered.records));
    expect(await page.locator('.active-filters').innerText()).toContain('Country of location');

    for (const chart of ['issues', 'corridors', 'over-time']) {
      const section = page.locator(`#chart-${chart}`);
      const drawn = await section
        .locator('svg .mark')
        .evaluateAll((marks) =>
          marks.map((mark) => [mark.getAttribute('data-key'), Number(mark.getAttribute('data-value'))]),
        );
      expect(drawn.length, chart).toBeGreaterThan(0);
      const download = page.waitForEvent('download');
      await section.getByRole('link', { name: 'Download these figures (CSV)' }).click();
      const rows = parse(readFileSync((await (await download).path())!, 'utf8')) as string[][];
      const count = rows[0]!.indexOf('records');
      expect(
        rows.slice(1).map((row) => [row[0], Number(row[count])]),
        chart,
      ).toEqual(drawn);
      const tabled = await section
        .locator('tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            tr.getAttribute('data-key'),
            Number(tr.querySelector('td')!.textContent!.replace(/\D/g, '')),
          ]),
        );
      expect(tabled, chart).toEqual(drawn);
    }
  });

  it('shows the report of a period against the one before, and bhr report prints it to PDF', async () => {
    const range = { from: '2025-01-01', to: '2025-12-31' };
    const [current, previous] = await Promise.all(
      [range, { from: '2024-01-01', to: '2024-12-31' }].map((period) =>
        computeFigures(store, SearchQuery.parse(period), { statuses: ['published'], limit: 50 }),
      ),
    );
    await page.goto(`${base}/analytics/report?from=${range.from}&to=${range.to}`);
    expect(await accessibilityProblems(page)).toEqual([]);
    const summary = await page.locator('.summary').innerText();
    expect(summary).toContain(`recorded ${current!.records.toLocaleString('en-GB')} allegations`);
    expect(await page.locator('[data-figure="records"] .change').innerText()).toContain(
      `(${previous!.records.toLocaleString('en-GB')})`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png') });

    const out = join(dir, 'report.pdf');
    const run = await bhr(['report', '--from', range.from, '--to', range.to, '--out', out, '--db', database]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pdf = await getDocumentProxy(new Uint8Array(readFileSync(out)));
    const { text, totalPages } = await extractText(pdf, { mergePages: true });
    expect(totalPages).toBeGreaterThan(1);
    const words = text.replace(/\s+/g, ' ');
    expect(words).toContain('1 Jan 2025 – 31 Dec 2025');
    expect(words).toContain(`recorded ${current!.records.toLocaleString('en-GB')} allegations`);
    expect(words).toContain(`linked to ${current!.companiesNamed.toLocaleString('en-GB')} named companies`);
    expect(words).toContain(`at least ${current!.individuals.total.toLocaleString('en-GB')} individuals`);
    expect(words).toContain(`${current!.deaths.records.toLocaleString('en-GB')} records report deaths`);
  });
});
