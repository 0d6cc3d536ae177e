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

/** The breakdown size the charts need: every chart's values must be in the figures. */
export const CHART_LIMIT = Math.max(
  ...CHARTS.map((chart) => (Number.isFinite(chart.limit) ? chart.limit : 0)),
);

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
