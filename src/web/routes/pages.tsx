import { publicResponse } from '../views/responses.tsx';
import { DEFAULT_THRESHOLD } from '../../matching/score.ts';
import type { FastifyInstance } from 'fastify';
import { isCountryCode } from '../../domain/countries.ts';
import { issueTerms } from '../../domain/taxonomy.ts';
import { SearchQuery } from '../../search/query.ts';
import { recordSnippet } from '../../search/snippet.ts';
import type { RecordStore } from '../../store/store.ts';
import { RebuiltOnChange } from '../../search/rebuilt-on-change.ts';
import type { ResponseRequestRow } from '../../store/responses.ts';
import type { UnsentRequest } from '../../responses/workflow.ts';
import { pageContext } from '../page-context.ts';
import { PageCache } from '../page-cache.ts';
import { renderPage } from '../render.ts';
import { pageSearchOf } from '../search-request.ts';
import { CompanyPage } from '../views/company.tsx';
import { HomePage } from '../views/home.tsx';
import { RecordPage, RetractedPage } from '../views/record.tsx';
import { recordPath } from '../views/components.tsx';
import { transitionsFrom } from '../../domain/access.ts';
import { mayEdit } from '../../editorial/records.ts';
import { hasBeenPublished } from '../../editorial/publication.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { pairKey } from '../../store/companies.ts';
import { RECORD_STATUSES } from '../../domain/enumerations.ts';
import { SearchPage } from '../views/search.tsx';
import { TermPage, type TermBreakdown, type TermPageData } from '../views/taxonomy.tsx';
import { crossTabulate } from '../../analytics/cross-tab.ts';
import { PUBLIC, isIdentifier } from './public.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';
import { sendPage as html } from './replies.ts';

const emptyQuery = (input: Record<string, unknown> = {}) => SearchQuery.parse(input);

/** The public HTML pages: home, search, record, company, issue and country. */
export function registerPages(
  app: FastifyInstance,
  store: RecordStore,
  allCompanies: ScreenCache,
  /** The e-mails of these requests that have not gone out, with their private links, by request id. */
  unsentOf: (requests: ResponseRequestRow[]) => Promise<Map<string, UnsentRequest>>,
): void {
  const statuses = PUBLIC_STATUSES;

  // Records with a public source link are few among many and read on every visit to the home page: they
  // are looked for again only after the data changed.
  const withSources = new RebuiltOnChange(
    () => store.recordsWithSourceLinks({ statuses, limit: 5 }),
    () => store.changeToken(),
  );
  app.get('/', PUBLIC, async (request, reply) => {
    const context = pageContext(request);
    const [figures, latest, checkable] = await Promise.all([
      store.headlineCounts({ statuses }),
      store.searchRecords(emptyQuery({ pageSize: 10 }), { statuses }),
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
    const result = await store.searchRecords(query, { statuses, facets: true });
    const snippets = new Map(result.records.map((record) => [record.id, recordSnippet(record, query.q)]));
    const companyNames = new Map(
      result.records.flatMap((record) =>
        record.companies
          .filter((company) => company.companyId)
          .map((company) => [company.companyId!, company.name] as const),
      ),
    );
    const suggestion = await store.suggestSpelling(query, { statuses, found: result.total });
    return html(
      reply,
      <SearchPage
        context={context}
        data={{ query, result, snippets, companyNames, suggestion, errors, typed }}
      />,
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  });

  // Record pages are read far more than records change: rendered pages are reused until the data changes.
  const recordPages = new PageCache();
  app.get<{ Params: { key: string } }>('/records/:key', PUBLIC, async (request, reply) => {
    if (!isIdentifier(request.params.key)) return reply.callNotFound();
    const context = pageContext(request);
    const actor = request.actor;
    // Signed-in staff see every status, the confidential fields and the workflow; never from the cache.
    if (actor?.permissions.has('records:read-restricted')) {
      const record = await store.getRecord(request.params.key, { confidential: true });
      if (!record) return reply.callNotFound();
      const open = record.status === 'draft' || record.status === 'in_review';
      const [duplicates, revisions] = await Promise.all([
        open ? store.findDuplicates(record, { excludeId: record.id }) : Promise.resolve([]),
        store.listRevisions(record.id),
      ]);
      const comment = revisions.find((revision) => revision.action === 'transition' && revision.reason);
      // Each company name the record gives, beside the known companies it may be (other than the one linked).
      const screen = await allCompanies.get();
      const companySuggestions = record.companies.flatMap((company, position) => {
        const found = screen
          .screen({ name: company.name }, { limit: 3 })
          .matches.filter((match) => match.match && match.companyId !== company.companyId);
        return found.map((match) => ({ position, given: company.name, match }));
      });
      const editorial = {
        transitions: transitionsFrom(record.status, actor.permissions),
        mayEdit: mayEdit(actor, record),
        duplicates,
        companySuggestions,
        // A review comment belongs to the review: once the record is out of it, it is in the history only.
        ...(comment && open
          ? { lastComment: { author: comment.author.name, reason: comment.reason!, at: comment.at } }
          : {}),
      };
      const requests = await store.responses.requestsOfRecord(record.id);
      const proposedSources = await Promise.all(
        (await store.triage.proposedFor(record.id)).map(async (article) => {
          const user = article.proposedBy ? await store.accounts.getUser(article.proposedBy) : undefined;
          return { article, proposedBy: user?.name ?? user?.email ?? '' };
        }),
      );
      // Those who manage responses see the requests, and the private link of one whose e-mail has not gone out.
      const manages = actor.permissions.has('responses:manage');
      return html(
        reply,
        <RecordPage
          context={context}
          record={record}
          editorial={{ ...editorial, proposedSources: proposedSources.length }}
          responses={requests.map(publicResponse)}
          proposedSources={proposedSources}
          {...(manages ? { responseRequests: requests, unsentRequests: await unsentOf(requests) } : {})}
        />,
      );
    }
    const token = await store.changeToken();
    const page = await recordPages.get(`${context.language}:${request.url}`, token, async () => {
      const record = await store.getRecord(request.params.key);
      if (!record || !statuses.includes(record.status)) return undefined;
      const responses = (await store.responses.requestsOfRecord(record.id)).map(publicResponse);
      return renderPage(<RecordPage context={context} record={record} responses={responses} />);
    });
    if (page !== undefined) return reply.type('text/html; charset=utf-8').send(page);
    // Not published: a merged record points to the one it became, if that one is public; a retracted one says
    // why it was withdrawn, but only if it was ever public: else its title was never public either.
    const record = await store.getRecord(request.params.key);
    if (record?.mergedInto) {
      const target = await store.getRecord(record.mergedInto);
      if (target && statuses.includes(target.status)) return reply.redirect(recordPath(target), 301);
    }
    if (record?.status === 'retracted' && hasBeenPublished(record, await store.listRevisions(record.id)))
      return html(reply, <RetractedPage context={context} record={record} />, 410);
    return reply.callNotFound();
  });

  app.get<{ Params: { id: string } }>('/companies/:id', PUBLIC, async (request, reply) => {
    if (!isIdentifier(request.params.id)) return reply.callNotFound();
    const actor = request.actor;
    // Editors see every company, its possible duplicates and the decisions taken on it.
    if (actor?.permissions.has('records:merge')) {
      const company = await store.getCompany(request.params.id, { statuses: RECORD_STATUSES });
      if (!company) return reply.callNotFound();
      const [screen, notSame, decisions] = await Promise.all([
        allCompanies.get(),
        store.notSameCompanies(),
        store.companyDecisions(company.id),
      ]);
      const candidates = screen
        .screen({ name: company.name }, { limit: 8 })
        .matches.filter(
          (match) => match.companyId !== company.id && !notSame.has(pairKey(company.id, match.companyId)),
        )
        .filter((match) => match.score >= DEFAULT_THRESHOLD)
        .slice(0, 5);
      return html(
        reply,
        <CompanyPage
          context={pageContext(request)}
          company={company}
          editorial={{ candidates, decisions }}
        />,
      );
    }
    const company = await store.getCompany(request.params.id, { statuses });
    // A company named only in unpublished records has no public page.
    if (!company || company.records.length === 0) return reply.callNotFound();
    const names = new Set([company.name, ...company.otherNames.map((other) => other.name)]);
    const published = new Set(company.records.map(({ record }) => record.id));
    const responses = (await store.responses.publicRequests({}))
      .filter(
        (request) =>
          published.has(request.recordId) &&
          (request.companyId === company.id || names.has(request.companyName)),
      )
      .map((request) => ({
        recordId: request.recordId,
        ...publicResponse({
          company_name: request.companyName,
          status: request.status,
          review: request.review,
          requested_at: request.requestedAt,
          deadline: '',
          responded_at: null,
          response_text: null,
          response_link: null,
        }),
      }));
    return html(
      reply,
      <CompanyPage context={pageContext(request)} company={company} responses={responses} />,
    );
  });

  app.get<{ Params: { id: string } }>('/issues/:id', PUBLIC, async (request, reply) => {
    const issue = issueTerms.get(request.params.id);
    if (!issue) return reply.callNotFound();
    const context = pageContext(request);
    const query = { issue: [issue.id] };
    const data = await termData(store, {
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
    const data = await termData(store, {
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
}

/** Values listed per table of a term page's breakdown. */
const BREAKDOWN_VALUES = 10;

/**
 * The breakdowns (cross-tabs of the records of a search) and lists of latest records of a term page. Every
 * figure is a part of the records it is headed by, never a facet count of alternatives.
 */
async function termData(
  store: RecordStore,
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
        const crossTab = await crossTabulate(store, emptyQuery(breakdown.query), {
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
        const result = await store.searchRecords(emptyQuery({ ...list.query, pageSize: 10 }), {
          statuses: PUBLIC_STATUSES,
        });
        return { heading: list.heading, query: list.query, total: result.total, records: result.records };
      }),
    ),
  ]);
  return { kicker: spec.kicker, title: spec.title, breakdowns, lists };
}
