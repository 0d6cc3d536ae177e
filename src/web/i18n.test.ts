import { describe, expect, it } from 'vitest';
import { parse, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import {
  messageFormat,
  translationTables,
  translator,
  UI_LANGUAGES,
  type MessageKey,
  type UiLanguage,
} from './i18n.ts';

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
    expect(translator('en')('search.results', { count: 1234 })).toBe('1,234 records');
  });

  it('compiles every message of every language as an ICU message', () => {
    for (const [language, table] of Object.entries(translationTables()))
      for (const key of Object.keys(table))
        expect(
          () => messageFormat(language as UiLanguage, key as MessageKey),
          `${language}: ${key}`,
        ).not.toThrow();
  });

  it('chooses each language’s plural form and writes numbers in its digits', () => {
    const en = translator('en');
    expect([0, 1, 2, 21].map((count) => en('search.results', { count }))).toEqual([
      '0 records',
      '1 record',
      '2 records',
      '21 records',
    ]);
    expect(en('crossTab.ofIssue', { count: 1 })).toBe('Of the 1 record about this issue:');
    expect(en('company.responseRate', { requested: 1, responded: 1, rate: '100%' })).toBe(
      'Asked once; responded once (100%).',
    );
    expect(en('analytics.headline.companies.note', { count: 0 })).toBe(
      'every record names an identified company',
    );
    const ru = translator('ru');
    expect([1, 3, 5, 21, 1234].map((count) => ru('search.results', { count }))).toEqual([
      '1 запись',
      '3 записи',
      '5 записей',
      '21 запись',
      '1\u00a0234 записи',
    ]);
  });
});

describe('every interface language', () => {
  /** The names of a message's arguments, found by the ICU parser (not by pattern), nested ones included. */
  function argumentNames(message: string): string[] {
    const names = new Set<string>();
    const walk = (elements: MessageFormatElement[]) => {
      for (const element of elements) {
        if ('value' in element && typeof element.value === 'string' && element.type !== 0)
          names.add(element.value);
        if ('options' in element)
          for (const option of Object.values(
            element.options as Record<string, { value: MessageFormatElement[] }>,
          ))
            walk(option.value);
      }
    };
    walk(parse(message));
    return [...names].sort();
  }

  const english = translationTables().en;
  for (const language of UI_LANGUAGES.filter((candidate) => candidate !== 'en')) {
    it(`${language} has every message of English, with the same arguments`, () => {
      const table = translationTables()[language];
      const missing = Object.keys(english).filter((key) => !(key in table));
      expect(missing).toEqual([]);
      for (const [key, message] of Object.entries(english))
        expect(argumentNames(table[key as MessageKey]!), `${language}: ${key}`).toEqual(
          argumentNames(message!),
        );
    });
  }
});
