import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { DEFAULT_THRESHOLD, REVIEW_THRESHOLD } from '../src/matching/score.ts';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import { buildServer } from '../src/web/server.tsx';
import { accessibilityProblems, browserAvailable, launchChromium, SCREENSHOTS } from './support/browser.ts';
import { aRecord } from './support/records.ts';

/** A multipart body with one file field and some text fields, as a browser sends it. */
function multipart(
  file: { name: string; type: string; bytes: Buffer } | undefined,
  fields: Record<string, string>,
) {
  const boundary = '----bhr-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="list"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('the screening page', () => {
  let dir: string;
  let store: Stores;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-screening-'));
    store = await openStores(join(dir, 'test.sqlite'));
    await store.records.upsertRecords([
      aRecord({ companies: [{ name: 'Selangor Gloves Berhad', role: 'Employer' }] }),
      aRecord({ title: 'Another case', companies: [{ name: 'Selangor Gloves Berhad', role: 'Supplier' }] }),
    ]);
    await store.companies.importCompanies([
      {
        name: 'Selangor Gloves Berhad',
        aliases: ['セランゴール手袋'],
        previousNames: [],
        identifiers: {},
        country: 'MY',
      },
      { name: 'Wildberries', aliases: ['Вайлдберриз'], previousNames: [], identifiers: {}, country: 'RU' },
    ]);
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('screens an Excel workbook and pasted names, and says what is wrong with a file it cannot read', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Suppliers');
    sheet.addRow(['Name', 'Country', 'ID']);
    sheet.addRow(['SELANGOR GLOVES BHD', 'Malaysia', 'S-1']);
    sheet.addRow(['OOO Вайлдберриз', 'RU', 'S-2']);
    sheet.addRow(['LLC', '', 'S-3']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const xlsx = await app.inject({
      method: 'POST',
      url: '/screening',
      ...multipart({ name: 'suppliers.xlsx', type: 'application/octet-stream', bytes }, { threshold: '0.7' }),
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.body).toContain('suppliers.xlsx: 3 names screened, 2 with a match at 0.7;');
    expect(xlsx.body).toContain('Selangor Gloves Berhad');
    expect(xlsx.body).toContain('the name is only a legal form or descriptor');

    const pasted = await app.inject({
      method: 'POST',
      url: '/screening',
      ...multipart(undefined, { names: 'Wildberries LLC\n\nGloves Selangor Industries\n' }),
    });
    // A possible match is counted, shown and labelled apart from the matches.
    expect(pasted.body).toContain(
      `The names pasted: 2 names screened, 1 with a match at ${DEFAULT_THRESHOLD}; 1 other with a possible match to review (from ${REVIEW_THRESHOLD}).`,
    );
    expect(pasted.body.match(/<tr class="is-match">/g)).toHaveLength(1);
    expect(pasted.body.match(/<tr class="is-possible">/g)).toHaveLength(1);
    expect(pasted.body).toMatch(/class="band band-review">possible match, review</);
    const inRussian = multipart(undefined, { names: 'Wildberries LLC\nGloves Selangor Industries' });
    const russian = await app.inject({
      method: 'POST',
      url: '/screening',
      headers: { ...inRussian.headers, 'accept-language': 'ru' },
      payload: inRussian.payload,
    });
    expect(russian.body).toContain('ещё с возможным совпадением, проверить: 1');
    expect(russian.body).toMatch(/class="band band-review">возможное совпадение, проверить</);

    // A threshold that is no score: the pasted names come back as typed, the error beside the threshold.
    const badThreshold = await app.inject({
      method: 'POST',
      url: '/screening',
      ...multipart(undefined, { names: 'Wildberries LLC\nSelangor Gloves', threshold: '1.5' }),
    });
    expect(badThreshold.statusCode).toBe(400);
    expect(badThreshold.body).toMatch(
      /id="threshold-error"[^>]*>“1\.5” is not a score: give a number from 0 to 1/,
    );
    expect(badThreshold.body).toContain('>Wildberries LLC\nSelangor Gloves</textarea>');
    expect(badThreshold.body).toContain('value="1.5"');
    expect(badThreshold.body).toMatch(/aria-describedby="threshold-error"/);
    const nothing = await app.inject({
      method: 'POST',
      url: '/screening',
      ...multipart(undefined, { names: ' ' }),
    });
    expect(nothing.body).toMatch(/id="names-error"[^>]*>Give a file or paste at least one name\./);

    const missing = await app.inject({
      method: 'POST',
      url: '/screening',
      ...multipart({ name: 'list.csv', type: 'text/csv', bytes: Buffer.from('company\nWildberries\n') }, {}),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('list.csv:1: missing column name');
    const notExcel = await app.inject({
      method: 'POST',
      url: '/screening',
      ...multipart(
        { name: 'list.xlsx', type: 'application/octet-stream', bytes: Buffer.from('not a workbook') },
        {},
      ),
    });
    expect(notExcel.statusCode).toBe(400);
    expect(notExcel.body).toContain('not an Excel workbook');
    const huge = await app.inject({
      method: 'POST',
      url: '/screening',
      ...multipart({ name: 'huge.csv', type: 'text/csv', bytes: Buffer.alloc(6 * 1024 * 1024, 'a') }, {}),
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.body).toMatch(/huge\.csv.*larger than 5 MB/);
  });

  it('writes the report with each match in its band, as CSV or as an Excel workbook', async () => {
    const form = new URLSearchParams({
      file: 'suppliers.csv',
      'rows.0.name': 'Wild Berry Farms',
      'rows.0.country': '',
      'rows.0.id': 'S-4',
      'rows.0.error': '',
      'rows.0.matches.0.companyId': 'c1',
      'rows.0.matches.0.name': 'Wildberries',
      'rows.0.matches.0.score': '0.34',
      'rows.0.matches.0.match': 'false',
      'rows.0.matches.0.band': 'review',
      'rows.0.matches.0.allegations': '0',
      'rows.0.matches.0.via': '',
      'rows.0.matches.0.decision': 'rejected',
      'rows.1.name': 'Selangor Gloves Bhd',
      'rows.1.matches.0.companyId': 'c2',
      'rows.1.matches.0.name': 'Selangor Gloves Berhad',
      'rows.1.matches.0.score': '0.86',
      'rows.1.matches.0.match': 'true',
      'rows.1.matches.0.band': '=HYPERLINK("x")',
    });
    const post = (format: string) =>
      app.inject({
        method: 'POST',
        url: '/screening/report',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `${form.toString()}&format=${format}`,
      });
    const csv = parse((await post('csv')).body, { columns: true }) as Record<string, string>[];
    expect(csv.map((row) => [row.input_id, row.band, row.decision])).toEqual([
      ['S-4', 'review', 'rejected'],
      // A band that is not one of ours is not carried into the report.
      ['', '', 'undecided'],
    ]);
    const excel = await post('xlsx');
    expect(excel.headers['content-disposition']).toContain('screening-suppliers.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(excel.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(row[header.indexOf('band')]).toBe('review');
    expect(row[header.indexOf('score')]).toBe(0.34);
  });

  it("shows a company's other names and country on its page and in the API", async () => {
    const [selangor] = (await store.companies.matchableCompanies({ statuses: ['published'] })).filter(
      (company) => company.name === 'Selangor Gloves Berhad',
    );
    const page = await app.inject(`/companies/${selangor!.id}`);
    expect(page.body).toContain('Also known as');
    expect(page.body).toContain('セランゴール手袋');
    expect(page.body).toContain('Malaysia');
    const json = (await app.inject(`/api/v1/companies/${selangor!.id}`)).json();
    expect(json).toMatchObject({ country: 'MY', otherNames: [{ name: 'セランゴール手袋', kind: 'alias' }] });
  });

  describe.runIf(browserAvailable())('in headless Chromium', () => {
    let browser: Browser;
    let base: string;
    beforeAll(async () => {
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchChromium();
    });
    afterAll(async () => browser?.close());

    it('uploads a supplier list, confirms a match and downloads the report', async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        bypassCSP: true,
        acceptDownloads: true,
      });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.getByRole('link', { name: 'Screen a list' }).click();
      expect(await accessibilityProblems(page)).toEqual([]);
      await page.setInputFiles('#list', {
        name: 'suppliers.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'name,country,id\nSelangor Gloves Bhd,MY,S-1\nВайлдберриз,,S-2\nUnrelated Trading Co,,S-3\nGloves Selangor Industries,,S-4\n',
        ),
      });
      await page.getByRole('button', { name: 'Screen the list' }).click();
      await page.waitForURL(`${base}/screening`);
      expect(await page.locator('main p').first().innerText()).toContain(
        `4 names screened, 2 with a match at ${DEFAULT_THRESHOLD}; 1 other with a possible match to review`,
      );
      expect(await page.locator('tr.is-possible').innerText()).toContain('possible match, review');
      expect(await accessibilityProblems(page)).toEqual([]);
      await page
        .getByLabel('Your decision on Selangor Gloves Berhad (for “Selangor Gloves Bhd”)')
        .selectOption('confirmed');
      await page.getByLabel('Your decision on Wildberries (for “Вайлдберриз”)').selectOption('rejected');
      await page.screenshot({ path: join(SCREENSHOTS, 'screening.png'), fullPage: true });
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download the report (CSV)' }).click();
      const report = parse(readFileSync((await (await download).path())!, 'utf8'), {
        columns: true,
      }) as Record<string, string>[];
      expect(report.find((row) => row.input_id === 'S-1')).toMatchObject({
        company_name: 'Selangor Gloves Berhad',
        match: 'true',
        band: 'match',
        allegations: '2',
        decision: 'confirmed',
      });
      expect(report.find((row) => row.input_id === 'S-2')).toMatchObject({
        company_name: 'Wildberries',
        decision: 'rejected',
      });
      expect(report.find((row) => row.input_id === 'S-3')).toMatchObject({ company_name: '', band: '' });
      expect(report.find((row) => row.input_id === 'S-4')).toMatchObject({
        company_name: 'Selangor Gloves Berhad',
        match: 'false',
        band: 'review',
        decision: 'undecided',
      });
      const excel = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download the report (Excel)' }).click();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await (await excel).path())!);
      const bands = workbook.worksheets[0]!.getColumn(9).values.slice(1);
      expect(bands).toEqual(expect.arrayContaining(['band', 'match', 'review']));
      await context.close();
    });

    it('shows the results on a phone: no wider than the screen, no accessibility violation', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${base}/screening`);
      await page.locator('#names').fill('Selangor Gloves Bhd\nВайлдберриз\nUnrelated Trading Co');
      await page.getByRole('button', { name: 'Screen the list' }).click();
      await page.waitForURL(`${base}/screening`);
      expect(await page.locator('main p').first().innerText()).toContain('3 names screened');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await accessibilityProblems(page)).toEqual([]);
      await context.close();
    });
  });
});
