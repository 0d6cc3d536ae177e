import type { MessageKey, Translate, TranslateRich, UiLanguage } from '../i18n.ts';
import en from '../i18n/en.json' with { type: 'json' };
import type { Labels } from '../labels.ts';
import type { Role } from '../../domain/access.ts';

/** What every page view is given: the language, its translations and labels, and how to build links. */
export interface PageContext {
  language: UiLanguage;
  t: Translate;
  /** A message with markup among its parameters, as parts. */
  rich: TranslateRich;
  labels: Labels;
  /** The path and query of the current page, for the language switch. */
  url: string;
  /** A link that keeps the page's language. */
  href(path: string, params?: URLSearchParams): string;
  formatNumber(value: number): string;
  formatDate(iso: string): string;
  /** The signed-in user, when there is one: what they may do, and the CSRF token their forms carry. */
  viewer?: Viewer;
}

export interface Viewer {
  email: string;
  name?: string;
  role: Role;
  permissions: ReadonlySet<string>;
  csrfToken: string;
}

/** Whether a message key made at run time from a value ("status.draft") is in the message tables. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** The message of a key made at run time from a value ("status.draft"); empty for a key the tables lack. */
export function messageFor(t: Translate, key: string, params?: Record<string, string | number>): string {
  return isMessageKey(key) ? t(key, params) : '';
}
