import type { FastifyPluginAsync } from 'fastify';
import { RECORD_STATUSES } from '../../domain/enumerations.ts';
import { PUBLIC_STATUSES } from '../../domain/record.ts';
import { DEFAULT_THRESHOLD } from '../../matching/score.ts';
import { pairKey } from '../../store/companies.ts';
import type { CompanyDetail, Stores } from '../../store/store.ts';
import { pageContext } from '../page-context.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { CompanyPage } from '../views/company.tsx';
import { publicResponse } from '../views/responses.tsx';
import { PUBLIC, isIdentifier } from './public.ts';
import { sendPage as html } from './replies.ts';

export type CompanyPageOptions = Pick<Stores, 'companies' | 'responses'> & {
  /** Every company, published or not, among which editors see a company's possible duplicates. */
  allCompanies: ScreenCache;
};

/** The company page: its published records and the responses it gave; editors see its duplicates too. */
export const companyPageRoutes: FastifyPluginAsync<CompanyPageOptions> = async (
  app,
  { companies, responses, allCompanies },
) => {
  /** Companies that may be the same as this one, less those already decided not to be. */
  const candidatesFor = async (company: CompanyDetail) => {
    const [screen, notSame] = await Promise.all([allCompanies.get(), companies.notSameCompanies()]);
    return screen
      .screen({ name: company.name }, { limit: 8 })
      .matches.filter(
        (match) => match.companyId !== company.id && !notSame.has(pairKey(company.id, match.companyId)),
      )
      .filter((match) => match.score >= DEFAULT_THRESHOLD)
      .slice(0, 5);
  };

  /** The responses the company gave to requests about its published records, as the public sees them. */
  const publicResponsesOf = async (company: CompanyDetail) => {
    const names = new Set([company.name, ...company.otherNames.map((other) => other.name)]);
    const published = new Set(company.records.map(({ record }) => record.id));
    return (await responses.publicRequests({}))
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
  };

  app.get<{ Params: { id: string } }>('/companies/:id', PUBLIC, async (request, reply) => {
    if (!isIdentifier(request.params.id)) return reply.callNotFound();
    // Editors see every company, its possible duplicates and the decisions taken on it.
    if (request.actor?.permissions.has('records:merge')) {
      const company = await companies.getCompany(request.params.id, { statuses: RECORD_STATUSES });
      if (!company) return reply.callNotFound();
      const [candidates, decisions] = await Promise.all([
        candidatesFor(company),
        companies.companyDecisions(company.id),
      ]);
      return html(
        reply,
        <CompanyPage
          context={pageContext(request)}
          company={company}
          editorial={{ candidates, decisions }}
        />,
      );
    }
    const company = await companies.getCompany(request.params.id, { statuses: PUBLIC_STATUSES });
    // A company named only in unpublished records has no public page.
    if (!company || company.records.length === 0) return reply.callNotFound();
    const answers = await publicResponsesOf(company);
    return html(reply, <CompanyPage context={pageContext(request)} company={company} responses={answers} />);
  });
};
