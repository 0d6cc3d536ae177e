import { describe, expect, it } from 'vitest';
import { diffRecords } from '../../domain/record-diff.ts';
import { documentContext } from '../page-context.ts';
import { aRecord } from '../../../test/support/records.ts';
import { changesInWords } from './history-words.ts';

describe('changes in words', () => {
  const before = aRecord();
  const after = aRecord({
    issues: ['wage-theft', 'forced-labour-modern-slavery'],
    affected: { ...before.affected, groups: [{ ...before.affected.groups[0]!, origin: 'BD' }] },
  });

  it('names fields as the record page does and writes values as labels', () => {
    expect(changesInWords(diffRecords(before, after), documentContext('en'))).toEqual([
      { field: 'Affected group 1: origin', before: 'Nepal', after: 'Bangladesh' },
      { field: 'Issues', after: 'Forced Labour & Modern Slavery' },
    ]);
  });

  it('tells a creation field by field, in the page language, with no JSON', () => {
    const told = changesInWords(diffRecords(undefined, before), documentContext('ru'));
    expect(told).toContainEqual({ field: 'Страна', after: 'Малайзия' });
    expect(told).toContainEqual({ field: 'Компания 1: название компании', after: 'Example Works Sdn Bhd' });
    for (const change of told) expect(`${change.field} ${change.after}`).not.toMatch(/[{}[\]]|\/affected/);
  });
});
