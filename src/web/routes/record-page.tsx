import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { transitionsFrom } from '../../domain/access.ts';
import { PUBLIC_STATUSES, type StoredRecord } from '../../domain/record.ts';
import { hasBeenPublished } from '../../editorial/publication.ts';
import { mayEdit } from '../../editorial/records.ts';
import type { UnsentRequest } from '../../responses/workflow.ts';
import type { ResponseRequestRow } from '../../store/responses.ts';
import type { Stores } from '../../store/store.ts';
import { pageContext } from '../page-context.ts';
import { PageCache } from '../page-cache.ts';
import { renderPage } from '../render.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { recordPath } from '../views/components.tsx';
import { RecordPage, RetractedPage } from '../views/record.tsx';
import { publicResponse } from '../views/responses.tsx';
import { PUBLIC, isIdentifier } from './public.ts';
import { sendPage as html } from './replies.ts';

const statuses = PUBLIC_STATUSES;

export type RecordPageOptions = Pick<
  Stores,
  'records' | 'revisions' | 'search' | 'accounts' | 'responses' | 'triage'
> & {
  /** Every company, published or not, for the suggestions staff see beside a record's company names. */
  allCompanies: ScreenCache;
  /** The e-mails of these requests that have not gone out, with their private links, by request id. */
  unsentOf: (requests: ResponseRequestRow[]) => Promise<Map<string, UnsentRequest>>;
};

/** The record page: the public one (cached until the data changes), and the one staff work from. */
export const recordPageRoutes: FastifyPluginAsync<RecordPageOptions> = async (app, options) => {
  const { records, revisions, responses } = options;
  const staffPage = staffRecordPage(options);
  // Record pages are read far more than records change: rendered pages are reused until the data changes.
  const recordPages = new PageCache();
  app.get<{ Params: { key: string } }>('/records/:key', PUBLIC, async (request, reply) => {
    if (!isIdentifier(request.params.key)) return reply.callNotFound();
    // Signed-in staff see every status, the confidential fields and the workflow; never from the cache.
    if (request.actor?.permissions.has('records:read-restricted')) {
      const record = await records.getRecord(request.params.key, { confidential: true });
      if (!record) return reply.callNotFound();
      return html(reply, await staffPage(request, record));
    }
    const context = pageContext(request);
    const token = await records.changeToken();
    const page = await recordPages.get(`${context.language}:${request.url}`, token, async () => {
      const record = await records.getRecord(request.params.key);
      if (!record || !statuses.includes(record.status)) return undefined;
      const answers = (await responses.requestsOfRecord(record.id)).map(publicResponse);
      return renderPage(<RecordPage context={context} record={record} responses={answers} />);
    });
    if (page !== undefined) return reply.type('text/html; charset=utf-8').send(page);
    // Not published: a merged record points to the one it became, if that one is public; a retracted one says
    // why it was withdrawn, but only if it was ever public: else its title was never public either.
    const record = await records.getRecord(request.params.key);
    if (record?.mergedInto) {
      const target = await records.getRecord(record.mergedInto);
      if (target && statuses.includes(target.status)) return reply.redirect(recordPath(target), 301);
    }
    if (record?.status === 'retracted' && hasBeenPublished(record, await revisions.listRevisions(record.id)))
      return html(reply, <RetractedPage context={context} record={record} />, 410);
    return reply.callNotFound();
  });
};

/**
 * The record page of signed-in staff: its workflow, possible duplicates, the companies its names may be, the
 * last review comment, the requests to companies and the sources proposed for it.
 */
function staffRecordPage({
  revisions,
  search,
  accounts,
  responses,
  triage,
  allCompanies,
  unsentOf,
}: RecordPageOptions) {
  return async (request: FastifyRequest, record: StoredRecord) => {
    const actor = request.actor!;
    const open = record.status === 'draft' || record.status === 'in_review';
    const [duplicates, history] = await Promise.all([
      open ? search.findDuplicates(record, { excludeId: record.id }) : Promise.resolve([]),
      revisions.listRevisions(record.id),
    ]);
    const comment = history.find((revision) => revision.action === 'transition' && revision.reason);
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
      ...(comment?.reason && open
        ? { lastComment: { author: comment.author.name, reason: comment.reason, at: comment.at } }
        : {}),
    };
    const requests = await responses.requestsOfRecord(record.id);
    const proposedSources = await Promise.all(
      (await triage.proposedFor(record.id)).map(async (article) => {
        const user = article.proposedBy ? await accounts.getUser(article.proposedBy) : undefined;
        return { article, proposedBy: user?.name ?? user?.email ?? '' };
      }),
    );
    // Those who manage responses see the requests, and the private link of one whose e-mail has not gone out.
    const manages = actor.permissions.has('responses:manage');
    return (
      <RecordPage
        context={pageContext(request)}
        record={record}
        editorial={{ ...editorial, proposedSources: proposedSources.length }}
        responses={requests.map(publicResponse)}
        proposedSources={proposedSources}
        {...(manages ? { responseRequests: requests, unsentRequests: await unsentOf(requests) } : {})}
      />
    );
  };
}
