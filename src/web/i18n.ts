import { IntlMessageFormat } from 'intl-messageformat';
import en from './i18n/en.json' with { type: 'json' };
import ru from './i18n/ru.json' with { type: 'json' };
import ko from './i18n/ko.json' with { type: 'json' };
import fieldLabels from '../domain/vocabularies/field-labels.json' with { type: 'json' };

/**
 * The one translation table of the interface. English is complete (a test checks every other language's keys
 * exist in English); a key missing in another language falls back to English.
 */
export const UI_LANGUAGES = ['en', 'ru', 'ko'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
/** The labels of the record's fields, one entry per field with every language (`field.NAME`). */
type FieldLabelKey = `field.${keyof typeof fieldLabels.fields & string}`;
export type MessageKey = keyof typeof en | FieldLabelKey;

function withFieldLabels<T extends object>(
  table: T,
  language: UiLanguage,
): T & Record<FieldLabelKey, string> {
  const labels: Record<string, Partial<Record<UiLanguage, string>>> = fieldLabels.fields;
  const entries = Object.entries(labels).flatMap(([name, label]) =>
    label[language] ? [[`field.${name}`, label[language]]] : [],
  );
  return { ...table, ...Object.fromEntries(entries) };
}

const english = withFieldLabels(en, 'en');
const tables: Record<UiLanguage, Partial<Record<MessageKey, string>>> = {
  en: english,
  ru: withFieldLabels(ru, 'ru'),
  ko: withFieldLabels(ko, 'ko'),
};

/** Whether a text is a key of the translation table (field labels named in the model are checked so). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(english, key);
}

/**
 * A message's parameters. A number given to a plural (`{count, plural, one {# record} other {# records}}`) is
 * written in the language's digits and chooses the language's plural form (Intl.PluralRules); a string is
 * written as it is.
 */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const compiled = new Map<string, IntlMessageFormat>();

/** A template compiled as an ICU message (intl-messageformat), once per language and key. */
export function messageFormat(language: UiLanguage, key: MessageKey): IntlMessageFormat {
  const id = `${language}:${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(tables[language][key] ?? english[key], language);
    compiled.set(id, format);
  }
  return format;
}

export function translator(language: UiLanguage): Translate {
  const table = tables[language];
  return (key, params) => {
    if (!params) return table[key] ?? english[key];
    return String(messageFormat(table[key] ? language : 'en', key).format(params));
  };
}

/**
 * A message whose parameters may be markup (`<ins>`, `<strong>`...): the parts in order, text and
 * elements, for a view to place. The markup is the view's own; the message gives only the words around it.
 */
export type TranslateRich = <T>(
  key: MessageKey,
  params: Record<string, string | number | T>,
) => (string | T)[];

export function richTranslator(language: UiLanguage): TranslateRich {
  const table = tables[language];
  return <T>(key: MessageKey, params: Record<string, string | number | T>) => {
    const formatted = messageFormat(table[key] ? language : 'en', key).format<T>(params);
    return Array.isArray(formatted) ? formatted : [formatted as string | T];
  };
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return UI_LANGUAGES.some((language) => language === value);
}

export function translationTables(): Record<UiLanguage, Partial<Record<MessageKey, string>>> {
  return tables;
}
