import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, formatIssue } from '../../domain/errors.ts';
import { flagExisting, type TriageItem } from '../../extract/triage.ts';
import type { NewTriageArticle, TriageStatus } from '../../store/triage.ts';
import type { RecordStatus } from '../../domain/record.ts';
import { formCsrfRefusal } from '../auth.ts';
import type { Stores } from '../../store/store.ts';
import { answerErrors, editorialError } from '../error-replies.tsx';
import { proposedSourceRoutes, type ProposedSourceOptions } from './proposed-sources.tsx';
import { pageContext } from '../page-context.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { TriagePage } from '../views/triage.tsx';
import { isIdentifier } from './public.ts';
import { formFields, sendPage as html } from './replies.ts';
import { BOUNDS, type Limits } from '../../settings.ts';
import { WorkRefused, type WorkPool } from '../../workers/pool.ts';
import { readArticleRequest, refusedUpload } from './article-upload.ts';

/**
 * The triage queue: many articles uploaded at once, scored, grouped by incident and flagged when a record
 * may already hold them; their articles drafted, added as sources, proposed as sources, or set aside.
 */

const MAX_TRIAGE_ARTICLES = BOUNDS.triageArticles;
/** The open articles the queue page lists at most, newest upload first. */
const MAX_QUEUE_SHOWN = BOUNDS.triageQueueShown;

/** The states a person may set an article of the queue to by hand. */
const SETTABLE = ['open', 'dismissed'] as const satisfies readonly TriageStatus[];
const isSettable = (status: string): status is (typeof SETTABLE)[number] =>
  SETTABLE.some((settable) => settable === status);

export type TriageOptions = ProposedSourceOptions &
  Pick<Stores, 'search'> & { screens: ScreenCache; work: WorkPool; limits: Limits };

/** The triage queue and what is done with its articles; the workflow's refusals are answered here. */
export const triageRoutes: FastifyPluginAsync<TriageOptions> = async (app, options) => {
  const { records, revisions, companies, accounts, triage } = options;
  answerErrors(app, editorialError);
  await app.register(proposedSourceRoutes, { records, revisions, companies, accounts, triage });
  await app.register(triageQueueRoutes, options);
};

/** The queue page, the upload of articles to triage, and setting an article aside (or back). */
const triageQueueRoutes: FastifyPluginAsync<TriageOptions> = async (
  app,
  { records, search, triage, screens, work, limits },
) => {
  /** The queue page: the upload form and every open article, with the statuses of the records flagged. */
  const triagePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    messages: string[] = [],
    status = 200,
  ) => {
    const queue = await triage.list({ statuses: ['open'], limit: MAX_QUEUE_SHOWN });
    const proposed = (await triage.list({ statuses: ['proposed'], limit: MAX_QUEUE_SHOWN })).length;
    const existingStatus = new Map<string, RecordStatus>();
    for (const id of new Set(queue.flatMap((article) => (article.existing ? [article.existing.id] : [])))) {
      const record = await records.getRecord(id, { confidential: true });
      if (record) existingStatus.set(id, record.status);
    }
    return html(
      reply,
      <TriagePage
        context={pageContext(request)}
        queue={queue}
        existingStatus={existingStatus}
        proposed={proposed}
        messages={messages}
      />,
      status,
    );
  };

  app.get('/triage', { config: { access: 'records:create' } }, async (request, reply) =>
    triagePage(request, reply),
  );

  // A multipart upload that writes to the queue: its CSRF field is checked here, once the body is read.
  app.post(
    '/triage',
    { config: { access: 'records:create', csrfInMultipart: true }, bodyLimit: 2 * limits.uploadBytes },
    async (request, reply) => {
      const context = pageContext(request);
      const upload = await readArticleRequest(request, limits).catch(refusedUpload);
      if ('problems' in upload) return triagePage(request, reply, upload.problems, 400);
      if (request.isMultipart()) {
        const refusal = formCsrfRefusal(request, upload.fields['_csrf']);
        if (refusal)
          return reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
      }
      if (!upload.file) return triagePage(request, reply, [context.t('triage.noFile')], 400);
      let triaged;
      try {
        triaged = await work.run('triage', {
          text: upload.file.text,
          file: upload.file.name,
          maxArticles: MAX_TRIAGE_ARTICLES,
          companies: await screens.shared(),
        });
      } catch (error) {
        if (!(error instanceof WorkRefused)) throw error;
        return triagePage(request, reply, [error.message], error.status);
      }
      const { items, issues, tooMany } = triaged;
      const problems = issues.map(formatIssue);
      if (tooMany) problems.push(context.t('triage.tooMany', { max: MAX_TRIAGE_ARTICLES }));
      if (problems.length > 0 || items.length === 0)
        return triagePage(request, reply, problems.length > 0 ? problems : [context.t('triage.noFile')], 400);
      await flagExisting(items, (record, options) => search.findDuplicates(record, options));
      await triage.addBatch(upload.file.name, items.map(queueEntry), request.actor!.user.id);
      return reply.redirect('/triage', 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/triage/:id/status',
    { config: { access: 'records:create' } },
    async (request, reply) => {
      const status = String(formFields(request)['status'] ?? '');
      if (!isIdentifier(request.params.id) || !isSettable(status))
        throw new InputError('invalid_status', [
          { code: 'invalid_status', path: '/status', message: 'expected open or dismissed' },
        ]);
      const changed = await triage.setStatus([request.params.id], status);
      if (changed === 0)
        throw new InputError('not_found', [
          { code: 'not_found', message: 'no article of the queue has this id' },
        ]);
      return reply.redirect('/triage', 303);
    },
  );
};

/** What the queue keeps of a triaged article. */
function queueEntry(item: TriageItem): NewTriageArticle {
  const { article, result } = item;
  const existing = item.existing[0];
  return {
    line: item.index + 1,
    ...(article.url ? { url: article.url } : {}),
    ...((article.headline ?? result.record.sources?.[0]?.headline)
      ? { headline: article.headline ?? result.record.sources![0]!.headline }
      : {}),
    ...((article.date ?? result.record.dateReported)
      ? { published: article.date ?? result.record.dateReported! }
      : {}),
    ...(article.publisher ? { publisher: article.publisher } : {}),
    body: article.text,
    relevance: result.relevance,
    incident: item.incident,
    summary: {
      ...(result.record.location ? { country: result.record.location.country } : {}),
      companies: (result.record.companies ?? []).map((company) => company.name),
      issues: result.record.issues ?? [],
      ...(result.record.sources?.[0]?.excerpt ? { excerpt: result.record.sources[0].excerpt } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
    },
    ...(existing ? { existing: { id: existing.id, title: existing.title } } : {}),
  };
}
