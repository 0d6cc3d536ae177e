import type { Translate, TranslateRich, UiLanguage } from '../i18n.ts';
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
