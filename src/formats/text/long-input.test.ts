import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.ts';
import { aRecord } from '../../../test/support/records.ts';
import { hangulWord } from '../../../test/support/text.ts';
import { parseTextForm } from './parse.ts';
import { renderRecord } from './render.ts';

/**
 * Lines no real record has, 200,000 characters long. Each once took minutes or more (patterns that tried every
 * split of a run of spaces, lookups of every prefix) or overflowed the stack; each must now parse in a moment.
 */
const LONG = 200_000;
const SPACES = ' '.repeat(LONG);
const FAST = 10_000;

const good = renderRecord(aRecord());

function problems(text: string): string[] {
  try {
    parseTextForm(text, { file: 'long.txt' });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).issues.map((issue) => `${issue.line}: ${issue.message.slice(0, 60)}`);
  }
  return [];
}

describe('the text form on long lines', () => {
  it.each([
    [
      'a company item with a long run of spaces',
      ['Example Works Sdn Bhd - Employer', `Example${SPACES}Works`],
    ],
    [
      'an affected-group type with a long run of spaces',
      ['Migrant & immigrant workers:', `Migrant${SPACES}x`],
    ],
    [
      'an affected-group type after a long run of commas',
      ['Migrant & immigrant workers:', `${','.repeat(LONG)}x`],
    ],
    ['a count with a long run of spaces', ['( 120 - Nepal', `( 1${SPACES}x - Nepal`]],
    ['an origin of dashes', ['( 120 - Nepal', `( 120 - ${'-'.repeat(LONG)}`]],
    ['an issue line with a long run of spaces', ['Wage theft', `Wage${SPACES}x`]],
    ['a location of many commas', ['Location: Malaysia', `Location: ${'a,'.repeat(LONG / 2)}x`]],
  ] as const)(
    '%s is refused, naming its line',
    (_name, [from, to]) => {
      const found = problems(good.replace(from, to));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^\d+: (expected|malformed|unknown)/);
    },
    FAST,
  );

  it(
    'reads a summary that is one word of 200,000 Hangul syllables',
    () => {
      const word = hangulWord(LONG);
      const [record] = parseTextForm(renderRecord(aRecord({ summary: word })));
      expect(record!.summary).toBe(word);
    },
    FAST,
  );

  const twoCompanies = renderRecord(
    aRecord({
      companies: [
        { name: 'A', role: 'Employer' },
        { name: 'A, A', role: 'Buyer' },
      ],
      sources: [{ companies: ['A'], headline: 'First', published: '2025-03-14', excerpt: 'x' }],
    }),
  );

  it(
    'reads a source heading that lists tens of thousands of company names, without recursion',
    () => {
      const heading = `${'A, '.repeat(LONG / 3)}A`;
      const [record] = parseTextForm(
        twoCompanies.replace('x\n', `x\n${heading}\n“Second”, 15 March 2025\ny\n`),
      );
      expect(record!.sources).toHaveLength(2);
      // The longest name first wherever it leads to a full reading: "A, A" each time, then the last "A".
      expect(record!.sources[1]!.companies.join(', ')).toBe(heading);
      expect(record!.sources[1]!.companies[0]).toBe('A, A');
    },
    FAST,
  );

  it(
    'gives up on a heading that no reading explains at once, though names with commas allow many readings',
    () => {
      const heading = `${'A, '.repeat(60)}Z`;
      const [record] = parseTextForm(
        twoCompanies.replace('x\n', `x\n${heading}\n“Second”, 15 March 2025\ny\n`),
      );
      // Not a list of the record's companies: the line ends the first excerpt.
      expect(record!.sources[0]!.excerpt).toBe(`x\n${heading}`);
      expect(record!.sources[1]!.companies).toEqual(['A']);
    },
    FAST,
  );
});
