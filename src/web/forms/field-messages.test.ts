import { describe, expect, it } from 'vitest';
import { translator } from '../i18n.ts';
import { fieldMessage, suggestionsFor } from './field-messages.ts';

const en = { t: translator('en'), language: 'en' as const };
const ru = { t: translator('ru'), language: 'ru' as const };

describe('form errors in words', () => {
  it('offers the closest value by any of its names, written in the page language', () => {
    expect(suggestionsFor('sector', 'security', 'en')).toEqual(['Security & facility services']);
    expect(suggestionsFor('country', 'Nepall', 'ru')).toEqual(['Непал']);
    expect(suggestionsFor('country', 'Малазия', 'en')).toEqual(['Malaysia']);
    expect(suggestionsFor('sector', 'garment', 'en')).toEqual(['Manufacturing: Garments & textiles']);
  });

  it('says what was typed and what is expected when nothing is close', () => {
    expect(fieldMessage('country', 'Narnia', en)).toBe(
      "“Narnia” is not a country name we know. Type the country's name in English, Russian or Korean (e.g. Malaysia), or its two-letter code (MY).",
    );
    expect(fieldMessage('country', 'Narnia', ru)).toMatch(/^Страны «Narnia» мы не знаем\./);
  });

  it('asks for a choice left blank without naming the validator', () => {
    const message = fieldMessage('migrationStatus', '', en);
    expect(message).toBe(
      "Choose the workers' migration status (“Unknown migration status” when the source does not say).",
    );
    expect(message).not.toMatch(/Invalid option|expected one of/);
  });

  it('joins several suggestions as alternatives in the language', () => {
    expect(fieldMessage('groupType', 'workerz', en)).toMatch(
      /^“workerz” is not a kind of group in our list\. Did you mean .+ or .+\?$/,
    );
    expect(fieldMessage('groupType', 'workerz', ru)).toMatch(/ или /);
  });
});
