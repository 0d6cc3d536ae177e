import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.ts';

/** The sentences one pass of the segmenter gives over each whole line: what the windowed reading must equal. */
function wholeLineSentences(text: string): string[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  return text
    .split('\n')
    .flatMap((line) => [...segmenter.segment(line)].map((piece) => piece.segment.trim()))
    .filter(Boolean);
}

const sentence = fc
  .array(fc.constantFrom('workers', 'were', 'paid', 'late', 'in', 'Malaysia', 'and', 'Qatar', '12'), {
    minLength: 1,
    maxLength: 12,
  })
  .chain((words) => fc.constantFrom('. ', '? ', '! ', '.\n').map((end) => `${words.join(' ')}${end}`));

describe('splitSentences', () => {
  it('reads a long line a window at a time with the same sentences as one pass over it', () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 500, maxLength: 2500 }), (sentences) => {
        const text = sentences.join('');
        expect(splitSentences(text).map((found) => found.text)).toEqual(wholeLineSentences(text));
      }),
      { numRuns: 20 },
    );
  });

  it('keeps offsets that point at each sentence in the text', () => {
    const text = 'Workers said so. '.repeat(3000) + 'The end.';
    for (const found of splitSentences(text)) expect(text.slice(found.start, found.end)).toBe(found.text);
  });

  it('cuts a run of 20,000 characters with no sentence end into pieces of at most 8,192, losing nothing', () => {
    const text = `${'a'.repeat(20_000)}. Next one.`;
    const found = splitSentences(text);
    for (const piece of found) expect(piece.text.length).toBeLessThanOrEqual(8192);
    expect(found.map((piece) => piece.text).join('')).toBe(text.replace(' ', ''));
  });
});
