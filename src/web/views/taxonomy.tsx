import type { CrossTab, CrossTabCell } from '../../analytics/cross-tab.ts';
import type { StoredRecord } from '../../domain/record.ts';
import { searchParams, type Facet, type SearchQuery } from '../../search/query.ts';
import type { MessageKey } from '../i18n.ts';
import type { PageContext } from './context.ts';
import { RecordItem } from './components.tsx';
import { Layout } from './layout.tsx';

/** One table of a breakdown: a facet (or the year reported), under a caption that says how it relates. */
export interface BreakdownDimension {
  by: Facet | 'year';
  /** Read after the breakdown's heading: "Of these 151 records:" "also about". */
  caption: MessageKey;
  valueHeading: MessageKey;
}

/** A cross-tab of one list's records, laid out as tables. */
export interface TermBreakdown {
  /** Names the records the figures are parts of, with their number. */
  heading: string;
  crossTab: CrossTab;
  dimensions: BreakdownDimension[];
}

export interface TermPageData {
  kicker: string;
  title: string;
  breakdowns: TermBreakdown[];
  /** Each list: a heading, the search it stands for, its total and latest records. */
  lists: { heading: string; query: Partial<SearchQuery>; total: number; records: StoredRecord[] }[];
}

/** The share of the whole, as a whole percentage, or "<1%" for a part too small to round to one. */
function share(context: PageContext, part: number, whole: number): string {
  if (whole === 0) return '';
  const percent = (part / whole) * 100;
  return percent > 0 && percent < 1 ? '<1%' : `${context.formatNumber(Math.round(percent))}%`;
}

function BreakdownTable(props: {
  context: PageContext;
  dimension: BreakdownDimension;
  cells: CrossTabCell[];
  whole: number;
}) {
  const { context, dimension, cells, whole } = props;
  const { t } = context;
  if (cells.length === 0) return null;
  const label = (value: string) =>
    dimension.by === 'year' ? value : context.labels.facetValue(dimension.by, value);
  return (
    <table class="counts cross-tab">
      <caption>{t(dimension.caption)}</caption>
      <thead>
        <tr>
          <th scope="col">{t(dimension.valueHeading)}</th>
          <th scope="col">{t('crossTab.records')}</th>
          <th scope="col">{t('crossTab.share')}</th>
        </tr>
      </thead>
      <tbody>
        {cells.map((cell) => (
          <tr>
            <th scope="row">
              <a href={context.href('/search', searchParams(cell.query))}>{label(cell.value)}</a>
            </th>
            <td>{context.formatNumber(cell.records)}</td>
            <td>{share(context, cell.records, whole)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The page of a taxonomy term (an issue) or a country: its records, and how they break down. */
export function TermPage(props: { context: PageContext; data: TermPageData }) {
  const { context, data } = props;
  const { t } = context;
  return (
    <Layout context={context} title={data.title}>
      <p class="kicker">{data.kicker}</p>
      <h1>{data.title}</h1>
      {data.breakdowns
        .filter((breakdown) => breakdown.crossTab.records > 0)
        .map((breakdown, index) => (
          <section aria-labelledby={`breakdown-${index}`} class="breakdown">
            <h2 id={`breakdown-${index}`}>{breakdown.heading}</h2>
            <p class="hint">{t('crossTab.explain', { count: breakdown.crossTab.records })}</p>
            <div class="columns">
              {breakdown.dimensions.map((dimension) => (
                <BreakdownTable
                  context={context}
                  dimension={dimension}
                  cells={
                    dimension.by === 'year'
                      ? breakdown.crossTab.byYear
                      : (breakdown.crossTab.byFacet[dimension.by] ?? [])
                  }
                  whole={breakdown.crossTab.records}
                />
              ))}
            </div>
          </section>
        ))}
      {data.lists.map((list, index) => (
        <section aria-labelledby={`list-${index}`}>
          <h2 id={`list-${index}`}>
            {list.heading} ({context.formatNumber(list.total)})
          </h2>
          {list.total === 0 ? (
            <p>{t('taxonomy.noneYet')}</p>
          ) : (
            <>
              <ul class="records">
                {list.records.map((record) => (
                  <RecordItem context={context} record={record} />
                ))}
              </ul>
              <p>
                <a href={context.href('/search', searchParams(list.query))}>{t('taxonomy.all')}</a>
              </p>
            </>
          )}
        </section>
      ))}
    </Layout>
  );
}
