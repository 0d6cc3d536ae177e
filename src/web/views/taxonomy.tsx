import type { StoredRecord } from '../../domain/record.ts';
import { searchParams, type SearchQuery } from '../../search/query.ts';
import type { FacetValue } from '../../store/search-records.ts';
import type { PageContext } from './context.ts';
import { CountTable, RecordItem } from './components.tsx';
import { Layout } from './layout.tsx';

export interface TermPageData {
  kicker: string;
  title: string;
  /** Each list: a heading, the search it stands for, its total and latest records. */
  lists: { heading: string; query: Partial<SearchQuery>; total: number; records: StoredRecord[] }[];
  tables: {
    caption: string;
    valueHeading: string;
    rows: (FacetValue & { label: string; href?: string })[];
  }[];
}

/** The page of a taxonomy term (an issue) or a country: its records and counts. */
export function TermPage(props: { context: PageContext; data: TermPageData }) {
  const { context, data } = props;
  const { t } = context;
  return (
    <Layout context={context} title={data.title}>
      <p class="kicker">{data.kicker}</p>
      <h1>{data.title}</h1>
      <div class="columns">
        {data.tables.map((table) => (
          <CountTable
            context={context}
            caption={table.caption}
            valueHeading={table.valueHeading}
            rows={table.rows}
          />
        ))}
      </div>
      {data.lists.map((list, index) => (
        <section aria-labelledby={`list-${index}`}>
          <h2 id={`list-${index}`}>
            {list.heading} ({context.formatNumber(list.total)})
          </h2>
          <ul class="records">
            {list.records.map((record) => (
              <RecordItem context={context} record={record} />
            ))}
          </ul>
          <p>
            <a href={context.href('/search', searchParams(list.query))}>{t('taxonomy.all')}</a>
          </p>
        </section>
      ))}
    </Layout>
  );
}
