import type { FastifyPluginAsync } from 'fastify';
import { crossTabulate } from '../../analytics/cross-tab.ts';
import { isCountryCode } from '../../domain/countries.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';
import { issueTerms } from '../../domain/taxonomy.ts';
import { SearchQuery } from '../../search/query.ts';
import type { Stores } from '../../store/store.ts';
import { pageContext } from '../page-context.ts';
import { TermPage, type TermBreakdown, type TermPageData } from '../views/taxonomy.tsx';
import { PUBLIC } from './public.ts';
import { sendPage as html } from './replies.ts';

type TermStores = Pick<Stores, 'search' | 'companies'>;

/** The page of an issue and the page of a country: breakdowns of their records and the latest of them. */
export const termPageRoutes: FastifyPluginAsync<TermStores> = async (app, stores) => {
  app.get<{ Params: { id: string } }>('/issues/:id', PUBLIC, async (request, reply) => {
    const issue = issueTerms.get(request.params.id);
    if (!issue) return reply.callNotFound();
    const context = pageContext(request);
    const query = { issue: [issue.id] };
    const data = await termData(stores, {
      kicker: `${context.t('taxonomy.issue')} · ${context.labels.category(issue.category)}`,
      title: context.labels.issue(issue.id),
      breakdowns: [
        {
          query,
          heading: (count) => context.t('crossTab.ofIssue', { count }),
          dimensions: [
            { by: 'issue', caption: 'crossTab.alsoAbout', valueHeading: 'taxonomy.issue' },
            { by: 'sector', caption: 'crossTab.inSector', valueHeading: 'facet.sector' },
            { by: 'country', caption: 'crossTab.locatedIn', valueHeading: 'taxonomy.country' },
            { by: 'year', caption: 'crossTab.reportedIn', valueHeading: 'crossTab.year' },
          ],
        },
      ],
      lists: [{ heading: context.t('taxonomy.issueRecords'), query }],
    });
    return html(reply, <TermPage context={context} data={data} />);
  });

  app.get<{ Params: { code: string } }>('/countries/:code', PUBLIC, async (request, reply) => {
    const code = request.params.code.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) || !isCountryCode(code)) return reply.callNotFound();
    const context = pageContext(request);
    const country = context.labels.country(code);
    const located = { country: [code] };
    const workersFrom = { origin: [code] };
    const data = await termData(stores, {
      kicker: context.t('taxonomy.country'),
      title: country,
      breakdowns: [
        {
          query: located,
          heading: (count) => context.t('crossTab.ofLocated', { count, country }),
          dimensions: [
            { by: 'issue', caption: 'crossTab.about', valueHeading: 'taxonomy.issue' },
            { by: 'sector', caption: 'crossTab.inSector', valueHeading: 'facet.sector' },
            { by: 'origin', caption: 'crossTab.workersFrom', valueHeading: 'taxonomy.country' },
            { by: 'year', caption: 'crossTab.reportedIn', valueHeading: 'crossTab.year' },
          ],
        },
        {
          query: workersFrom,
          heading: (count) => context.t('crossTab.ofWorkersFrom', { count, country }),
          dimensions: [
            { by: 'country', caption: 'crossTab.locatedIn', valueHeading: 'taxonomy.country' },
            { by: 'issue', caption: 'crossTab.about', valueHeading: 'taxonomy.issue' },
          ],
        },
      ],
      lists: [
        { heading: context.t('taxonomy.locatedHere', { country }), query: located },
        { heading: context.t('taxonomy.workersFrom', { country }), query: workersFrom },
      ],
    });
    return html(reply, <TermPage context={context} data={data} />);
  });
};

/** Values listed per table of a term page's breakdown. */
const BREAKDOWN_VALUES = 10;

/**
 * The breakdowns (cross-tabs of the records of a search) and lists of latest records of a term page. Every
 * figure is a part of the records it is headed by, never a facet count of alternatives.
 */
async function termData(
  stores: TermStores,
  spec: {
    kicker: string;
    title: string;
    breakdowns: (Omit<TermBreakdown, 'heading' | 'crossTab'> & {
      query: Record<string, string[]>;
      heading: (records: number) => string;
    })[];
    lists: { heading: string; query: Record<string, string[]> }[];
  },
): Promise<TermPageData> {
  const [breakdowns, lists] = await Promise.all([
    Promise.all(
      spec.breakdowns.map(async (breakdown) => {
        const crossTab = await crossTabulate(stores, SearchQuery.parse(breakdown.query), {
          facets: breakdown.dimensions.flatMap((dimension) =>
            dimension.by === 'year' ? [] : [dimension.by],
          ),
          statuses: PUBLIC_STATUSES,
          limit: BREAKDOWN_VALUES,
        });
        return { heading: breakdown.heading(crossTab.records), crossTab, dimensions: breakdown.dimensions };
      }),
    ),
    Promise.all(
      spec.lists.map(async (list) => {
        const result = await stores.search.searchRecords(SearchQuery.parse({ ...list.query, pageSize: 10 }), {
          statuses: PUBLIC_STATUSES,
        });
        return { heading: list.heading, query: list.query, total: result.total, records: result.records };
      }),
    ),
  ]);
  return { kicker: spec.kicker, title: spec.title, breakdowns, lists };
}
