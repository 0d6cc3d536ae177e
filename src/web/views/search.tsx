import {
  FACETS,
  MAX_PAGE,
  SORTS,
  effectiveSort,
  searchParams,
  type SearchQuery,
} from '../../search/query.ts';
import type { Segment } from '../../search/snippet.ts';
import { parseTextQuery } from '../../search/text-query.ts';
import type { SearchResult, SpellingSuggestion } from '../../store/store.ts';
import type { PageContext } from './context.ts';
import { RecordItem } from './components.tsx';
import { ActiveFilters, FilterFields, SearchBox, SearchProblems } from './filters.tsx';
import { feedPath } from '../feed-path.ts';
import { Layout } from './layout.tsx';

export interface SearchData {
  query: SearchQuery;
  result: SearchResult;
  snippets: Map<string, Segment[]>;
  /** Labels of selected companies, which facet counts may not list. */
  companyNames: Map<string, string>;
  /** The search with its misspelt words corrected, when that finds more. */
  suggestion?: SpellingSuggestion;
  /** What the search could not use, by field; the search ran without it. */
  errors?: Record<string, string[]>;
  typed?: { from?: string; to?: string };
}

const WORD = /([\p{L}\p{N}]+)/u;

/** "Did you mean forced labour?": the corrected search as a link, its corrected words in bold. */
function DidYouMean(props: { context: PageContext; query: SearchQuery; suggestion: SpellingSuggestion }) {
  const { context, query, suggestion } = props;
  const corrected = new Set(suggestion.corrected.map((word) => word.to));
  const href = context.href('/search', searchParams({ ...query, q: suggestion.text, page: 1 }));
  return (
    <p class="did-you-mean">
      {context.t('search.didYouMean')}{' '}
      <a href={href}>
        {suggestion.text.split(WORD).map((part) => (corrected.has(part) ? <strong>{part}</strong> : part))}
      </a>{' '}
      ({context.t('search.results', { count: suggestion.total })})
    </p>
  );
}

/** What to try when nothing matches: each a search that drops one thing, never a download of nothing. */
function NothingFound(props: { context: PageContext; query: SearchQuery }) {
  const { context, query } = props;
  const { t } = context;
  const link = (next: Partial<SearchQuery>) =>
    context.href('/search', searchParams({ ...query, ...next, page: 1 }));
  const filters = FACETS.some((facet) => query[facet].length > 0) || query.from || query.to;
  const noFilters: Partial<SearchQuery> = {};
  for (const facet of FACETS) noFilters[facet] = [];
  const tries = [
    query.q && { text: t('search.empty.spelling') },
    query.issueMode === 'all' &&
      query.issue.length > 1 && { text: t('search.empty.anyIssue'), href: link({ issueMode: 'any' }) },
    (query.from || query.to) && {
      text: t('search.empty.allDates'),
      href: link({ from: undefined, to: undefined }),
    },
    query.q && filters && { text: t('search.empty.withoutWords'), href: link({ q: '' }) },
    query.q &&
      filters && {
        text: t('search.empty.withoutFilters'),
        href: link({ ...noFilters, from: undefined, to: undefined }),
      },
    { text: t('search.empty.everything'), href: context.href('/search', new URLSearchParams()) },
  ].filter((item): item is { text: string; href?: string } => Boolean(item));
  return (
    <div class="nothing-found">
      <p>{t('search.none')}</p>
      <p>{t('search.empty.try')}</p>
      <ul>
        {tries.map((item) => (
          <li>{item.href ? <a href={item.href}>{item.text}</a> : item.text}</li>
        ))}
      </ul>
    </div>
  );
}

/** Above the results: the order to sort them in, the downloads, the charts of the same search, its feed. */
function ResultsToolbar(props: { context: PageContext; query: SearchQuery }) {
  const { context, query } = props;
  const { t } = context;
  const download = (format: string) => {
    const params = searchParams({ ...query, page: 1 });
    return `/search.${format}${params.size ? `?${params}` : ''}`;
  };
  const sort = effectiveSort(query);
  return (
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
        <a href={download('xlsx')}>{t('search.download.xlsx')}</a>
        {' · '}
        <a href={context.href('/analytics', searchParams({ ...query, page: 1, sort: undefined }))}>
          {t('search.charts')}
        </a>
      </span>
      <a class="feed" type="application/atom+xml" href={feedPath(query)}>
        {t('search.feed')}
      </a>
    </div>
  );
}

export function SearchPage(props: { context: PageContext; data: SearchData }) {
  const { context, data } = props;
  const { t } = context;
  const { query, result } = data;
  const pages = Math.max(1, Math.ceil(Math.min(result.total, MAX_PAGE * query.pageSize) / query.pageSize));
  const link = (next: SearchQuery) => context.href('/search', searchParams(next));
  // Words that name a country or an issue also find the records filed under it: say so.
  const filedUnder = parseTextQuery(query.q)?.filedUnder ?? [];
  return (
    <Layout
      context={context}
      title={query.q ? `${t('search.title')}: ${query.q}` : t('search.title')}
      head={
        <link
          rel="alternate"
          type="application/atom+xml"
          title={t('search.feed.title')}
          href={feedPath(query)}
        />
      }
    >
      <h1>{t('search.title')}</h1>
      <SearchProblems context={context} errors={data.errors ?? {}} />
      <form method="get" action="/search" class="search">
        <SearchBox context={context} query={query} submit={t('search.submit')} />
        <div class="search-layout">
          <aside aria-labelledby="filters">
            <h2 id="filters">{t('search.filters')}</h2>
            <FilterFields
              context={context}
              query={query}
              result={result}
              companyNames={data.companyNames}
              errors={data.errors}
              typed={data.typed}
            />
            <button type="submit">{t('search.apply')}</button>
          </aside>
          <section aria-labelledby="results" class="results">
            <h2 id="results" aria-live="polite">
              {t('search.results', { count: result.total })}
            </h2>
            <p class="to-filters">
              <a href="#filters">{t('search.toFilters')}</a>
            </p>
            <ActiveFilters context={context} path="/search" query={query} companyNames={data.companyNames} />
            {filedUnder.length > 0 && (
              <p class="filed-under">
                {t('search.filedUnder', {
                  names: filedUnder
                    .map((concept) => context.labels.facetValue(concept.facet, concept.value))
                    .join(', '),
                })}
              </p>
            )}
            {data.suggestion && <DidYouMean context={context} query={query} suggestion={data.suggestion} />}
            {result.total === 0 ? (
              <>
                <NothingFound context={context} query={query} />
                <p>
                  <a class="feed" type="application/atom+xml" href={feedPath(query)}>
                    {t('search.feed.empty')}
                  </a>
                </p>
              </>
            ) : (
              <>
                <ResultsToolbar context={context} query={query} />
                <ol class="records" start={(query.page - 1) * query.pageSize + 1}>
                  {result.records.map((record) => (
                    <RecordItem context={context} record={record} snippet={data.snippets.get(record.id)} />
                  ))}
                </ol>
              </>
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
