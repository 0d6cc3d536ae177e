import type { FastifyPluginAsync } from 'fastify';
import { SearchQuery } from '../../search/query.ts';
import { recordSnippet } from '../../search/snippet.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';
import type { Stores } from '../../store/store.ts';
import { RebuiltOnChange } from '../../search/rebuilt-on-change.ts';
import { pageContext } from '../page-context.ts';
import { pageSearchOf } from '../search-request.ts';
import { HomePage } from '../views/home.tsx';
import { SearchPage } from '../views/search.tsx';
import { companyPageRoutes, type CompanyPageOptions } from './company-page.tsx';
import { PUBLIC } from './public.ts';
import { recordPageRoutes, type RecordPageOptions } from './record-page.tsx';
import { sendPage as html } from './replies.ts';
import { termPageRoutes } from './term-pages.tsx';

const statuses = PUBLIC_STATUSES;

/** The home page and the search page. */
const homeAndSearchRoutes: FastifyPluginAsync<Pick<Stores, 'records' | 'search'>> = async (
  app,
  { records, search },
) => {
  // Records with a public source link are few among many and read on every visit to the home page: they
  // are looked for again only after the data changed.
  const withSources = new RebuiltOnChange(
    () => records.recordsWithSourceLinks({ statuses, limit: 5 }),
    () => records.changeToken(),
  );
  app.get('/', PUBLIC, async (request, reply) => {
    const context = pageContext(request);
    const [figures, latest, checkable] = await Promise.all([
      records.headlineCounts({ statuses }),
      search.searchRecords(SearchQuery.parse({ pageSize: 10 }), { statuses }),
      withSources.current(),
    ]);
    return html(
      reply,
      <HomePage context={context} data={{ ...figures, latest: latest.records, withSources: checkable }} />,
    );
  });

  app.get('/search', PUBLIC, async (request, reply) => {
    const context = pageContext(request);
    const { query, errors, typed } = pageSearchOf(request, context);
    const result = await search.searchRecords(query, { statuses, facets: true });
    const snippets = new Map(result.records.map((record) => [record.id, recordSnippet(record, query.q)]));
    const companyNames = new Map(
      result.records.flatMap((record) =>
        record.companies.flatMap((company) =>
          company.companyId ? [[company.companyId, company.name] as const] : [],
        ),
      ),
    );
    const suggestion = await search.suggestSpelling(query, { statuses, found: result.total });
    return html(
      reply,
      <SearchPage
        context={context}
        data={{ query, result, snippets, companyNames, suggestion, errors, typed }}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  });
};

/** The public HTML pages: home, search, record, company, issue and country; staff see more on some. */
export const publicPageRoutes: FastifyPluginAsync<RecordPageOptions & CompanyPageOptions> = async (
  app,
  options,
) => {
  const { records, revisions, companies, search, accounts, responses, triage } = options;
  await app.register(homeAndSearchRoutes, { records, search });
  await app.register(recordPageRoutes, {
    records,
    revisions,
    search,
    accounts,
    responses,
    triage,
    allCompanies: options.allCompanies,
    unsentOf: options.unsentOf,
  });
  await app.register(companyPageRoutes, { companies, responses, allCompanies: options.allCompanies });
  await app.register(termPageRoutes, { search, companies });
};
