import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aRecord } from '../../test/support/records.ts';
import { allCountryCodes } from '../domain/countries.ts';
import { COMPANY_ROLES } from '../domain/enumerations.ts';
import { RecordInput } from '../domain/record.ts';
import { groupTypeTerms, sectorTerms, subsectorTerms } from '../domain/taxonomy.ts';
import { INNER, LINE, joinList, splitList } from './list-cell.ts';
import { readTableRow, tableColumns, tableRow, type TableLayout } from './record-table.ts';

const LAYOUT: TableLayout = { publicUrl: 'https://bhr.example.org', publishedOnly: true };

/** A record through the table and back, as `bhr import` reads a CSV row (cells as text). */
function roundTrip(record: RecordInput): RecordInput {
  const columns = tableColumns({ publishedOnly: false });
  const cells = tableRow(record, columns, { publishedOnly: false });
  const row = Object.fromEntries(columns.map((column, index) => [column.name, String(cells[index])]));
  return RecordInput.parse(readTableRow(row));
}

describe('a list in one cell', () => {
  it.each([LINE, INNER])('gives back any items joined with %j', (separator) => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, unit: 'grapheme' }), { maxLength: 6 }), (items) => {
        expect(splitList(joinList(items, separator), separator)).toEqual(items);
      }),
    );
  });

  it('keeps backslashes, line breaks and semicolons inside an item', () => {
    const items = ['C:\\dir\\', 'two\nlines', 'a; b', 'end\r'];
    expect(splitList(joinList(items))).toEqual(items);
    expect(splitList(joinList(['Acme; Ltd', 'Beta'], INNER), INNER)).toEqual(['Acme; Ltd', 'Beta']);
  });

  it('reads lines a spreadsheet re-saved with \\r\\n, and a `;` typed without its space', () => {
    expect(splitList('Acme\r\nBeta')).toEqual(['Acme', 'Beta']);
    expect(splitList('Acme;Beta', INNER)).toEqual(['Acme', 'Beta']);
  });
});

describe('the record table', () => {
  it('has one column per company role of the vocabulary, and labels beside the ids', () => {
    const names = tableColumns(LAYOUT).map((column) => column.name);
    for (const role of COMPANY_ROLES) expect(names).toContain(role);
    expect(names).toEqual(expect.arrayContaining(['locationCountryName', 'issueLabels', 'url']));
    expect(names).not.toContain('internalNotes');
    expect(names).not.toContain('retractionReason');
    expect(tableColumns({ publishedOnly: false }).map((column) => column.name)).toContain('retractionReason');
  });

  it('writes labels, names and the record URL, and one line per group and per source', () => {
    const record = aRecord({
      slug: 'workers-unpaid',
      companies: [
        { name: 'Buyer One', role: 'Buyer' },
        { name: 'Maker Sdn Bhd', role: 'Employer' },
        { name: 'Buyer Two', role: 'Buyer' },
      ],
      issues: ['wage-theft', 'forced-labour-modern-slavery'],
      affected: {
        total: 300,
        groups: [
          { ...aRecord().affected.groups[0]!, origin: 'NP' },
          {
            type: 'workers',
            count: null,
            origin: null,
            sector: null,
            subsector: null,
            gender: null,
            migrationStatus: 'Unknown migration status',
          },
        ],
      },
    });
    const columns = tableColumns(LAYOUT);
    const cells = tableRow(record, columns, LAYOUT);
    const cell = (name: string) => cells[columns.findIndex((column) => column.name === name)];
    expect(cell('url')).toBe('https://bhr.example.org/records/workers-unpaid');
    expect(cell('locationCountryName')).toBe('Malaysia');
    expect(cell('issueLabels')).toBe('Wage theft\nForced Labour & Modern Slavery');
    expect(cell('Buyer')).toBe('Buyer One\nBuyer Two');
    expect(cell('Employer')).toBe('Maker Sdn Bhd');
    expect(cell('affectedGroupType')).toBe('Migrant & immigrant workers\nWorkers');
    expect(cell('affectedGroupCount')).toBe('120\n');
    expect(cell('affectedGroupOrigin')).toBe('Nepal\n');
    expect(cell('affectedGroupSector')).toBe('Manufacturing\n');
    expect(cell('sourceHeadline')).toBe('Workers say wages went unpaid');
    expect(cell('affectedTotal')).toBe(300);
  });

  it('reads back every country, group type, sector and subsector it writes by name', () => {
    const base = aRecord();
    for (const origin of allCountryCodes()) {
      const group = { ...base.affected.groups[0]!, origin };
      const record = { ...base, location: { country: origin }, affected: { total: 1, groups: [group] } };
      expect(roundTrip(record).affected.groups[0]!.origin, origin).toBe(origin);
    }
    for (const type of groupTypeTerms.ids()) {
      const group = { ...base.affected.groups[0]!, type };
      expect(roundTrip({ ...base, affected: { total: 1, groups: [group] } }).affected.groups[0]!.type).toBe(
        type,
      );
    }
    for (const subsector of subsectorTerms.terms) {
      const group = { ...base.affected.groups[0]!, sector: subsector.sector, subsector: subsector.id };
      const read = roundTrip({ ...base, affected: { total: 1, groups: [group] } }).affected.groups[0]!;
      expect([read.sector, read.subsector]).toEqual([subsector.sector, subsector.id]);
    }
    expect(sectorTerms.ids().length).toBeGreaterThan(0);
  });

  it('names the column and the count when aligned lines do not match', () => {
    const columns = tableColumns(LAYOUT);
    const cells = tableRow(aRecord(), columns, LAYOUT);
    const row = Object.fromEntries(columns.map((column, index) => [column.name, String(cells[index])]));
    expect(() => readTableRow({ ...row, affectedGroupCount: '1\n2' })).toThrow(
      'column affectedGroupCount has 2 line(s) where 1 were expected, one per item',
    );
  });
});
