import type { Translate, UiLanguage } from '../i18n.ts';
import type { Labels } from '../labels.ts';

/** What every page view is given: the language, its translations and labels, and how to build links. */
export interface PageContext {
  language: UiLanguage;
  t: Translate;
  labels: Labels;
  /** The path and query of the current page, for the language switch. */
  url: string;
  /** A link that keeps the page's language. */
  href(path: string, params?: URLSearchParams): string;
  formatNumber(value: number): string;
  formatDate(iso: string): string;
}
