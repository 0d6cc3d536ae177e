import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFormRecord } from '../../../test/support/arbitraries.ts';
import { textFormFields } from '../../../test/support/records.ts';
import { parseTextForm, parseTextFormRecords } from './parse.ts';
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

  it('parse(render(r)) equals r with the affected groups written on one line, the type only where it changes', () => {
    fc.assert(
      fc.property(textFormRecord, (record) => {
        const parsed = parseTextForm(renderRecord(record, { groupsOnOneLine: true }));
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

  it('gives the same records whatever the size of the windows a large text is read in', () => {
    fc.assert(
      fc.property(
        fc.array(textFormRecord, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3000 }),
        (records, windowSize) => {
          const text = renderRecords(records);
          expect([...parseTextFormRecords(text, { windowSize })]).toEqual(records.map(textFormFields));
        },
      ),
      { numRuns: 300 },
    );
  });
});
