import en from './i18n/en.json' with { type: 'json' };
import ru from './i18n/ru.json' with { type: 'json' };

/**
 * The one translation table of the interface. English is complete (a test checks every other language's keys
 * exist in English); a key missing in another language falls back to English.
 */
export const UI_LANGUAGES = ['en', 'ru'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export type MessageKey = keyof typeof en;

const tables: Record<UiLanguage, Partial<Record<MessageKey, string>>> = { en, ru };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: UiLanguage): Translate {
  const table = tables[language];
  return (key, params) => {
    const template = table[key] ?? en[key];
    return params
      ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`))
      : template;
  };
}

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && (UI_LANGUAGES as readonly string[]).includes(value);
}

export function translationTables(): Record<UiLanguage, Partial<Record<MessageKey, string>>> {
  return tables;
}
