import type { StoredRecord } from '../../domain/record.ts';
import { issueCategories, issueTerms } from '../../domain/taxonomy.ts';
import type { PageContext } from './context.ts';
import { RecordItem } from './components.tsx';
import { Layout } from './layout.tsx';

export interface HomeData {
  records: number;
  companies: number;
  countries: number;
  latest: StoredRecord[];
  /** The newest records whose sources give a public link: cases a reader can check. */
  withSources: StoredRecord[];
}

export function HomePage(props: { context: PageContext; data: HomeData }) {
  const { context, data } = props;
  const { t } = context;
  return (
    <Layout context={context} title={t('nav.home')}>
      <section class="hero">
        <h1>{t('site.name')}</h1>
        <p>{t('site.tagline')}</p>
        <ul class="figures">
          <li>{t('home.records', { count: data.records })}</li>
          <li>{t('home.companies', { count: data.companies })}</li>
          <li>{t('home.countries', { count: data.countries })}</li>
        </ul>
        <form method="get" action="/search" role="search" class="search-box">
          <label for="home-q">{t('home.search')}</label>
          <input id="home-q" type="search" name="q" maxLength={500} />
          <input type="hidden" name="lang" value={context.language} />
          <button type="submit">{t('search.submit')}</button>
        </form>
      </section>
      <div class="columns">
        <section>
          {data.withSources.length > 0 && (
            <>
              <h2>{t('home.withSources')}</h2>
              <p class="hint">{t('home.withSourcesHint')}</p>
              <ul class="records">
                {data.withSources.map((record) => (
                  <RecordItem context={context} record={record} />
                ))}
              </ul>
            </>
          )}
          <h2>{t('home.latest')}</h2>
          <ul class="records">
            {data.latest.map((record) => (
              <RecordItem context={context} record={record} />
            ))}
          </ul>
        </section>
        <section>
          <h2>{t('home.browse')}</h2>
          {issueCategories.terms.map((category) => (
            <>
              <h3>{context.labels.category(category.id)}</h3>
              <ul class="plain">
                {issueTerms.terms
                  .filter((issue) => issue.category === category.id)
                  .map((issue) => (
                    <li>
                      <a href={context.href(`/issues/${issue.id}`)}>{context.labels.issue(issue.id)}</a>
                    </li>
                  ))}
              </ul>
            </>
          ))}
        </section>
      </div>
    </Layout>
  );
}
