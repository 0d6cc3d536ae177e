import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFormRecord } from '../../test/support/arbitraries.ts';
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

async function exported(records: StoredRecord[], format: ExportFormat): Promise<string> {
  async function* source() {
    yield* records;
  }
  let text = '';
  for await (const chunk of exportChunks(source(), format)) text += chunk;
  return text;
}

describe.each(['json', 'ndjson', 'csv'] as const)('%s export then import', (format) => {
  it('gives back the same records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(storedRecord, { maxLength: 5 }), async (records) => {
        const text = await exported(records, format);
        if (records.length === 0 && format === 'ndjson') return;
        expect(parseRecords(text, `export.${format}`, format)).toEqual(records);
      }),
      { numRuns: 200 },
    );
  });
});
