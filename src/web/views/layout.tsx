import { roleLabel } from '../../domain/access.ts';
import type { ComponentChildren } from 'preact';
import { UI_LANGUAGES } from '../i18n.ts';
import type { PageContext } from './context.ts';
import { CsrfField } from './forms.tsx';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', ru: 'Русский', ko: '한국어' };

function languageLink(context: PageContext, language: string): string {
  const url = new URL(context.url, 'http://local');
  url.searchParams.set('lang', language);
  return url.pathname + url.search;
}

/** The frame of every page: head, skip link, site navigation, main content, footer. No inline script or style. */
export function Layout(props: {
  context: PageContext;
  title: string;
  /** Further elements of the page's head (a feed's `<link rel="alternate">`). */
  head?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { context, title } = props;
  const { t } = context;
  return (
    <html lang={context.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" type="image/svg+xml" href="/static/favicon.svg" />
        {props.head}
      </head>
      <body>
        <a class="skip" href="#content">
          {t('nav.skip')}
        </a>
        <header class="site">
          <a class="brand" href={context.href('/')}>
            {t('site.name')}
          </a>
          {/* On a small screen the links fold into a menu opened without JavaScript; wide, it is always open. */}
          <details class="menu">
            <summary>{t('nav.menu')}</summary>
            <div class="menu-items">
              <nav aria-label={t('site.name')}>
                <ul>
                  <li>
                    <a href={context.href('/')}>{t('nav.home')}</a>
                  </li>
                  <li>
                    <a href={context.href('/search')}>{t('nav.search')}</a>
                  </li>
                  <li>
                    <a href={context.href('/analytics')}>{t('nav.analytics')}</a>
                  </li>
                  <li>
                    <a href={context.href('/screening')}>{t('nav.screening')}</a>
                  </li>
                  <li>
                    <a href={context.href('/response-rates')}>{t('nav.responseRates')}</a>
                  </li>
                  <li>
                    <a href={context.href('/api')}>{t('nav.api')}</a>
                  </li>
                </ul>
              </nav>
              <AccountNav context={context} />
              <nav aria-label={t('nav.language')} class="languages">
                <ul>
                  {UI_LANGUAGES.map((language) => (
                    <li>
                      <a
                        href={languageLink(context, language)}
                        lang={language}
                        hreflang={language}
                        aria-current={language === context.language ? 'true' : undefined}
                      >
                        {LANGUAGE_NAMES[language]}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          </details>
        </header>
        <main id="content">{props.children}</main>
        <footer class="site">
          <p>{t('site.tagline')}</p>
          <p>{t('footer.data')}</p>
        </footer>
      </body>
    </html>
  );
}

/** Sign in, or for a signed-in user the editorial pages they may use and sign out. */
function AccountNav(props: { context: PageContext }) {
  const { context } = props;
  const { t, viewer } = context;
  if (!viewer) {
    const next = new URL(context.url, 'http://local').pathname;
    return (
      <nav aria-label={t('nav.account')} class="account">
        <ul>
          <li>
            <a href={`/sign-in?next=${encodeURIComponent(next)}`}>{t('nav.signIn')}</a>
          </li>
        </ul>
      </nav>
    );
  }
  return (
    <nav aria-label={t('nav.account')} class="account">
      <ul>
        <li>
          <a href="/worklist">{t('nav.worklist')}</a>
        </li>
        {viewer.permissions.has('records:create') && (
          <li>
            <a href="/records/new">{t('nav.newRecord')}</a>
          </li>
        )}
        {viewer.permissions.has('records:create') && (
          <li>
            <a href="/records/from-article">{t('nav.fromArticle')}</a>
          </li>
        )}
        {viewer.permissions.has('records:create') && (
          <li>
            <a href="/triage">{t('nav.triage')}</a>
          </li>
        )}
        {viewer.permissions.has('responses:manage') && (
          <li>
            <a href="/responses">{t('nav.responses')}</a>
          </li>
        )}
        {viewer.permissions.has('activity:read') && (
          <li>
            <a href="/activity">{t('nav.activity')}</a>
          </li>
        )}
        {viewer.permissions.has('users:manage') && (
          <li>
            <a href="/admin/users">{t('nav.users')}</a>
          </li>
        )}
        <li>
          <a
            href="/account"
            title={t('nav.signedInAs', {
              email: viewer.email,
              role: roleLabel(viewer.role, context.language),
            })}
          >
            {viewer.email}
          </a>
        </li>
        <li>
          <form method="post" action="/sign-out" class="inline">
            <CsrfField context={context} />
            <button type="submit" class="link">
              {t('nav.signOut')}
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}
