import { describe, expect, it } from 'vitest';
import { NameIndex } from './name-index.ts';
import { nameKeys } from './name-keys.ts';
import { analyseName } from './normalise.ts';
import { skeleton } from './spelling.ts';

const keysOf = (name: string) => new Set(analyseName(name).flatMap(nameKeys));
const shared = (a: string, b: string) => {
  const other = keysOf(b);
  return [...keysOf(a)].filter((key) => other.has(key) && !key.startsWith('y:'));
};

describe('candidate keys', () => {
  it('gives names spelled in other scripts the same consonant skeleton', () => {
    expect(skeleton('fresko')).toBe(skeleton('presko')); // Фреско, ფრესკო
    expect(skeleton('wildberries')).toBe(skeleton('vayldberriz')); // Вайлдберриз
    expect(skeleton('euroset')).toBe('rst'); // the u of "eu" is no consonant
  });

  it('lets skeletons one consonant apart meet through their deletion neighbourhoods', () => {
    expect(shared('Евросеть', 'Euroset')).toContain('d:rst');
    expect(shared('Хеликс', 'Helix')).toContain('d:rks');
    expect(shared('スターバックス', 'Starbucks').some((key) => key.startsWith('d:'))).toBe(true);
    expect(shared('Acme Trading', 'Zenith Shipping')).toEqual([]);
  });

  it('files one-word names and names of several words in the same neighbourhood', () => {
    expect(shared('Data Section', 'Datasection').some((key) => key.startsWith('d:'))).toBe(true);
  });
});

describe('candidate search', () => {
  it('offers a company written in another script among hundreds sharing common keys', () => {
    const index = new NameIndex();
    const syllables = ['ka', 'ro', 'mi', 'te', 'su', 'na', 'lo', 'pe', 'di', 'go'];
    for (let n = 0; n < 800; n++) {
      const word = [n % 10, Math.floor(n / 10) % 10, Math.floor(n / 100)]
        .map((digit) => syllables[digit])
        .join('');
      index.add({ id: `c${n}`, name: `${word} Bank` });
    }
    index.add({ id: 'euroset', name: 'Euroset' });
    index.add({ id: 'fresco', name: 'Фреско' });
    const found = (query: string, id: string) =>
      analyseName(query).some((form) => index.candidates(form).some(({ company }) => company.id === id));
    expect(found('Евросеть', 'euroset')).toBe(true);
    expect(found('ფრესკო', 'fresco')).toBe(true);
    expect(index.candidates(analyseName('Евросеть')[0]!).length).toBeLessThanOrEqual(30);
  });
});
