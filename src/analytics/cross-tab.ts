import type { RecordStatus } from '../domain/record.ts';
import { type Facet, type SearchQuery } from '../search/query.ts';
import type { Stores } from '../store/store.ts';
import { computeFigures } from './figures.ts';

/**
 * A cross-tab of the records one search selects (an issue's, a country's): for each value of other facets,
 * how many OF THOSE records also have it, and the search that finds exactly them. Unlike the search's facet
 * counts, which count alternatives, every figure here is a part of the selected records.
 */

export interface CrossTabCell {
  value: string;
  /** Records of the base search that also have the value. */
  records: number;
  /** The search that finds exactly these records: the base search with the value added. */
  query: Partial<SearchQuery>;
}

export interface CrossTab {
  /** Records the base search selects. */
  records: number;
  /** By facet: the most frequent values, leaving out those the base search itself asks for. */
  byFacet: Partial<Record<Facet, CrossTabCell[]>>;
  /** Records by year reported, newest first; years without a record are left out. */
  byYear: CrossTabCell[];
}

/** The base query with one value added, so that the count and the search it links to agree. */
function narrowed(base: SearchQuery, facet: Facet, value: string): Partial<SearchQuery> {
  const values = [...(base[facet] as readonly string[]), value];
  // Two issues are alternatives by default: the cross-tab's cell is the records with both.
  const both = facet === 'issue' && values.length > 1;
  return { ...base, [facet]: values, ...(both ? { issueMode: 'all' as const } : {}), page: 1 };
}

export async function crossTabulate(
  store: Pick<Stores, 'search' | 'companies'>,
  base: SearchQuery,
  options: { facets: readonly Facet[]; statuses: readonly RecordStatus[]; limit: number },
): Promise<CrossTab> {
  // Values the base search asks for are left out: ask for as many more.
  const own = options.facets.reduce((most, facet) => Math.max(most, base[facet].length), 0);
  const figures = await computeFigures(store, base, {
    statuses: options.statuses,
    period: 'year',
    limit: options.limit + own,
  });
  const byFacet: CrossTab['byFacet'] = {};
  for (const facet of options.facets) {
    const asked = new Set<string>(base[facet] as readonly string[]);
    byFacet[facet] = figures.breakdowns[facet].values
      .filter((item) => !asked.has(item.value))
      .slice(0, options.limit)
      .map((item) => ({
        value: item.value,
        records: item.records,
        query: narrowed(base, facet, item.value),
      }));
  }
  const byYear = figures.series
    .filter((point) => point.records > 0)
    .reverse()
    .map((point) => ({
      value: point.period,
      records: point.records,
      query: {
        ...base,
        // Within the base search's own dates, if it has any.
        from: base.from && base.from > point.start ? base.from : point.start,
        to: base.to && base.to < point.end ? base.to : point.end,
        page: 1,
      },
    }));
  return { records: figures.records, byFacet, byYear };
}
