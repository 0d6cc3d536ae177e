import { describe, expect, it } from 'vitest';
import { parseTextQuery, type TextMatch } from './text-query.ts';

const phrases = (match: TextMatch): string[] =>
  match.kind === 'phrase'
    ? [match.words.join(' ')]
    : match.kind === 'any' || match.kind === 'all'
      ? match.of.flatMap(phrases)
      : [];
const terms = (match: TextMatch): string[] =>
  match.kind === 'term'
    ? [match.token]
    : match.kind === 'any' || match.kind === 'all'
      ? match.of.flatMap(terms)
      : [];

describe('the names a query word expands to', () => {
  it('leave out longer names that hold a shorter one, which finds every record they would', () => {
    const nepal = parseTextQuery('Nepal')!.match;
    expect(terms(nepal)).toEqual(expect.arrayContaining(['nepal', 'bhrcountrynp']));
    // "Federal Democratic Republic of Nepal" holds "Nepal"; its Russian form holds "Непал".
    expect(phrases(nepal).filter((phrase) => /nepal|непал/.test(phrase))).toEqual([]);
  });

  it('keep the names that share no word with a shorter one', () => {
    const ivory = parseTextQuery('Ivory Coast')!.match;
    expect(phrases(ivory)).toContain('cote d ivoire');
    const russia = parseTextQuery('Russia')!.match;
    expect(phrases(russia)).toContain('российская федерация');
  });
});
