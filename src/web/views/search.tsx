import { SORTS, effectiveSort, searchParams, type SearchQuery } from '../../search/query.ts';
import type { Segment } from '../../search/snippet.ts';
import type { SearchResult } from '../../store/store.ts';
import type { PageContext } from './context.ts';
import { RecordItem } from './components.tsx';
import { ActiveFilters, FilterFields, SearchBox } from './filters.tsx';
import { Layout } from './layout.tsx';

export interface SearchData {
  query: SearchQuery;
  result: SearchResult;
  snippets: Map<string, Segment[]>;
  /** Labels of selected companies, which facet counts may not list. */
  companyNames: Map<string, string>;
}

export function SearchPage(props: { context: PageContext; data: SearchData }) {
  const { context, data } = props;
  const { t } = context;
  const { query, result } = data;
  const pages = Math.max(1, Math.ceil(Math.min(result.total, 500 * query.pageSize) / query.pageSize));
  const link = (next: SearchQuery) => context.href('/search', searchParams(next));
  const download = (format: string) => {
    const params = searchParams({ ...query, page: 1 });
    return `/search.${format}${params.size ? `?${params}` : ''}`;
  };
  const sort = effectiveSort(query);
  return (
    <Layout context={context} title={query.q ? `${t('search.title')}: ${query.q}` : t('search.title')}>
      <h1>{t('search.title')}</h1>
      <form method="get" action="/search" class="search">
        <SearchBox context={context} query={query} submit={t('search.submit')} />
        <div class="search-layout">
          <aside aria-labelledby="filters">
            <h2 id="filters">{t('search.filters')}</h2>
            <FilterFields context={context} query={query} result={result} companyNames={data.companyNames} />
            <button type="submit">{t('search.apply')}</button>
          </aside>
          <section aria-labelledby="results" class="results">
            <h2 id="results" aria-live="polite">
              {result.total === 1
                ? t('search.results.one')
                : t('search.results', { count: context.formatNumber(result.total) })}
            </h2>
            <ActiveFilters context={context} path="/search" query={query} companyNames={data.companyNames} />
            <div class="toolbar">
              <label for="sort">{t('search.sort')}</label>
              <select id="sort" name="sort">
                {SORTS.map((option) => (
                  <option value={option} selected={option === sort}>
                    {t(`search.sort.${option}`)}
                  </option>
                ))}
              </select>
              <button type="submit">{t('search.apply')}</button>
              <span class="downloads">
                {t('search.download')}: <a href={download('csv')}>{t('search.download.csv')}</a>
                {' · '}
                <a href={download('ndjson')}>{t('search.download.ndjson')}</a>
                {' · '}
                <a href={context.href('/analytics', searchParams({ ...query, page: 1, sort: undefined }))}>
                  {t('search.charts')}
                </a>
              </span>
            </div>
            {result.total === 0 ? (
              <p>{t('search.none')}</p>
            ) : (
              <ol class="records" start={(query.page - 1) * query.pageSize + 1}>
                {result.records.map((record) => (
                  <RecordItem context={context} record={record} snippet={data.snippets.get(record.id)} />
                ))}
              </ol>
            )}
            {pages > 1 && (
              <nav aria-label={t('search.pagination')} class="pagination">
                {query.page > 1 && (
                  <a rel="prev" href={link({ ...query, page: query.page - 1 })}>
                    {t('search.previous')}
                  </a>
                )}
                <span>{t('search.page', { page: query.page, pages })}</span>
                {query.page < pages && (
                  <a rel="next" href={link({ ...query, page: query.page + 1 })}>
                    {t('search.next')}
                  </a>
                )}
              </nav>
            )}
          </section>
        </div>
      </form>
    </Layout>
  );
}
