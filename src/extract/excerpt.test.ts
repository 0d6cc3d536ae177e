import { describe, expect, it } from 'vitest';
import { EXCERPT_CHARACTERS, GAP, LONG_PARAGRAPH, sourceExcerpt } from './excerpt.ts';
import { extractDraft } from './extract.ts';

/** Evidence for the first place the words stand in the text. */
function at(text: string, words: string, path = '/issues/0') {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`not in the text: ${words}`);
  return { path, start, end: start + words.length };
}

const HEADLINE = 'Bakers at Crumbly Foods say overtime went unpaid';
const ARTICLE = [
  HEADLINE,
  '4 June 2024',
  '',
  'Forty bakers at Crumbly Foods Ltd in Testville say they worked unpaid overtime for a year.',
  'The bakery opened in 1998 and sells bread across the region.',
  'Its new ovens were installed last spring.',
  'The bakers said managers held back their wages when they complained.',
  'Crumbly Foods did not answer questions.',
].join('\n');

describe('sourceExcerpt: the paragraphs that carry the evidence', () => {
  it('keeps those paragraphs in the article’s order, an ellipsis before a line that does not follow the last', () => {
    const excerpt = sourceExcerpt(ARTICLE, [
      at(ARTICLE, 'held back their wages', '/issues/1'),
      at(ARTICLE, 'Crumbly Foods Ltd', '/companies/0/name'),
      at(ARTICLE, 'unpaid overtime', '/issues/0'),
      at(ARTICLE, 'did not answer', '/issues/2'),
    ]);
    expect(excerpt).toBe(
      [
        'Forty bakers at Crumbly Foods Ltd in Testville say they worked unpaid overtime for a year.',
        `${GAP}The bakers said managers held back their wages when they complained.`,
        'Crumbly Foods did not answer questions.',
      ].join('\n'),
    );
    expect(excerpt).not.toContain('ovens');
  });

  it('leaves out the headline and date lines, which are the evidence of the frame, not quotes', () => {
    const excerpt = sourceExcerpt(ARTICLE, [
      at(ARTICLE, HEADLINE, '/title'),
      at(ARTICLE, HEADLINE, '/sources/0/headline'),
      at(ARTICLE, '4 June 2024', '/dateReported'),
      at(ARTICLE, 'Crumbly Foods Ltd', '/companies/0/name'),
      at(ARTICLE, 'managers held back', '/issues/0'),
    ]);
    expect(excerpt).not.toContain(HEADLINE);
    expect(excerpt).not.toContain('4 June 2024');
    expect(excerpt.split('\n')).toHaveLength(2);
  });

  it('quotes only the sentences that carry evidence when a paragraph is long', () => {
    const filler = 'The town held its yearly fair in the square, with stalls and music. '.repeat(12);
    const long = `Drivers at Swiftvan Couriers said they were fined for late parcels. ${filler}They also said the depot kept their licences.`;
    expect(long.length).toBeGreaterThan(LONG_PARAGRAPH);
    const excerpt = sourceExcerpt(long, [
      at(long, 'fined for late parcels', '/issues/0'),
      at(long, 'kept their licences', '/issues/1'),
    ]);
    expect(excerpt).toBe(
      `Drivers at Swiftvan Couriers said they were fined for late parcels.\n${GAP}They also said the depot kept their licences.`,
    );
  });

  it('stays within its length, keeping the paragraphs with the most evidence', () => {
    const paragraph = (n: number) =>
      `Paragraph ${n} tells of workers at Example Works. ${'More words. '.repeat(40)}`;
    const text = Array.from({ length: 8 }, (_, n) => paragraph(n)).join('\n');
    const evidence = [
      at(text, 'Paragraph 5', '/issues/0'),
      at(text, 'Paragraph 5 tells of workers', '/affected/total'),
      ...Array.from({ length: 8 }, (_, n) => at(text, `Paragraph ${n}`, `/companies/${n}/name`)),
    ];
    const excerpt = sourceExcerpt(text, evidence);
    expect(excerpt.length).toBeLessThanOrEqual(EXCERPT_CHARACTERS);
    expect(excerpt).toContain('Paragraph 5');
    expect(excerpt.length).toBeLessThan(text.length);
  });

  it('gives the opening paragraph when nothing is told in the article’s words, and nothing for no text', () => {
    expect(
      sourceExcerpt(ARTICLE, [at(ARTICLE, HEADLINE, '/title'), at(ARTICLE, '4 June 2024', '/dateReported')]),
    ).toBe('Forty bakers at Crumbly Foods Ltd in Testville say they worked unpaid overtime for a year.');
    expect(sourceExcerpt('', [])).toBe('');
  });
});

describe('extractDraft’s source excerpt', () => {
  it('is the paragraphs with the draft’s evidence, not the whole article', () => {
    const text = [
      'Cleaners at Brightmop Services say they were not paid',
      '',
      'Sixty cleaners employed by Brightmop Services Ltd at office towers in Kuala Lumpur, Malaysia, say the company has not paid their wages for two months.',
      'The towers were finished in 2015 and have forty floors each.',
      'A spokesperson for the building owner said the lifts were recently renovated.',
      'The cleaners, migrants from Nepal, said a supervisor kept their passports.',
    ].join('\n');
    const result = extractDraft({ text, date: '2024-05-02' });
    const excerpt = result.record.sources?.[0]?.excerpt ?? '';
    expect(excerpt).toContain('Sixty cleaners employed by Brightmop Services Ltd');
    expect(excerpt).toContain('kept their passports');
    expect(excerpt).not.toContain('forty floors');
    expect(excerpt).not.toContain('Cleaners at Brightmop Services say');
    expect(excerpt).toContain(`\n${GAP}The cleaners`);
  });
});
