import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.ts';
import { CORPUS_DIR, corpusAvailable } from '../../../test/support/shared.ts';
import { parseTextForm } from './parse.ts';
import { renderRecord } from './render.ts';
import { aRecord } from '../../../test/support/records.ts';

/** Parsing may succeed or throw InputError with located issues; anything else is a bug. */
function parsesOrFailsCleanly(text: string): void {
  try {
    parseTextForm(text, { file: 'fuzz.txt' });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const issue of error.issues) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
}

const seeds = [
  renderRecord(aRecord()),
  ...(corpusAvailable()
    ? readdirSync(CORPUS_DIR)
        .filter((file) => file.endsWith('.txt'))
        .map((file) => readFileSync(join(CORPUS_DIR, file), 'utf8'))
    : []),
];

/** A mutation of a seed text: lines dropped, duplicated, swapped or cut, characters inserted or removed. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(
      fc.record({
        kind: fc.constantFrom('drop', 'duplicate', 'swap', 'truncate', 'insert', 'delete', 'glue'),
        at: fc.nat(),
        other: fc.nat(),
        text: fc.string({ unit: 'grapheme', maxLength: 8 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([seed, mutations]) => {
    let lines = seed.split('\n');
    for (const { kind, at, other, text } of mutations) {
      const index = at % Math.max(1, lines.length);
      const second = other % Math.max(1, lines.length);
      const line = lines[index] ?? '';
      switch (kind) {
        case 'drop':
          lines.splice(index, 1);
          break;
        case 'duplicate':
          lines.splice(index, 0, line);
          break;
        case 'swap':
          [lines[index], lines[second]] = [lines[second] ?? '', line];
          break;
        case 'truncate':
          lines = lines.slice(0, index);
          break;
        case 'insert':
          lines[index] =
            line.slice(0, other % (line.length + 1)) + text + line.slice(other % (line.length + 1));
          break;
        case 'delete':
          lines[index] =
            line.slice(0, other % (line.length + 1)) + line.slice((other % (line.length + 1)) + 3);
          break;
        case 'glue':
          lines.splice(index, 2, line + (lines[index + 1] ?? ''));
          break;
      }
    }
    return lines.join('\n');
  });

describe('parser fuzzing', () => {
  it('never throws anything but InputError on 5,000 mutated records', () => {
    fc.assert(fc.property(mutated, parsesOrFailsCleanly), { numRuns: 5000 });
  });

  it('never throws anything but InputError on 5,000 random texts', () => {
    const randomText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc
        .array(
          fc.constantFrom(
            'Summary',
            'Companies',
            'Affected',
            'Issues',
            'Response',
            'Date Reported: 1 Jan 2020',
            '( 1 - Nepal - x , Men , Documented migrants )',
            '“a”, 1 May 2020',
            'x',
            '',
          ),
          { maxLength: 30 },
        )
        .map((lines) => lines.join('\n')),
    );
    fc.assert(fc.property(randomText, parsesOrFailsCleanly), { numRuns: 5000 });
  });
});
