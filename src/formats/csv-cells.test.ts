import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvText, guardCell, restoreCell } from './csv-cells.ts';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

describe('guardCell', () => {
  it.each(TRIGGERS)('prefixes a text cell starting with %j with a quote', (trigger) => {
    expect(guardCell(`${trigger}SUM(A1:A9)`)).toBe(`'${trigger}SUM(A1:A9)`);
  });

  it('leaves other text alone, a trigger later in the cell included', () => {
    for (const text of ['', 'Example Works', ' =1+1', 'wages -20%', "'quoted", '1+1', '[{"name":"=x"}]'])
      expect(guardCell(text)).toBe(text);
  });

  it('prefixes a value that already starts with quotes before a trigger, so that reading back can tell', () => {
    expect(guardCell("'=1+1")).toBe("''=1+1");
    expect(restoreCell("''=1+1")).toBe("'=1+1");
  });

  it('is undone by restoreCell for any text', () => {
    const text = fc.tuple(fc.constantFrom('', "'", "''", ...TRIGGERS), fc.string()).map(([a, b]) => a + b);
    fc.assert(fc.property(text, (value) => restoreCell(guardCell(value)) === value));
  });
});

describe('csvText', () => {
  it('guards text cells and writes numbers as numbers, negative ones included', () => {
    const csv = csvText([
      ['name', 'count'],
      ['=HYPERLINK("https://evil.example")', -2],
      ['@SUM(A1)', 3],
    ]);
    expect(parse(csv)).toEqual([
      ['name', 'count'],
      [`'=HYPERLINK("https://evil.example")`, '-2'],
      ["'@SUM(A1)", '3'],
    ]);
  });

  it('keeps a guarded carriage return or tab inside its cell', () => {
    expect(parse(csvText([['\rline', '\tcell']]))).toEqual([["'\rline", "'\tcell"]]);
  });
});
