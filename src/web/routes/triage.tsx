import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, formatIssue, zodIssues } from '../../domain/errors.ts';
import { addSources } from '../../editorial/records.ts';
import { Source } from '../../domain/record.ts';
import { MAX_ARTICLE_CHARACTERS } from '../../extract/model.ts';
import { flagExisting, type TriageItem } from '../../extract/triage.ts';
import type { NewTriageArticle, QueuedArticle, TriageStatus } from '../../store/triage.ts';
import type { RecordStatus } from '../../domain/record.ts';
import { formCsrfRefusal } from '../auth.ts';
import type { RecordStore } from '../../store/store.ts';
import { pageContext } from '../page-context.ts';
import type { ScreenCache } from '../screen-cache.ts';
import { TriagePage } from '../views/triage.tsx';
import { recordPath } from '../views/components.tsx';
import { isIdentifier } from './public.ts';
import { formFields, sendPage as html } from './replies.ts';
import type { Limits } from '../../settings.ts';
import { WorkRefused, type WorkPool } from '../../workers/pool.ts';
import { readArticleRequest, refusedUpload } from './article-upload.ts';

/**
 * The triage queue: many articles uploaded at once, scored, grouped by incident and flagged when a record
 * may already hold them; their articles drafted, added as sources, proposed as sources, or set aside.
 */

const MAX_TRIAGE_ARTICLES = 500;
/** The open articles the queue page lists at most, newest upload first. */
const MAX_QUEUE_SHOWN = 1000;

export function registerTriage(
  app: FastifyInstance,
  store: RecordStore,
  { screens, work, limits }: { screens: ScreenCache; work: WorkPool; limits: Limits },
): void {
  // An incident triage found already recorded: its articles become sources of that record (an edit, with
  // the same rights as editing the record in its status).
  app.post<{ Params: { id: string } }>(
    '/records/:id/sources',
    { config: { access: 'records:edit-draft' }, bodyLimit: 8 * MAX_ARTICLE_CHARACTERS },
    async (request, reply) => {
      const body = formFields(request);
      const sources: Source[] = [];
      const issues = [];
      for (let index = 0; index < 100 && typeof body[`sources.${index}.headline`] === 'string'; index++) {
        const field = (name: string) => String(body[`sources.${index}.${name}`] ?? '').trim();
        const parsed = Source.safeParse({
          companies: field('companies')
            ? field('companies')
                .split('\n')
                .map((name) => name.trim())
                .filter(Boolean)
            : [],
          headline: field('headline'),
          excerpt: field('excerpt'),
          ...(field('url') ? { url: field('url') } : {}),
          ...(field('publisher') ? { publisher: field('publisher') } : {}),
          ...(field('published') ? { published: field('published') } : {}),
        });
        if (parsed.success) sources.push(parsed.data);
        else
          for (const issue of zodIssues(parsed.error))
            issues.push({ ...issue, path: `/sources/${index}${issue.path ?? ''}` });
      }
      if (issues.length > 0 || sources.length === 0)
        throw new InputError(
          'invalid_sources',
          issues.length > 0 ? issues : [{ code: 'invalid_sources', message: 'no source to add' }],
        );
      if (!isIdentifier(request.params.id))
        throw new InputError('invalid_id', [{ code: 'invalid_id', message: 'not a record id' }]);
      const { record } = await addSources(store, request.actor!, request.params.id, sources);
      await store.triage.setStatus(triageIdsOf(body), 'added', record.id);
      return reply.redirect(recordPath(record), 303);
    },
  );

  // An incident triage found in a record the researcher may not change (a published one): its articles are
  // proposed as sources, and an editor adds them or declines on the record's page.
  app.post('/triage/propose', { config: { access: 'records:create' } }, async (request, reply) => {
    const body = formFields(request);
    const recordId = String(body['record'] ?? '');
    const ids = triageIdsOf(body);
    if (!isIdentifier(recordId) || ids.length === 0)
      throw new InputError('invalid_proposal', [
        { code: 'invalid_proposal', message: 'expected a record and the articles proposed as its sources' },
      ]);
    const record = await store.getRecord(recordId, { confidential: true });
    if (!record || record.status === 'retracted')
      throw new InputError('not_found', [
        { code: 'not_found', message: 'no record may take sources with this id' },
      ]);
    await store.triage.propose(ids, record.id, request.actor!.user.id);
    return reply.redirect('/triage', 303);
  });

  app.post<{ Params: { id: string } }>(
    '/records/:id/proposed-sources',
    { config: { access: 'records:review' } },
    async (request, reply) => {
      const body = formFields(request);
      const decision = String(body['decision'] ?? '');
      if (!isIdentifier(request.params.id) || (decision !== 'accept' && decision !== 'decline'))
        throw new InputError('invalid_decision', [
          { code: 'invalid_decision', path: '/decision', message: 'expected accept or decline' },
        ]);
      const chosen = new Set(triageIdsOf(body));
      const proposed = (await store.triage.proposedFor(request.params.id)).filter((article) =>
        chosen.has(article.id),
      );
      if (proposed.length === 0)
        throw new InputError('not_found', [
          { code: 'not_found', message: 'no source waits for a decision here' },
        ]);
      if (decision === 'decline') {
        await store.triage.setStatus(
          proposed.map((article) => article.id),
          'dismissed',
        );
        const record = await store.getRecord(request.params.id, { confidential: true });
        return reply.redirect(record ? recordPath(record) : '/worklist', 303);
      }
      const proposers = [...new Set(proposed.map((article) => article.proposedBy ?? ''))];
      const names = await Promise.all(
        proposers.map(async (id) => {
          const user = id ? await store.accounts.getUser(id) : undefined;
          return user?.name ?? user?.email ?? 'a researcher';
        }),
      );
      const { record } = await addSources(
        store,
        request.actor!,
        request.params.id,
        proposed.map(sourceOfArticle),
        `triage, proposed by ${names.join(', ')}`,
      );
      await store.triage.setStatus(
        proposed.map((article) => article.id),
        'added',
        record.id,
      );
      return reply.redirect(recordPath(record), 303);
    },
  );

  /** The queue page: the upload form and every open article, with the statuses of the records flagged. */
  const triagePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    messages: string[] = [],
    status = 200,
  ) => {
    const queue = await store.triage.list({ statuses: ['open'], limit: MAX_QUEUE_SHOWN });
    const proposed = (await store.triage.list({ statuses: ['proposed'], limit: MAX_QUEUE_SHOWN })).length;
    const existingStatus = new Map<string, RecordStatus>();
    for (const id of new Set(queue.flatMap((article) => (article.existing ? [article.existing.id] : [])))) {
      const record = await store.getRecord(id, { confidential: true });
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
      await flagExisting(items, (record, options) => store.findDuplicates(record, options));
      await store.triage.addBatch(upload.file.name, items.map(queueEntry), request.actor!.user.id);
      return reply.redirect('/triage', 303);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/triage/:id/status',
    { config: { access: 'records:create' } },
    async (request, reply) => {
      const status = String(formFields(request)['status'] ?? '');
      if (!isIdentifier(request.params.id) || !(['open', 'dismissed'] as const).includes(status as 'open'))
        throw new InputError('invalid_status', [
          { code: 'invalid_status', path: '/status', message: 'expected open or dismissed' },
        ]);
      const changed = await store.triage.setStatus([request.params.id], status as TriageStatus);
      if (changed === 0)
        throw new InputError('not_found', [
          { code: 'not_found', message: 'no article of the queue has this id' },
        ]);
      return reply.redirect('/triage', 303);
    },
  );
}

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

/** The triage article ids a form names (one `triage` field per article). */
function triageIdsOf(body: Record<string, unknown>): string[] {
  return [body['triage'] ?? []]
    .flat()
    .map(String)
    .filter((id) => isIdentifier(id));
}

/** A queued article as a source of the record it was proposed for, validated as any source is. */
function sourceOfArticle(article: QueuedArticle): Source {
  const parsed = Source.safeParse({
    companies: [],
    headline: article.headline ?? article.url ?? article.fileName,
    ...(article.url ? { url: article.url } : {}),
    ...(article.publisher ? { publisher: article.publisher } : {}),
    ...(article.published ? { published: article.published } : {}),
    excerpt: article.summary.excerpt ?? '',
  });
  if (!parsed.success)
    throw new InputError(
      'invalid_sources',
      zodIssues(parsed.error, { line: article.line, file: article.fileName }),
    );
  return parsed.data;
}
