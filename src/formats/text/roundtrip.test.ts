import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFormRecord } from '../../../test/support/arbitraries.ts';
import { textFormFields } from '../../../test/support/records.ts';
import { parseTextForm } from './parse.ts';
import { renderRecord, renderRecords } from './render.ts';

describe('text form round trip', () => {
  it('parse(render(r)) equals r on every field the text form carries', () => {
    fc.assert(
      fc.property(textFormRecord, (record) => {
        const parsed = parseTextForm(renderRecord(record));
        expect(parsed).toEqual([textFormFields(record)]);
      }),
      { numRuns: 1000 },
    );
  });

  it('several rendered records parse back as the same list', () => {
    fc.assert(
      fc.property(fc.array(textFormRecord, { minLength: 1, maxLength: 5 }), (records) => {
        expect(parseTextForm(renderRecords(records))).toEqual(records.map(textFormFields));
      }),
      { numRuns: 200 },
    );
  });
});
