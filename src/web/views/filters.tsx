import {
  FACETS,
  ISSUE_MODES,
  isFacet,
  searchParams,
  type Facet,
  type SearchQuery,
} from '../../search/query.ts';
import type { SearchResult } from '../../store/store.ts';
import type { PageContext } from './context.ts';

/**
 * The filters of a search, as form fields: the date range and every facet's values with their counts (those
 * selected stay listed even when no record has them), and whether the issues chosen must all hold. The search
 * page and the dashboard share them, so that one URL query filters both. A count is the number of records
 * with that value that match the other filters; the form says so.
 */
export function FilterFields(props: {
  context: PageContext;
  query: SearchQuery;
  result: SearchResult;
  /** Labels of selected companies, which facet counts may not list. */
  companyNames: Map<string, string>;
  /** What the search could not use, by field, said beside the field. */
  errors?: Record<string, string[]>;
  /** The dates as typed, shown again when refused. */
  typed?: { from?: string; to?: string };
}) {
  const { context, query, result } = props;
  const { t, labels } = context;
  return (
    <>
      <p class="hint" id="counts-hint">
        {t('search.countsHint')}
      </p>
      {(['from', 'to'] as const).map((name) => {
        const errors = props.errors?.[name] ?? [];
        return (
          <fieldset class={errors.length ? 'invalid' : undefined}>
            <legend>{t(`search.${name}`)}</legend>
            <label for={name} class="visually-hidden">
              {t(`search.${name}`)}
            </label>
            {errors.length > 0 && (
              <p class="error" id={`${name}-error`}>
                {errors.join(' ')}
              </p>
            )}
            <input
              id={name}
              type="date"
              name={name}
              value={props.typed?.[name] ?? query[name] ?? ''}
              aria-invalid={errors.length ? 'true' : undefined}
              aria-describedby={errors.length ? `${name}-error` : undefined}
            />
          </fieldset>
        );
      })}
      {FACETS.map((facet) => {
        const counts = result.facets?.[facet] ?? [];
        const listed = new Set(counts.map((item) => item.value));
        const selectedOnly = query[facet].filter((value) => !listed.has(value));
        const options = [
          ...counts,
          ...selectedOnly.map((value) => ({ value, count: 0, label: props.companyNames.get(value) })),
        ];
        const errors = props.errors?.[facet] ?? [];
        if (options.length === 0 && errors.length === 0) return null;
        return (
          <fieldset class={errors.length ? 'facet invalid' : 'facet'} aria-describedby="counts-hint">
            <legend>{t(`facet.${facet}`)}</legend>
            {errors.length > 0 && (
              <p class="error" id={`${facet}-error`}>
                {errors.join(' ')}
              </p>
            )}
            {facet === 'issue' && <IssueMode context={context} query={query} />}
            <ul>
              {options.map((option, index) => {
                const id = `${facet}-${index}`;
                return (
                  <li>
                    <input
                      type="checkbox"
                      id={id}
                      name={facet}
                      value={option.value}
                      checked={chosen(query, facet).includes(option.value)}
                    />
                    <label for={id}>
                      {labels.facetValue(facet, option.value, option.label)}{' '}
                      <span class="count">({context.formatNumber(option.count)})</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
    </>
  );
}

/** The switch between records with any of the issues chosen and records with all of them. */
function IssueMode(props: { context: PageContext; query: SearchQuery }) {
  const { context, query } = props;
  const { t } = context;
  return (
    <div class="issue-mode" role="radiogroup" aria-labelledby="issue-mode-label">
      <p id="issue-mode-label">{t('search.issueMode')}</p>
      <ul>
        {ISSUE_MODES.map((mode) => (
          <li>
            <input
              type="radio"
              id={`issueMode-${mode}`}
              name="issueMode"
              value={mode}
              checked={query.issueMode === mode}
            />
            <label for={`issueMode-${mode}`}>{t(`search.issueMode.${mode}`)}</label>
          </li>
        ))}
      </ul>
      {query.issueMode === 'all' && <p class="hint">{t('search.issueMode.allHint')}</p>}
    </div>
  );
}

/** The values of a facet the query chose. */
const chosen = (query: SearchQuery, facet: Facet): readonly string[] => query[facet];

const without = (query: SearchQuery, facet: Facet, value: string): SearchQuery => ({
  ...query,
  [facet]: chosen(query, facet).filter((item) => item !== value),
  page: 1,
});

/** The facet filters in force, each a link that removes it, and one that clears them all. */
export function ActiveFilters(props: {
  context: PageContext;
  /** The page the links go to, with the rest of the query kept. */
  path: string;
  query: SearchQuery;
  companyNames: Map<string, string>;
  /** Parameters of the page beside the search query (e.g. the dashboard's period). */
  extra?: Record<string, string>;
}) {
  const { context, query } = props;
  const { t, labels } = context;
  const active = FACETS.flatMap((facet) => query[facet].map((value) => ({ facet, value })));
  if (active.length === 0) return null;
  const link = (next: SearchQuery) => {
    const params = searchParams(next);
    for (const [key, value] of Object.entries(props.extra ?? {})) params.set(key, value);
    return context.href(props.path, params);
  };
  return (
    <div class="active-filters">
      <h3>{t('search.active')}</h3>
      <ul>
        {active.map(({ facet, value }) => {
          const name =
            facet === 'issue' && query.issueMode === 'all' ? t('facet.issue.all') : t(`facet.${facet}`);
          const label = `${name}: ${labels.facetValue(facet, value, props.companyNames.get(value))}`;
          return (
            <li>
              <a href={link(without(query, facet, value))} aria-label={t('search.remove', { label })}>
                {label} <span aria-hidden="true">×</span>
              </a>
            </li>
          );
        })}
        <li>
          <a href={link({ ...query, ...Object.fromEntries(FACETS.map((facet) => [facet, []])), page: 1 })}>
            {t('search.clear')}
          </a>
        </li>
      </ul>
    </div>
  );
}

/** The words box of a search form, and the page's language carried with the form. */
export function SearchBox(props: { context: PageContext; query: SearchQuery; submit: string }) {
  const { context, query } = props;
  return (
    <>
      <div class="search-box" role="search">
        <label for="q">{context.t('search.label')}</label>
        <input id="q" type="search" name="q" value={query.q} maxLength={500} />
        <button type="submit">{props.submit}</button>
      </div>
      <input type="hidden" name="lang" value={context.language} />
    </>
  );
}

/** The name of a search field as the page shows it. */
function fieldLabel(context: PageContext, field: string): string {
  const { t } = context;
  if (isFacet(field)) return t(`facet.${field}`);
  if (field === 'from' || field === 'to' || field === 'sort' || field === 'issueMode')
    return t(`search.${field}`);
  if (field === 'q') return t('search.label');
  return t('search.pagination');
}

/** What the search left out and why, at the top, each linking to its field beside the filters. */
export function SearchProblems(props: { context: PageContext; errors: Record<string, string[]> }) {
  const { t } = props.context;
  const fields = Object.keys(props.errors);
  if (fields.length === 0) return null;
  return (
    <div class="form-errors" role="alert">
      <h2>{t('search.problems')}</h2>
      <ul>
        {fields.map((field) => {
          // The dates and facets have their field in the form; other parameters exist only in the URL.
          const anchor = field === 'from' || field === 'to' ? field : isFacet(field) ? `${field}-error` : '';
          const label = fieldLabel(props.context, field);
          return (
            <li>
              {anchor ? <a href={`#${anchor}`}>{label}</a> : label}: {props.errors[field]!.join(' ')}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
