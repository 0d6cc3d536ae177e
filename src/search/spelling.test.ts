import { describe, expect, it } from 'vitest';
import { SpellingVocabulary } from './spelling.ts';

const vocabulary = new SpellingVocabulary(
  [
    ['forced', 40],
    ['labour', 35],
    ['force', 3],
    ['passports', 12],
    ['confiscated', 9],
    ['recruitment', 20],
    ['recruiters', 4],
    ['fees', 18],
    ['feet', 1],
    ['зарплата', 6],
    ['склад', 2],
    ['cote', 2],
    ['2024', 30],
  ].map(([word, records]) => ({ word: String(word), records: Number(records) })),
);

describe('the spelling vocabulary', () => {
  it('corrects one or two wrong letters from the words of the index', () => {
    expect(vocabulary.correct('forsed labour')).toEqual({
      text: 'forced labour',
      corrected: [{ from: 'forsed', to: 'forced' }],
    });
    expect(vocabulary.correct('recrutiment fees')?.text).toBe('recruitment fees');
    expect(vocabulary.correct('pasports confiscatd')?.text).toBe('passports confiscated');
  });

  it('keeps the capitals of the word as typed and everything around it', () => {
    expect(vocabulary.correct('Forsed "labor" ')?.text).toBe('Forced "labor" ');
    expect(vocabulary.correct('FORSED')?.text).toBe('FORCED');
  });

  it('corrects words in Cyrillic from the Cyrillic words of the index', () => {
    expect(vocabulary.correct('зарплта')?.text).toBe('зарплата');
  });

  it('leaves alone words the index holds as written, without accents, or by their stem or spelling', () => {
    expect(vocabulary.correct('forced labour')).toBeUndefined();
    expect(vocabulary.correct('Côte')).toBeUndefined();
    expect(vocabulary.correct('labor laborers recruiter')).toBeUndefined();
  });

  it('leaves alone names of countries and issues, short words, numbers and "and"', () => {
    expect(vocabulary.correct('Swaziland Eswatini')).toBeUndefined();
    expect(vocabulary.correct('fo ab')).toBeUndefined();
    expect(vocabulary.correct('2025 fees')).toBeUndefined();
    expect(vocabulary.correct('fees and passports')).toBeUndefined();
  });

  it('prefers the fewest edits, then the same first letter, then the word more records use', () => {
    // "feez" is one edit from "fees" (18 records) and from "feet" (1).
    expect(vocabulary.closest('feez')).toBe('fees');
    // "forde": one edit from "force", two from "forced".
    expect(vocabulary.closest('forde')).toBe('force');
  });

  it('offers nothing when no word of the index is near enough', () => {
    expect(vocabulary.correct('xylophone')).toBeUndefined();
    // Four letters: one edit at most ("fxxs" is two from "fees").
    expect(vocabulary.correct('fxxs')).toBeUndefined();
  });
});
