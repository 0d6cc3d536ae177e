import type { FastifyRequest } from 'fastify';
import { type UiLanguage, isUiLanguage, richTranslator, translator } from './i18n.ts';
import { labelsFor } from './labels.ts';
import type { PageContext } from './views/context.ts';

/** The page's language: `?lang=`, else the browser's preference among ours, else English. */
/** The `lang` of a request's query string, as given. */
function requestedLanguage(request: FastifyRequest): unknown {
  const query: unknown = request.query;
  return typeof query === 'object' && query !== null && 'lang' in query ? query.lang : undefined;
}

export function pageLanguage(request: FastifyRequest): UiLanguage {
  const requested = requestedLanguage(request);
  if (isUiLanguage(requested)) return requested;
  const accepted = String(request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return accepted.find(isUiLanguage) ?? 'en';
}

/** The locale whose digits and dates each interface language uses. */
const LOCALES: Record<UiLanguage, string> = { en: 'en-GB', ru: 'ru-RU', ko: 'ko-KR' };

/** A page's context for a language, outside any request (documents the CLI writes, such as the PDF report). */
export function documentContext(language: UiLanguage, url = '/', explicitLanguage = false): PageContext {
  const t = translator(language);
  const numbers = new Intl.NumberFormat(LOCALES[language]);
  const dates = new Intl.DateTimeFormat(LOCALES[language], {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return {
    language,
    t,
    rich: richTranslator(language),
    labels: labelsFor(language, t),
    url,
    href(path, params) {
      const query = new URLSearchParams(params);
      if (explicitLanguage && language !== 'en') query.set('lang', language);
      const text = query.toString();
      return text ? `${path}?${text}` : path;
    },
    formatNumber: (value) => numbers.format(value),
    formatDate: (iso) => dates.format(new Date(`${iso}T00:00:00Z`)),
  };
}

export function pageContext(request: FastifyRequest): PageContext {
  const actor = request.actor;
  const explicit = isUiLanguage(requestedLanguage(request));
  return {
    ...documentContext(pageLanguage(request), request.url, explicit),
    ...(actor?.via === 'session' && actor.csrfToken
      ? {
          viewer: {
            email: actor.user.email,
            ...(actor.user.name ? { name: actor.user.name } : {}),
            role: actor.user.role,
            permissions: actor.permissions,
            csrfToken: actor.csrfToken,
          },
        }
      : {}),
  };
}
