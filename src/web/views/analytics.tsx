import { chartRows, CHARTS, type ChartRow, type ChartSpec } from '../../analytics/charts.ts';
import type { Figures } from '../../analytics/figures.ts';
import { PERIODS, type Period } from '../../analytics/periods.ts';
import { searchParams, type SearchQuery } from '../../search/query.ts';
import type { SearchResult } from '../../store/store.ts';
import {
  BarChart,
  ChoroplethMap,
  FlowMap,
  TimeChart,
  type ChartText,
  type DrawnRow,
} from '../charts/charts.tsx';
import { type PageContext, messageFor } from './context.ts';
import { rateText } from './components.tsx';
import { ActiveFilters, FilterFields, SearchBox, SearchProblems } from './filters.tsx';
import { Layout } from './layout.tsx';

/** The dashboard: headline figures and every chart for the records of a search, with the search's filters. */

export interface DashboardData {
  query: SearchQuery;
  /** The period asked for; the figures say which one was drawn. */
  period?: Period;
  figures: Figures;
  /** The search's facet counts, for the filter fields. */
  filters: SearchResult;
  companyNames: Map<string, string>;
  /** What the search could not use, by field; the figures are without it. */
  errors?: Record<string, string[]>;
  typed?: { from?: string; to?: string };
}

/** Links of the analytics pages keep the search query and the period. */
export function analyticsLink(
  context: PageContext,
  path: string,
  query: SearchQuery,
  extra: Record<string, string | undefined> = {},
): string {
  const params = searchParams({ ...query, page: 1, sort: undefined, pageSize: 20 });
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return context.href(path, params);
}

export function DashboardPage(props: { context: PageContext; data: DashboardData }) {
  const { context, data } = props;
  const { t } = context;
  const { query, figures } = data;
  const period = data.period;
  return (
    <Layout context={context} title={t('analytics.title')}>
      <h1>{t('analytics.title')}</h1>
      <SearchProblems context={context} errors={data.errors ?? {}} />
      <p class="lede">{t('analytics.intro')}</p>
      <form method="get" action="/analytics" class="search">
        <SearchBox context={context} query={query} submit={t('analytics.show')} />
        <div class="search-layout">
          <aside aria-labelledby="filters">
            <h2 id="filters">{t('search.filters')}</h2>
            <fieldset>
              <legend>{t('analytics.period')}</legend>
              <label for="period" class="visually-hidden">
                {t('analytics.period')}
              </label>
              <select id="period" name="period">
                <option value="" selected={!period}>
                  {t('analytics.period.auto')}
                </option>
                {PERIODS.map((option) => (
                  <option value={option} selected={option === period}>
                    {t(`analytics.period.${option}`)}
                  </option>
                ))}
              </select>
            </fieldset>
            <FilterFields
              context={context}
              query={query}
              result={data.filters}
              companyNames={data.companyNames}
              errors={data.errors}
              typed={data.typed}
            />
            <button type="submit">{t('search.apply')}</button>
          </aside>
          <section aria-labelledby="figures" class="results">
            <h2 id="figures" aria-live="polite">
              {t('analytics.records', { count: figures.records })}
            </h2>
            <ActiveFilters
              context={context}
              path="/analytics"
              query={query}
              companyNames={data.companyNames}
              extra={period ? { period } : {}}
            />
            <p class="toolbar">
              <a href={analyticsLink(context, '/search', query)}>{t('analytics.seeRecords')}</a>
              {' · '}
              <a href={analyticsLink(context, '/analytics/report', query, { period })}>
                {t('analytics.report.link')}
              </a>
              {' · '}
              <a href={analyticsLink(context, '/api/v1/stats', query, { period })}>{t('analytics.json')}</a>
            </p>
            <Headline context={context} figures={figures} />
            {CHARTS.map((spec) => (
              <ChartSection context={context} spec={spec} figures={figures} query={query} period={period} />
            ))}
          </section>
        </div>
      </form>
    </Layout>
  );
}

/** The headline figures, each with what it leaves out. */
export function Headline(props: { context: PageContext; figures: Figures; previous?: Figures }) {
  const { context, figures, previous } = props;
  const { t, formatNumber } = context;
  const rate = figures.responses.rate;
  const items: { id: string; label: string; value: string; note: string; change?: string }[] = [
    {
      id: 'records',
      label: t('analytics.headline.records'),
      value: formatNumber(figures.records),
      note: t('analytics.headline.records.note'),
      ...(previous ? { change: change(context, figures.records, previous.records) } : {}),
    },
    {
      id: 'companies',
      label: t('analytics.headline.companies'),
      value: formatNumber(figures.companiesNamed),
      note: t('analytics.headline.companies.note', { count: figures.recordsWithoutCompany }),
      ...(previous ? { change: change(context, figures.companiesNamed, previous.companiesNamed) } : {}),
    },
    {
      id: 'individuals',
      label: t('analytics.headline.individuals'),
      value: t('analytics.atLeast', { count: formatNumber(figures.individuals.total) }),
      note: t('analytics.headline.individuals.note', {
        count: figures.individuals.recordsWithoutNumber,
      }),
      ...(previous ? { change: change(context, figures.individuals.total, previous.individuals.total) } : {}),
    },
    {
      id: 'deaths',
      label: t('analytics.headline.deaths'),
      value: formatNumber(figures.deaths.records),
      note: t('analytics.headline.deaths.note', {
        count: formatNumber(figures.deaths.individuals),
        unknown: formatNumber(figures.deaths.recordsWithoutNumber),
      }),
      ...(previous ? { change: change(context, figures.deaths.records, previous.deaths.records) } : {}),
    },
    {
      id: 'responses',
      label: t('analytics.headline.responseRate'),
      value: rate === null ? '–' : `${Math.round(rate * 100)}%`,
      note:
        figures.responses.requested === 0
          ? t('analytics.headline.responseRate.none')
          : `${t('analytics.headline.responseRate.note', {
              responded: figures.responses.responded,
              requested: figures.responses.requested,
            })}${rate === null ? `; ${rateText(context, figures.responses.responded, figures.responses.requested)}` : ''}`,
      ...(previous && previous.responses.rate !== null && rate !== null
        ? {
            change: t('analytics.change.points', {
              change: signed(Math.round((rate - previous.responses.rate) * 100)),
            }),
          }
        : {}),
    },
  ];
  return (
    <dl class="headline">
      {items.map((item) => (
        <div class={`figure figure-${item.id}`} data-figure={item.id}>
          <dt>{item.label}</dt>
          <dd class="value">{item.value}</dd>
          {item.change && <dd class="change">{item.change}</dd>}
          <dd class="note">{item.note}</dd>
        </div>
      ))}
    </dl>
  );
}

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

function change(context: PageContext, now: number, before: number): string {
  const { t } = context;
  if (before === 0)
    return now === 0 ? t('analytics.change.none') : t('analytics.change.new', { before: '0' });
  const percent = Math.round(((now - before) / before) * 100);
  return t('analytics.change.percent', {
    change: signed(percent),
    before: context.formatNumber(before),
  });
}

/** A chart's rows with their labels in the page's language. */
export function labelledRows(
  context: PageContext,
  spec: ChartSpec,
  figures: Figures,
): (ChartRow & DrawnRow)[] {
  const { t, labels } = context;
  return chartRows(figures, spec).map((row) => ({
    ...row,
    label:
      spec.kind === 'time'
        ? row.key
        : spec.facet
          ? labels.facetValue(spec.facet, row.key, row.name)
          : messageFor(t, `analytics.outcome.${row.key}`),
  }));
}

function describe(context: PageContext, spec: ChartSpec, rows: DrawnRow[], unit: string): string {
  const { t, formatNumber } = context;
  if (rows.length === 0) return t('analytics.empty');
  if (spec.kind === 'time') {
    const peak = rows.reduce((best, row) => (row.count > best.count ? row : best), rows[0]!);
    return t('analytics.describe.time', {
      first: rows[0]!.key,
      last: rows.at(-1)!.key,
      peak: peak.key,
      count: formatNumber(peak.count),
      unit,
    });
  }
  const top = rows
    .slice(0, 5)
    .map((row) => `${row.label}: ${formatNumber(row.count)}`)
    .join('; ');
  return t('analytics.describe.top', { count: String(rows.length), list: top, unit });
}

/** One chart with its table and the CSV of exactly what it draws. */
export function ChartSection(props: {
  context: PageContext;
  spec: ChartSpec;
  figures: Figures;
  query: SearchQuery;
  period?: Period | undefined;
  /** Leaves out the CSV link (the PDF report). */
  printOnly?: boolean;
}) {
  const { context, spec, figures } = props;
  const { t, formatNumber } = context;
  const rows = labelledRows(context, spec, figures);
  const unit =
    spec.facet || spec.kind === 'time' ? t('analytics.unit.records') : t('analytics.unit.requests');
  const title = messageFor(t, `analytics.chart.${spec.id}`);
  const text: ChartText = {
    id: `chart-${spec.id}`,
    title,
    description: describe(context, spec, rows, unit),
    unit,
    formatNumber,
  };
  const periodName = t(`analytics.period.${figures.period}`);
  const keyHeading =
    spec.kind === 'time' ? periodName : spec.facet ? t(`facet.${spec.facet}`) : t('analytics.outcome');
  return (
    <section
      class={`chart chart-${spec.kind}`}
      id={`chart-${spec.id}`}
      aria-labelledby={`${text.id}-heading`}
    >
      <h3 id={`${text.id}-heading`}>{title}</h3>
      {rows.length === 0 ? (
        <p class="note">{t('analytics.empty')}</p>
      ) : (
        <div class="chart-body">
          <figure>
            {spec.kind === 'time' ? (
              <TimeChart text={text} rows={rows} periodName={periodName} />
            ) : spec.kind === 'map' ? (
              <ChoroplethMap text={text} rows={rows} legendTitle={t('analytics.legend.records')} />
            ) : spec.kind === 'flows' ? (
              <FlowMap
                text={text}
                rows={rows}
                legendTitle={t('analytics.legend.flows')}
                placeName={(code) => context.labels.country(code)}
              />
            ) : (
              <BarChart text={text} rows={rows} />
            )}
            <figcaption>{text.description}</figcaption>
          </figure>
          <div class="chart-table">
            <table>
              <caption class="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{keyHeading}</th>
                  <th scope="col" class="number">
                    {unit}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr data-key={row.key}>
                    <th scope="row">{row.label}</th>
                    <td class="number">{formatNumber(row.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!props.printOnly && (
              <p>
                <a
                  href={analyticsLink(context, '/analytics/data.csv', props.query, {
                    chart: spec.id,
                    period: props.period,
                  })}
                  download
                >
                  {t('analytics.csv')}
                </a>
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
