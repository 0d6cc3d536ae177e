import { describe, expect, it } from 'vitest';
import { extractDraft } from './extract.ts';

/**
 * The affected workers on the kinds of text real articles give: counts beside other numbers and other people,
 * origins in breakdowns and lists, a single victim among other people. Sentences written for this test.
 */
const affectedOf = (text: string) => extractDraft({ text }).record.affected;

describe('the number of workers affected', () => {
  it('reads a number with thousands separators whole', () => {
    expect(
      affectedOf('More than 140,000 garment workers at Linden Apparel were not paid in April.')?.total,
    ).toBe(140_000);
  });

  it('does not count the people of a caption line', () => {
    const affected = affectedOf(
      [
        'Three workers outside the gate on Monday',
        '',
        'About 260 migrant workers at the Tamarind Foods plant say they were not paid for two months.',
      ].join('\n'),
    );
    expect(affected?.total).toBe(260);
  });

  it('does not count a worker’s family', () => {
    const affected = affectedOf(
      'Ravi, a father of two children, said he and 45 other welders at Crestline Marine had not been paid since June.',
    );
    expect(affected?.total).not.toBe(2);
  });

  it('does not take a day of the month for a count', () => {
    const affected = affectedOf(
      'On March 3, 40 workers at the Kelso Brickworks were locked inside the kiln yard overnight.',
    );
    expect(affected?.total).toBe(40);
  });

  it('counts those wronged, not the witnesses who told of them', () => {
    const affected = affectedOf(
      'Researchers interviewed 12 workers at Ambergate Textiles. They said 300 workers at the mill had their ' +
        'wages withheld for three months.',
    );
    expect(affected?.total).toBe(300);
  });

  it('counts all those wronged, not a subgroup of them', () => {
    const affected = affectedOf(
      'About 1,200 workers at the Pinecrest Logistics depot were not paid for overtime; 80 of the workers were women.',
    );
    expect(affected?.total).toBe(1200);
  });
});

describe('where the workers come from', () => {
  it('reads each part of a breakdown by nationality', () => {
    const groups = affectedOf(
      'Police found 17 Chinese and one Laotian worker locked in the basement of the Golden Reed casino in Bokeo, Laos.',
    )?.groups;
    expect(groups).toEqual(expect.arrayContaining([expect.objectContaining({ origin: 'CN', count: 17 })]));
  });

  it('reads every country of a list', () => {
    const groups = affectedOf(
      'The Marlow Hotel in Doha employed cleaners recruited from Nepal, Bangladesh, Sri Lanka and Uganda, who said ' +
        'their wages were withheld.',
    )?.groups;
    expect(groups?.map((group) => group.origin).sort()).toEqual(['BD', 'LK', 'NP', 'UG']);
  });
});

describe('the gender of the workers', () => {
  it('keeps a single victim’s gender when other people of the story are men', () => {
    const groups = affectedOf(
      'A Kenyan domestic worker, 24, died after falling from the balcony of her employer’s flat in Riyadh. Her ' +
        'brother and two cousins, all men, said the agency Falcon Manpower had ignored her complaints.',
    )?.groups;
    expect(groups?.[0]?.gender).toBe('Women');
  });
});
