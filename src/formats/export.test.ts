import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFormRecord } from '../../test/support/arbitraries.ts';
import { COMPANY_ROLES } from '../domain/enumerations.ts';
import type { StoredRecord } from '../domain/record.ts';
import { exportChunks, type ExportFormat } from './export.ts';
import { parseRecords } from './formats.ts';

/** Stored records: any text-form record plus the fields only the store and JSON carry. */
const storedRecord: fc.Arbitrary<StoredRecord> = fc
  .tuple(
    textFormRecord,
    fc.uuid(),
    fc.constantFrom('published', 'draft', 'in_review', 'retracted'),
    fc.option(fc.constantFrom('The Moscow Times', 'Reuters', 'Демо'), { nil: undefined }),
    fc.option(fc.webUrl({ validSchemes: ['https'] }), { nil: undefined }),
  )
  .map(([record, id, status, publisher, url]) => ({
    ...record,
    id,
    slug: `slug-${id}`,
    status: status as StoredRecord['status'],
    companies: record.companies.map((company) => ({ ...company, companyId: `c-${company.name.length}` })),
    sources: record.sources.map((source) => ({
      ...source,
      ...(publisher ? { publisher } : {}),
      ...(url ? { url } : {}),
    })),
    version: 1,
    createdAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:04:05.000Z',
  }));

/**
 * What a record is once it has been through the spreadsheet table: everything, but companies lose their
 * store ids and are grouped by role in the vocabulary's order (each role is a column).
 */
function asTable(record: StoredRecord): StoredRecord {
  const byRole = (role: string) => record.companies.filter((company) => company.role === role);
  return {
    ...record,
    companies: COMPANY_ROLES.flatMap(byRole).map(({ name, role }) => ({ name, role })),
  };
}
const afterRoundTrip = (format: ExportFormat, records: StoredRecord[]) =>
  format === 'csv' ? records.map(asTable) : records;

async function exported(records: StoredRecord[], format: ExportFormat): Promise<string> {
  async function* source() {
    yield* records;
  }
  let text = '';
  for await (const chunk of exportChunks(source(), format)) text += chunk;
  return text;
}

/** Text that spreadsheets would run as a formula, or that starts with quotes before such text. */
const FORMULA_STARTS = ['=', '+', '-', '@', "'", "'=", "''-", '-20% '];

/** A stored record whose text fields start like formulas (a summary may start with a tab or a return). */
const formulaLikeRecord: fc.Arbitrary<StoredRecord> = fc
  .tuple(
    storedRecord,
    fc.constantFrom(...FORMULA_STARTS),
    fc.constantFrom(...FORMULA_STARTS, '\t', '\r', '\r\n'),
  )
  .map(([record, start, summaryStart]) => ({
    ...record,
    title: `${start}${record.title}`,
    summary: `${summaryStart}${record.summary ?? 'wages'}`,
    location: { ...record.location, city: `${start}City` },
    companies: record.companies.map((company) => ({ ...company, name: `${start}${company.name}` })),
  }));

describe.each(['json', 'ndjson', 'csv'] as const)('%s export then import', (format) => {
  it('gives back the same records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(storedRecord, { maxLength: 5 }), async (records) => {
        const text = await exported(records, format);
        if (records.length === 0 && format === 'ndjson') return;
        expect(parseRecords(text, `export.${format}`, format)).toEqual(afterRoundTrip(format, records));
      }),
      { numRuns: 200 },
    );
  });

  it('gives back values that start like spreadsheet formulas unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(formulaLikeRecord, { minLength: 1, maxLength: 3 }), async (records) => {
        const text = await exported(records, format);
        expect(parseRecords(text, `export.${format}`, format)).toEqual(afterRoundTrip(format, records));
      }),
      { numRuns: 100 },
    );
  });
});

describe('csv export', () => {
  it('writes formula-like text with a leading quote, and reads "-20% wages" back as it was', async () => {
    const [record] = fc.sample(storedRecord, { numRuns: 1, seed: 7 });
    const hostile = { ...record!, title: '-20% wages', summary: '=HYPERLINK("https://evil.example")' };
    const text = await exported([hostile], 'csv');
    expect(text).toContain(`,'-20% wages,`);
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
    expect(parseRecords(text, 'export.csv', 'csv')).toEqual([asTable(hostile)]);
  });
});
