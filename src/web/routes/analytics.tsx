import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { CHART_IDS, CHART_LIMITS, chartSpec } from '../../analytics/charts.ts';
import { computeFigures, type Figures } from '../../analytics/figures.ts';
import type { Period } from '../../analytics/periods.ts';
import { InputError, zodIssues } from '../../domain/errors.ts';
import { csvText } from '../../formats/csv-cells.ts';
import { FACETS, SearchQuery, searchParams } from '../../search/query.ts';
import type { SearchResult, Stores } from '../../store/store.ts';
import { pageContext } from '../page-context.ts';
import { PageCache } from '../page-cache.ts';
import { figureOptionsOf, pageSearchOf, searchQueryOf } from '../search-request.ts';
import { DashboardPage, labelledRows } from '../views/analytics.tsx';
import { ReportPage } from '../views/report.tsx';
import { reportData, selectedCompanyNames } from '../report.tsx';
import { PUBLIC } from './public.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';
import { sendPage } from './replies.ts';

/**
 * The analytics pages: the dashboard (`/analytics`, the search's URL query plus `period`), the CSV of each
 * chart (`/analytics/data.csv?chart=...`) and the analysis report (`/analytics/report`). Public: published
 * records only. Every figure comes from `computeFigures`.
 */

const statuses = PUBLIC_STATUSES;

const ChartQuery = z.object({ chart: z.enum(CHART_IDS) });

/** The filter form's counts from the figures of a search without facet filters (the search page's 30 values). */
function filterCountsOf(figures: Figures): SearchResult {
  const facets = Object.fromEntries(
    FACETS.map((facet) => [
      facet,
      figures.breakdowns[facet].values.slice(0, 30).map((item) => ({
        value: item.value,
        count: item.records,
        ...(item.label ? { label: item.label } : {}),
      })),
    ]),
  ) as SearchResult['facets'];
  return { total: figures.records, records: [], ...(facets ? { facets } : {}) };
}

export type AnalyticsOptions = Pick<Stores, 'records' | 'search' | 'companies'> & {
  /** Who publishes the report, named on it. */
  organisation: string;
  /**
   * The figures of a query are reused while the data has not changed (a dashboard, then its CSV downloads),
   * unless the settings say not to (BHR_ANALYTICS_CACHE=0: benchmarks measure the work itself).
   */
  reuseFigures: boolean;
};

export const analyticsRoutes: FastifyPluginAsync<AnalyticsOptions> = async (app, options) => {
  const { records, search, organisation } = options;
  const store = { search, companies: options.companies };
  const reuse = options.reuseFigures;
  const recent = new PageCache<Figures>(32);
  const dashboardFigures = async (query: SearchQuery, period: Period | undefined) => {
    const compute = () =>
      computeFigures(store, query, { statuses, ...CHART_LIMITS, ...(period ? { period } : {}) });
    if (!reuse) return compute();
    const key = `${searchParams({ ...query, page: 1, pageSize: 20, sort: undefined })}|${period ?? ''}`;
    return (await recent.get(key, await records.changeToken(), compute))!;
  };

  app.get('/analytics', PUBLIC, async (request, reply) => {
    const context = pageContext(request);
    const { query, errors, typed } = pageSearchOf(request, context);
    const options = figureOptionsOf(request);
    const figures = await dashboardFigures(query, options.period);
    // The filter form lists each facet's values with the records each would give. Without a facet filter
    // those are the figures' own breakdowns; with one, the search counts each facet without its own filter.
    const filters = FACETS.some((facet) => query[facet].length > 0)
      ? await search.searchRecords({ ...query, page: 1, pageSize: 1 }, { statuses, facets: true })
      : filterCountsOf(figures);
    const companyNames = await selectedCompanyNames(store, query);
    return sendPage(
      reply,
      <DashboardPage
        context={context}
        data={{
          query,
          figures,
          filters,
          companyNames,
          errors,
          typed,
          ...(options.period ? { period: options.period } : {}),
        }}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  });

  app.get('/analytics/data.csv', PUBLIC, async (request, reply) => {
    const chart = ChartQuery.safeParse(request.query);
    if (!chart.success) throw new InputError('invalid_query', zodIssues(chart.error));
    const query = searchQueryOf(request);
    const options = figureOptionsOf(request);
    const spec = chartSpec(chart.data.chart);
    const figures = await dashboardFigures(query, options.period);
    const context = pageContext(request);
    const rows = labelledRows(context, spec, figures);
    const table =
      spec.kind === 'time'
        ? [
            ['period', 'start', 'end', 'records'],
            ...rows.map((row) => [row.key, row.start ?? '', row.end ?? '', row.count]),
          ]
        : [
            [spec.facet ?? 'outcome', 'label', spec.facet ? 'records' : 'requests'],
            ...rows.map((row) => [row.key, row.label, row.count]),
          ];
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="bhr-${spec.id}.csv"`)
      .send(csvText(table));
  });

  app.get('/analytics/report', PUBLIC, async (request, reply) => {
    const context = pageContext(request);
    const query = searchQueryOf(request);
    if (Boolean(query.from) !== Boolean(query.to))
      throw new InputError('invalid_query', [
        {
          code: 'missing',
          path: query.from ? '/to' : '/from',
          message: 'a report needs both ends of its period',
        },
      ]);
    const data = await reportData(store, query, organisation);
    return sendPage(reply, <ReportPage context={context} data={data} />);
  });
};
