import { describe, expect, it } from 'vitest';
import { closestOptions } from './closest.ts';

const sectors = [
  { id: 'security', names: ['Security & facility services', 'Охрана и обслуживание зданий'] },
  { id: 'construction', names: ['Construction', 'Строительство'] },
  { id: 'agriculture', names: ['Agriculture', 'Сельское хозяйство'] },
];

describe('closestOptions', () => {
  it('offers a name that holds the typed word', () => {
    expect(closestOptions('security', sectors)).toEqual(['security']);
    expect(closestOptions('facility', sectors)).toEqual(['security']);
    expect(closestOptions('строит', sectors)).toEqual(['construction']);
  });

  it('offers names a few letters away, nearest first', () => {
    expect(closestOptions('Constrution', sectors)).toEqual(['construction']);
    expect(closestOptions('agricultur', sectors)).toEqual(['agriculture']);
    expect(
      closestOptions('Nepall', [
        { id: 'NP', names: ['Nepal'] },
        { id: 'NL', names: ['Netherlands'] },
      ]),
    ).toEqual(['NP']);
  });

  it('offers a name with one word a letter away', () => {
    expect(closestOptions('secrity services', sectors)).toEqual(['security']);
  });

  it('offers nothing for a value like no name, or for nothing typed', () => {
    expect(closestOptions('Narnia', sectors)).toEqual([]);
    expect(closestOptions('  ', sectors)).toEqual([]);
  });

  it('gives each option once, at most as many as asked', () => {
    const many = Array.from({ length: 10 }, (_, index) => ({
      id: `o${index}`,
      names: [`mine ${index}`, 'mine'],
    }));
    expect(closestOptions('mine', many, 3)).toHaveLength(3);
    expect(new Set(closestOptions('mine', many, 10)).size).toBe(10);
  });
});
