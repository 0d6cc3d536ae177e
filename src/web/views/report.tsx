import { chartSpec, type ChartId } from '../../analytics/charts.ts';
import type { Figures } from '../../analytics/figures.ts';
import { FACETS, type SearchQuery } from '../../search/query.ts';
import { analyticsLink, ChartSection, Headline } from './analytics.tsx';
import type { PageContext } from './context.ts';
import { rateText } from './components.tsx';
import { Layout } from './layout.tsx';

/**
 * The analysis report for a period and a filter, in the manner of the annual analyses such databases publish:
 * the headline, the change against the period before, the leading sectors, issues, corridors and companies,
 * the response rate, and the charts. One body for the web page (printable) and the PDF of `bhr report`.
 */

export interface ReportData {
  query: SearchQuery & { from: string; to: string };
  current: Figures;
  previous: Figures;
  previousRange: { from: string; to: string };
  companyNames: Map<string, string>;
  /** Who publishes the report (BHR_ORGANISATION). */
  organisation: string;
}

const REPORT_CHARTS: ChartId[] = [
  'over-time',
  'issues',
  'sectors',
  'corridors',
  'countries',
  'companies',
  'origins',
  'responses',
];

export function ReportBody(props: { context: PageContext; data: ReportData; printOnly?: boolean }) {
  const { context, data } = props;
  const { t, formatDate, labels } = context;
  const { current, previous, query } = data;
  const filters = FACETS.flatMap((facet) =>
    query[facet].map(
      (value) => `${t(`facet.${facet}`)}: ${labels.facetValue(facet, value, data.companyNames.get(value))}`,
    ),
  );
  if (query.q) filters.unshift(`${t('report.words')}: “${query.q}”`);
  const top = (facet: 'sector' | 'issue' | 'corridor' | 'company') =>
    current.breakdowns[facet].values
      .slice(0, 3)
      .map((item) => labels.facetValue(facet, item.value, item.label))
      .join(', ') || '–';
  const trend =
    previous.records === 0
      ? t('report.trend.new')
      : current.records >= previous.records
        ? t('report.trend.up', {
            percent: String(Math.round(((current.records - previous.records) / previous.records) * 100)),
          })
        : t('report.trend.down', {
            percent: String(Math.round(((previous.records - current.records) / previous.records) * 100)),
          });
  return (
    <article class="report">
      <header>
        <p class="kicker">{data.organisation}</p>
        <h1>{t('report.title')}</h1>
        <p class="period" data-period={`${query.from}/${query.to}`}>
          {formatDate(query.from)} – {formatDate(query.to)}
        </p>
        <p class="filters">
          {filters.length > 0 ? `${t('report.filters')}: ${filters.join('; ')}` : t('report.allRecords')}
        </p>
      </header>
      <section aria-labelledby="report-summary">
        <h2 id="report-summary">{t('report.summary')}</h2>
        <p class="summary">
          {t('report.sentence', {
            records: current.records,
            companies: current.companiesNamed,
            unidentified: current.recordsWithoutCompany,
            trend,
          })}{' '}
          {t('report.sentence.people', {
            individuals: current.individuals.total,
            unknown: current.individuals.recordsWithoutNumber,
            deathRecords: current.deaths.records,
            deaths: current.deaths.individuals,
          })}{' '}
          {endSentence(
            t('report.sentence.leading', {
              sectors: top('sector'),
              issues: top('issue'),
              corridors: top('corridor'),
              companies: top('company'),
            }),
          )}{' '}
          {current.responses.requested === 0
            ? t('report.sentence.noRequests', {
                sought:
                  current.breakdowns.responseSought.values.find((item) => item.value === 'yes')?.records ?? 0,
              })
            : t('report.sentence.responses', {
                requested: current.responses.requested,
                responded: current.responses.responded,
                rate: rateText(context, current.responses.responded, current.responses.requested),
              })}
        </p>
        <Headline context={context} figures={current} previous={previous} />
        <ComparisonTable context={context} data={data} />
      </section>
      {REPORT_CHARTS.map((id) => (
        <ChartSection
          context={context}
          spec={chartSpec(id)}
          figures={current}
          query={query}
          printOnly={props.printOnly ?? false}
        />
      ))}
      <section aria-labelledby="report-method" class="method">
        <h2 id="report-method">{t('report.method')}</h2>
        <p>{t('report.method.text')}</p>
      </section>
    </article>
  );
}

/** This period's figures beside the period before's, one measure a row. */
function ComparisonTable(props: { context: PageContext; data: ReportData }) {
  const { context, data } = props;
  const { t, formatNumber, formatDate } = context;
  const { current, previous } = data;
  const rows: [string, number | string, number | string][] = [
    [t('analytics.headline.records'), current.records, previous.records],
    [t('analytics.headline.companies'), current.companiesNamed, previous.companiesNamed],
    [t('report.row.withoutCompany'), current.recordsWithoutCompany, previous.recordsWithoutCompany],
    [t('report.row.individuals'), current.individuals.total, previous.individuals.total],
    [t('report.row.deathRecords'), current.deaths.records, previous.deaths.records],
    [t('report.row.deaths'), current.deaths.individuals, previous.deaths.individuals],
    [t('report.row.requested'), current.responses.requested, previous.responses.requested],
    [
      t('analytics.headline.responseRate'),
      current.responses.rate === null ? '–' : `${Math.round(current.responses.rate * 100)}%`,
      previous.responses.rate === null ? '–' : `${Math.round(previous.responses.rate * 100)}%`,
    ],
  ];
  const show = (value: number | string) => (typeof value === 'number' ? formatNumber(value) : value);
  return (
    <table class="comparison">
      <caption>
        {t('report.comparison', {
          from: formatDate(data.previousRange.from),
          to: formatDate(data.previousRange.to),
        })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('report.measure')}</th>
          <th scope="col" class="number">
            {t('report.thisPeriod')}
          </th>
          <th scope="col" class="number">
            {t('report.previousPeriod')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, now, before]) => (
          <tr>
            <th scope="row">{label}</th>
            <td class="number">{show(now)}</td>
            <td class="number">{show(before)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportPage(props: { context: PageContext; data: ReportData }) {
  const { context, data } = props;
  const { t } = context;
  return (
    <Layout context={context} title={t('report.title')}>
      <form method="get" action="/analytics/report" class="report-controls no-print">
        <input type="hidden" name="lang" value={context.language} />
        {FACETS.flatMap((facet) =>
          data.query[facet].map((value) => <input type="hidden" name={facet} value={value} />),
        )}
        {data.query.q && <input type="hidden" name="q" value={data.query.q} />}
        <label for="report-from">{t('search.from')}</label>
        <input id="report-from" type="date" name="from" value={data.query.from} required />
        <label for="report-to">{t('search.to')}</label>
        <input id="report-to" type="date" name="to" value={data.query.to} required />
        <button type="submit">{t('analytics.show')}</button>
        <a href={analyticsLink(context, '/analytics', data.query)}>{t('report.dashboard')}</a>
        <span class="note">{t('report.print')}</span>
      </form>
      <ReportBody context={context} data={data} />
    </Layout>
  );
}

/** The report as a standalone document for the PDF: no site navigation, the stylesheet inline. */
export function ReportDocument(props: { context: PageContext; data: ReportData; css: string }) {
  const { context } = props;
  return (
    <html lang={context.language}>
      <head>
        <meta charset="utf-8" />
        <title>{context.t('report.title')}</title>
        <style dangerouslySetInnerHTML={{ __html: props.css }} />
      </head>
      <body class="print">
        <main>
          <ReportBody context={context} data={props.data} printOnly />
        </main>
      </body>
    </html>
  );
}

/** A sentence whose last value ends with a full stop of its own ("… Qatar Builders W.L.L.") takes no second. */
export const endSentence = (text: string) => text.replace(/\.\.$/, '.');
