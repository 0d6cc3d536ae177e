import { PUBLIC_OUTCOMES } from '../domain/response.ts';
import type { Facet } from '../search/query.ts';
import type { Figures } from './figures.ts';

/**
 * The charts of the dashboard and the report, as data: what each draws and how many values. `chartRows`
 * gives exactly the figures a chart draws, for the chart, the table beside it and its CSV download alike.
 */

export type ChartKind = 'time' | 'bars' | 'map' | 'flows';

export interface ChartSpec {
  id: string;
  kind: ChartKind;
  /** The breakdown drawn (none for the time series and the response outcomes). */
  facet?: Facet;
  /** Values drawn at most. */
  limit: number;
}

export const CHARTS = [
  { id: 'over-time', kind: 'time', limit: Infinity },
  { id: 'issues', kind: 'bars', facet: 'issue', limit: 12 },
  { id: 'sectors', kind: 'bars', facet: 'sector', limit: 12 },
  { id: 'companies', kind: 'bars', facet: 'company', limit: 12 },
  { id: 'countries', kind: 'map', facet: 'country', limit: 250 },
  { id: 'corridors', kind: 'flows', facet: 'corridor', limit: 15 },
  { id: 'origins', kind: 'bars', facet: 'origin', limit: 12 },
  { id: 'categories', kind: 'bars', facet: 'category', limit: 12 },
  { id: 'gender', kind: 'bars', facet: 'gender', limit: 5 },
  { id: 'migration-status', kind: 'bars', facet: 'migrationStatus', limit: 6 },
  { id: 'source-types', kind: 'bars', facet: 'sourceType', limit: 10 },
  { id: 'responses', kind: 'bars', limit: 4 },
] as const satisfies readonly ChartSpec[];
export type ChartId = (typeof CHARTS)[number]['id'];
export const CHART_IDS = CHARTS.map((chart) => chart.id) as [ChartId, ...ChartId[]];

/** Values the filter form of the dashboard lists per facet (as the search page does). */
export const FILTER_VALUES = 30;

/**
 * The breakdown sizes the dashboard and the report need: every value a chart draws and the filter form
 * lists, and no more (each value listed costs a company-name lookup).
 */
export const CHART_LIMITS: { limit: number; limits: Partial<Record<Facet, number>> } = {
  limit: FILTER_VALUES,
  limits: Object.fromEntries(
    CHARTS.flatMap((chart: ChartSpec) =>
      chart.facet && chart.limit > FILTER_VALUES ? [[chart.facet, chart.limit]] : [],
    ),
  ),
};

export function chartSpec(id: ChartId): ChartSpec {
  return CHARTS.find((chart) => chart.id === id)!;
}

export interface ChartRow {
  /** The value drawn: a period key, a vocabulary id, a country or corridor code, a company id, an outcome. */
  key: string;
  /** A company's name (other keys are labelled in the page's language by the page). */
  name?: string;
  /** Records, or for the response outcomes, requests. */
  count: number;
  /** First and last day of a period. */
  start?: string;
  end?: string;
}

export function chartRows(figures: Figures, spec: ChartSpec): ChartRow[] {
  if (spec.kind === 'time')
    return figures.series.map((point) => ({
      key: point.period,
      count: point.records,
      start: point.start,
      end: point.end,
    }));
  if (!spec.facet)
    return PUBLIC_OUTCOMES.map((outcome) => ({ key: outcome, count: figures.responses[outcome] }));
  return figures.breakdowns[spec.facet].values.slice(0, spec.limit).map((item) => ({
    key: item.value,
    ...(item.label ? { name: item.label } : {}),
    count: item.records,
  }));
}
