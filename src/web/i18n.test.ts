import { describe, expect, it } from 'vitest';
import { translationTables, translator } from './i18n.ts';

describe('translation table', () => {
  it('has every key of every language in English, and nothing empty', () => {
    const tables = translationTables();
    const english = new Set(Object.keys(tables.en));
    for (const [language, table] of Object.entries(tables)) {
      for (const [key, value] of Object.entries(table)) {
        expect(english.has(key), `${language}: ${key}`).toBe(true);
        expect(value.trim(), `${language}: ${key}`).not.toBe('');
      }
    }
  });

  it('translates the record page labels into Russian and fills parameters', () => {
    const t = translator('ru');
    for (const key of [
      'record.summary',
      'record.location',
      'record.companies',
      'record.affected',
      'record.issues',
      'record.response',
    ] as const) {
      expect(t(key)).not.toBe(translator('en')(key));
    }
    expect(translator('en')('search.results', { count: '1,234' })).toBe('1,234 records');
  });
});
