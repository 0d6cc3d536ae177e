import { describe, expect, it } from 'vitest';
import { legalFormAtStart } from './legal-forms.ts';
import { NameIndex } from './name-index.ts';
import { analyseName, normaliseName } from './normalise.ts';
import { CompanyScreen } from './screen.ts';
import { DEFAULT_THRESHOLD, REVIEW_THRESHOLD, scorePair } from './score.ts';

const even = () => 1;
/** The best score over the forms of each name (variants, readings), as screening takes it. */
const score = (a: string, b: string) =>
  analyseName(a)
    .flatMap((x) => analyseName(b).map((y) => scorePair(x, y, even).score))
    .reduce((best, value) => Math.max(best, value), -Infinity);

describe('name normalisation', () => {
  it('finds a legal form at the start of words as an article writes them, for the extractor', () => {
    expect(legalFormAtStart(['Ltd'])).toBe(1);
    expect(legalFormAtStart(['Sdn', 'Bhd', 'said'])).toBe(2);
    expect(legalFormAtStart(['S.A.'])).toBe(1);
    expect(legalFormAtStart(['The', 'Guardian'])).toBe(0);
    expect(legalFormAtStart(['Constructor'])).toBe(0);
  });
  it('sets legal forms aside in any script and at either end', () => {
    expect(normaliseName('OOO Wildberries')).toMatchObject({ squashed: 'wildberries', legalForms: ['LLC'] });
    expect(normaliseName('ООО «Вайлдберриз»')).toMatchObject({
      squashed: 'vayldberriz',
      legalForms: ['LLC'],
    });
    expect(normaliseName('Top Glove Corporation Bhd').legalForms).toEqual(['LLC']);
    const plant = normaliseName('JOINT STOCK COMPANY ZAVOD KULAKOVA');
    expect(plant.legalForms).toEqual(['JSC']);
    expect(plant.squashed).toBe('kulakova');
    expect(plant.descriptors.map((token) => token.ascii)).toEqual(['zavod']);
    const japanese = normaliseName('株式会社ＮＦＫホールディングス');
    expect(japanese.legalForms).toEqual(['JSC']);
    expect(japanese.core.map((token) => token.ascii)).toEqual(['nfk']);
    expect(japanese.descriptors.map((token) => token.symbol)).toEqual(['HOLDING']);
  });

  it('says why a name cannot be matched', () => {
    expect(normaliseName('').problem).toBe('the name is empty');
    expect(normaliseName('  ').problem).toBe('the name is empty');
    expect(normaliseName('?!-- ...').problem).toBe('the name has no letters or digits');
    expect(normaliseName('LLC').problem).toBe('the name is only a legal form or descriptor');
    expect(normaliseName('x'.repeat(10_000)).squashed.length).toBeLessThanOrEqual(300);
  });

  it('keeps digits with their word and splits where scripts meet', () => {
    expect(normaliseName('Теле2').core.map((token) => token.ascii)).toEqual(['tele2']);
    expect(normaliseName('ドン・キホーテUNY').core.map((token) => token.ascii)).toEqual([
      'don',
      'kihote',
      'uny',
    ]);
  });
});

describe('pair scores', () => {
  it('matches the same company written with other legal forms, scripts and spellings', () => {
    expect(score('WILDBERRIES LLC', 'OOO Wildberries')).toBeGreaterThanOrEqual(0.8);
    expect(score('Вайлдберриз', 'Wildberries')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('Top Glove Corporation Bhd', 'Top Glove')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('Northern Amber Chemical Industries', 'NACI')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    // Three letters are the initials of many names by chance (the fit on real pairs says so): for review.
    expect(score("Farmers' Union of the North", 'FUN')).toBeGreaterThanOrEqual(REVIEW_THRESHOLD);
    expect(score('株式会社ＮＦＫホールディングス', 'NFK HOLDINGS CO.,LTD.')).toBeGreaterThanOrEqual(
      DEFAULT_THRESHOLD,
    );
  });

  it('reads kanji as Japanese where they may be, and vowels into Korean, Hebrew and Arabic', () => {
    // Character by character, 鹿島建設 is the Chinese "luda ojianshe"; read as Japanese it is "kajima".
    expect(score('鹿島建設株式会社', 'KAJIMA CORPORATION')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('버거킹', 'Burger King')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('신세계', 'Shinsegae')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('keeps different companies apart', () => {
    expect(score('Top Glove', 'Hartalega Holdings')).toBeLessThan(0.3);
    expect(score('Example Trading 1 LLC', 'Example Trading 2 LLC')).toBeLessThan(DEFAULT_THRESHOLD);
    // A descriptor each name has and the other lacks counts against: well below the same descriptor.
    expect(
      score('Acme Bank PLC', 'Acme Bank Limited') - score('Acme Bank PLC', 'Acme Mining PLC'),
    ).toBeGreaterThan(0.25);
  });

  it('explains a score by the features that moved it, strongest first', () => {
    const { explanations } = scorePair(
      normaliseName('Acme Bank PLC'),
      normaliseName('Acme Mining PLC'),
      even,
    );
    expect(explanations.length).toBeGreaterThan(1);
    expect(explanations.map((explanation) => Math.abs(explanation.score))).toEqual(
      explanations.map((explanation) => Math.abs(explanation.score)).sort((a, b) => b - a),
    );
    expect(explanations.map((explanation) => explanation.detail).join('\n')).toMatch(
      /only in the first: bank/,
    );
  });

  it('takes points off where both sides have a country and they differ, and says so', () => {
    const same = scorePair(normaliseName('Example Works'), normaliseName('Example Works'), even, {
      a: 'MY',
      b: 'MY',
    });
    const other = scorePair(normaliseName('Example Works'), normaliseName('Example Works'), even, {
      a: 'MY',
      b: 'TH',
    });
    expect(same.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(other.score).toBeLessThan(DEFAULT_THRESHOLD);
    expect(other.explanations).toContainEqual(expect.objectContaining({ feature: 'country', score: -3 }));
    // The same country is a little evidence for: among close scores its companies come first.
    expect(same.explanations).toContainEqual(
      expect.objectContaining({ feature: 'sameCountry', score: 0.25 }),
    );
    expect(same.score).toBeGreaterThan(
      scorePair(normaliseName('Example Works'), normaliseName('Example Works'), even).score,
    );
  });
});

describe('the name index', () => {
  it('finds a company among many by any of its names, without scoring them all', () => {
    const index = new NameIndex();
    for (let number = 0; number < 5000; number++)
      index.add({ id: `c${number}`, name: `Company ${number} Trading Sdn Bhd` });
    index.add({ id: 'wb', name: 'Wildberries', aliases: ['Вайлдберриз'], country: 'RU' });
    const [best] = index.search('OOO Вайлдберриз', { country: 'RU' });
    expect(best).toMatchObject({ companyId: 'wb', name: 'Wildberries', match: true });
    expect(index.search('Company 4321 Trading Sdn. Bhd.')[0]).toMatchObject({
      companyId: 'c4321',
      match: true,
    });
    expect(index.search('')).toEqual([]);
  });
});

describe('screening', () => {
  const screen = new CompanyScreen([
    {
      id: 'parent',
      name: 'Example Holdings Berhad',
      otherNames: [],
      country: 'MY',
      parentId: null,
      allegations: 0,
    },
    {
      id: 'child',
      name: 'Example Gloves Sdn Bhd',
      otherNames: ['EG Gloves'],
      country: 'MY',
      parentId: 'parent',
      allegations: 3,
    },
  ]);

  it('shows the allegations against a subsidiary when the parent is screened', () => {
    const result = screen.screen({ name: 'EXAMPLE HOLDINGS BHD', country: 'Malaysia' });
    expect(result.matches[0]).toMatchObject({
      companyId: 'parent',
      match: true,
      allegations: 0,
      viaSubsidiaries: [{ companyId: 'child', name: 'Example Gloves Sdn Bhd', allegations: 3 }],
    });
  });

  it('answers a bad row with a reason and no matches', () => {
    expect(screen.screen({ name: 'LLC' }).error).toMatch(/only a legal form/);
    expect(screen.screen({ name: 'x'.repeat(10_000) }).error).toMatch(/10000 characters/);
    expect(screen.screen({ name: 'Example Gloves', country: 'Atlantis' }).error).toMatch(/unknown country/);
  });
});
