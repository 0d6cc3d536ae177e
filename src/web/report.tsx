import { readFileSync } from 'node:fs';
import { CHART_LIMITS } from '../analytics/charts.ts';
import { compareWithPreviousPeriod } from '../analytics/figures.ts';
import { lastWholeYear } from '../analytics/periods.ts';
import { PUBLIC_STATUSES } from '../domain/record.ts';
import type { SearchQuery } from '../search/query.ts';
import type { Stores } from '../store/store.ts';
import { renderPage } from './render.ts';
import type { PageContext } from './views/context.ts';
import { ReportDocument, type ReportData } from './views/report.tsx';

/**
 * The analysis report of a period, for the web page (`/analytics/report`) and `bhr report` alike: its data
 * over the published records, and the standalone document the PDF is printed from.
 */

const statuses = PUBLIC_STATUSES;

/** Names of the companies a query selects, for the filters in force. */
export async function selectedCompanyNames(store: Pick<Stores, 'search' | 'companies'>, query: SearchQuery) {
  return query.company.length > 0 ? store.companies.companyNames(query.company) : new Map<string, string>();
}

/** Everything the report shows, for the web page and `bhr report` alike. */
export async function reportData(
  store: Pick<Stores, 'search' | 'companies'>,
  query: SearchQuery,
  organisation: string,
): Promise<ReportData> {
  const range = query.from && query.to ? { from: query.from, to: query.to } : lastWholeYear();
  const bounded = { ...query, ...range };
  const { current, previous, previousRange } = await compareWithPreviousPeriod(store, bounded, {
    statuses,
    ...CHART_LIMITS,
  });
  return {
    query: bounded,
    current,
    previous,
    previousRange,
    companyNames: await selectedCompanyNames(store, query),
    organisation,
  };
}

/** The report as a standalone HTML document with its stylesheet inline (for the PDF). */
export function reportDocument(context: PageContext, data: ReportData): string {
  const css = readFileSync(new URL('./static/style.css', import.meta.url), 'utf8');
  return renderPage(<ReportDocument context={context} data={data} css={css} />);
}
