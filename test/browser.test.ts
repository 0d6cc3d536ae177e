import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticRecords } from '../src/demo/synthetic.ts';
import { countryName } from '../src/domain/countries.ts';
import { recordSlug } from '../src/domain/identity.ts';
import type { RecordInput } from '../src/domain/record.ts';
import { issueTerms } from '../src/domain/taxonomy.ts';
import { parseTextForm } from '../src/formats/text/parse.ts';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { CORPUS_DIR, corpusAvailable } from './support/shared.ts';
import {
  accessibilityProblems,
  phonePage,
  browserAvailable,
  openBrowserPage,
  SCREENSHOTS,
} from './support/browser.ts';

describe.runIf(browserAvailable() && corpusAvailable())('the web app in headless Chromium', () => {
  let dir: string;
  let store: Stores;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let corpus: { file: string; record: RecordInput }[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-browser-'));
    store = await openStores(join(dir, 'test.sqlite'));
    corpus = readdirSync(CORPUS_DIR)
      .filter((file) => file.endsWith('.txt'))
      .map((file) => ({ file, record: parseTextForm(readFileSync(join(CORPUS_DIR, file), 'utf8'))[0]! }));
    await store.records.upsertRecords(corpus.map(({ record }) => record));
    await store.records.upsertRecords(
      [...syntheticRecords({ count: 400, seed: 3 })].map((record) => ({ ...record, status: 'published' })),
    );
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

  const shoot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

  it('searches, applies and removes facets, pages through results, and downloads a CSV', async () => {
    await page.goto(`${base}/`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot('home');
    await page.getByLabel('Search the records').fill('wage');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=wage/);
    const total = await page.locator('#results').innerText();
    expect(total).toMatch(/^\d[\d,]* records$/);

    const firstCountry = page.locator('fieldset.facet').first().locator('input[type=checkbox]').first();
    const countryValue = await firstCountry.getAttribute('value');
    await firstCountry.check();
    await page.locator('aside button[type=submit]').click();
    await page.waitForURL(new RegExp(`country=${countryValue}`));
    const filtered = await page.locator('#results').innerText();
    expect(filtered).not.toBe(total);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot('search');

    await page.locator('.active-filters a').first().click();
    await page.waitForURL((url) => !url.searchParams.has('country'));
    expect(await page.locator('#results').innerText()).toBe(total);

    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/page=2/);
    expect(await page.locator('.pagination').innerText()).toContain('Page 2 of');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV' }).click();
    const file = await (await download).path();
    const rows = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
    expect(rows[0]!.slice(0, 3)).toEqual(['id', 'url', 'title']);
    expect(rows.length - 1).toBe(Number(total.replace(/\D/g, '')));
  });

  it('opens a record and its company', async () => {
    await page.goto(`${base}/search?q=wildberries`);
    await page.locator('.record-item h3 a').first().click();
    await page.waitForURL(/\/records\//);
    expect(await page.locator('h1').innerText()).toContain('Wildberries');
    await page.getByRole('link', { name: 'Wildberries' }).first().click();
    await page.waitForURL(/\/companies\//);
    expect(await page.locator('h1').innerText()).toBe('Wildberries');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot('company');
  });

  it('shows every field of each corpus record on its record page', async () => {
    for (const { file, record } of corpus) {
      await page.goto(`${base}/records/${recordSlug(record)}`);
      const text = await page.locator('main').innerText();
      expect(await page.locator('h1').innerText(), file).toBe(record.title);
      expect(text, file).toContain(countryName(record.location.country));
      for (const company of record.companies)
        expect(text, file).toContain(`${company.name} - ${company.role}`);
      expect(text, file).toContain(
        record.affected.total === null ? 'Number unknown' : String(record.affected.total),
      );
      for (const group of record.affected.groups) {
        expect(text, file).toContain(group.origin ? countryName(group.origin) : 'Origin unknown');
        expect(text, file).toContain(group.migrationStatus);
        if (group.gender) expect(text, file).toContain(group.gender);
      }
      for (const issue of record.issues) expect(text, file).toContain(issueTerms.label(issue));
      expect(text, file).toMatch(new RegExp(`Response sought\\s+${record.response.sought ? 'Yes' : 'No'}`));
      for (const source of record.sources) {
        expect(text, file).toContain(source.headline);
        for (const line of source.excerpt.split('\n')) expect(text, file).toContain(line);
      }
      if (record.summary) expect(text, file).toContain(record.summary);
    }
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot('record');
  });

  it('offers a corrected search, and says what to try when nothing matches', async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('forsed labour')}`);
    const offer = page.locator('.did-you-mean a');
    expect(await offer.innerText()).toBe('forced labour');
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot('search-did-you-mean');
    await offer.click();
    await page.waitForURL(/q=forced\+labour/);
    expect(await page.locator('#results').innerText()).toMatch(/^[1-9][\d,]* records?$/);

    await page.goto(`${base}/search?q=qwzx&country=MY`);
    expect(await page.locator('.nothing-found').innerText()).toContain('You could try:');
    expect(await page.getByRole('link', { name: 'CSV' }).count()).toBe(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot('search-nothing-found');
    await page.getByRole('link', { name: 'these filters without the words' }).click();
    await page.waitForURL((url) => !url.searchParams.has('q') && url.searchParams.get('country') === 'MY');
    expect(await page.locator('#results').innerText()).toMatch(/^[1-9][\d,]* records?$/);
  });

  it('keeps a search whose date range ends before it starts, with the error beside the date', async () => {
    await page.goto(`${base}/search?q=wage`);
    await page.locator('#from').fill('2025-02-01');
    await page.locator('#to').fill('2024-01-01');
    await page.locator('aside button[type=submit]').click();
    await page.waitForURL(/from=2025-02-01/);
    // The words and both dates stay as typed; the error sits in the date's own box, tied to its input.
    expect(await page.locator('input[name=q]').first().inputValue()).toBe('wage');
    expect(await page.locator('#from').inputValue()).toBe('2025-02-01');
    expect(await page.locator('#to').inputValue()).toBe('2024-01-01');
    const error = page.locator('#from-error');
    expect(await error.innerText()).toBe(
      '“2025-02-01” is after “2024-01-01”: the range starts on its first day and ends on its last.',
    );
    expect(await page.locator('#from').getAttribute('aria-describedby')).toBe('from-error');
    expect(await page.locator('.form-errors').innerText()).toContain('Reported from');
    // The search ran without the range: its records are listed, never a dead end.
    expect(await page.locator('#results').innerText()).toMatch(/^[1-9][\d,]* records?$/);
    expect(await page.locator('nav a[href="/"]').count()).toBeGreaterThan(0);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shoot('search-date-error');
    // Mended, the search takes the range.
    await page.locator('#to').fill('2025-12-31');
    await page.locator('aside button[type=submit]').click();
    await page.waitForURL(/to=2025-12-31/);
    expect(await page.locator('#from-error').count()).toBe(0);
  });

  it('fits a phone at 390 px: no page wider than the screen, a menu, the results before the filters', async () => {
    const phone = await phonePage(browser);
    const record = (await store.records.listRecords({ limit: 1 })).records[0]!;
    const slug = record.slug;
    const companyId = (await store.companies.listCompanies({ statuses: ['published'], limit: 1 }))
      .companies[0]!.id;
    try {
      const pages = [
        '/',
        '/search?q=wage',
        `/records/${slug}`,
        `/records/${slug}?lang=ru`,
        `/companies/${companyId}`,
        '/issues/wage-theft',
        '/countries/MY',
        '/analytics',
        '/screening',
        '/response-rates',
        '/api',
        '/sign-in',
        '/?lang=ru',
        '/search?q=wage&lang=ru',
        '/?lang=ko',
        `/records/${slug}?lang=ko`,
        '/analytics/report?from=2024-01-01&to=2025-12-31',
        '/search?q=qwzx',
        '/no-such-page',
      ];
      for (const path of pages) {
        await phone.goto(`${base}${path}`);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(
          390,
        );
        expect(await accessibilityProblems(phone), path).toEqual([]);
        // The same page wide, with no violation of any impact either.
        await page.goto(`${base}${path}`);
        expect(await accessibilityProblems(page), `${path} at 1280 px`).toEqual([]);
      }
      await phone.goto(`${base}/search?q=wage`);
      const results = await phone.locator('ol.records li').first().boundingBox();
      const filters = await phone.locator('#filters').boundingBox();
      expect(results!.y).toBeLessThan(844);
      expect(results!.y).toBeLessThan(filters!.y);
      await phone.screenshot({ path: join(SCREENSHOTS, 'search-390.png') });
      await phone.goto(`${base}/`);
      expect(await phone.getByRole('link', { name: 'Analytics' }).isVisible()).toBe(false);
      await phone.getByText('Menu').click();
      expect(await phone.getByRole('link', { name: 'Analytics' }).isVisible()).toBe(true);
      await phone.screenshot({ path: join(SCREENSHOTS, 'home-390-menu.png') });
    } finally {
      await phone.context().close();
    }
    // Wide, the links show without the menu's summary.
    await page.goto(`${base}/`);
    expect(await page.getByText('Menu').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Analytics' }).isVisible()).toBe(true);
  });

  it('shows home, search and record at 390 and 1280 px in English and Russian (screenshots)', async () => {
    const slug = (await store.records.listRecords({ limit: 1 })).records[0]!.slug;
    const phone = await phonePage(browser);
    try {
      for (const [name, path] of [
        ['home', '/'],
        ['search', '/search?q=wage'],
        ['record', `/records/${slug}`],
      ] as const)
        for (const language of ['en', 'ru'] as const)
          for (const [width, shown] of [
            [390, phone],
            [1280, page],
          ] as const) {
            const url = `${base}${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
            await shown.goto(url);
            expect(await shown.locator('html').getAttribute('lang'), url).toBe(language);
            expect(await shown.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(
              width,
            );
            await shown.screenshot({ path: join(SCREENSHOTS, `${name}-${width}-${language}.png`) });
          }
    } finally {
      await phone.context().close();
    }
  });

  it('renders taxonomy and API pages without accessibility violations', async () => {
    for (const [name, path] of [
      ['issue', '/issues/wage-theft'],
      ['country', '/countries/MY'],
      ['api', '/api'],
      ['record-ru', `/records/${(await store.records.listRecords({ limit: 1 })).records[0]!.slug}?lang=ru`],
    ] as const) {
      await page.goto(`${base}${path}`);
      expect(await accessibilityProblems(page), path).toEqual([]);
      await shoot(name);
    }
  });
});
