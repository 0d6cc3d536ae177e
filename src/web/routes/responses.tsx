import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, type InputIssue } from '../../domain/errors.ts';
import { csvText } from '../../formats/csv-cells.ts';
import {
  requestOfLink,
  requestResponse,
  ResponseRefused,
  reviewResponse,
  submitResponse,
  unsentRequestsOf,
  type WorkflowContext,
} from '../../responses/workflow.ts';
import { RateQuery, responseRates } from '../../responses/rates.ts';
import { preSessionToken, type AuthOptions } from '../auth.ts';
import { answerErrors } from '../error-replies.tsx';
import { pageContext } from '../page-context.ts';
import { recordPath } from '../views/components.tsx';
import { badDate, type MessageContext } from '../forms/field-messages.ts';
import {
  ResponseRequestPage,
  RespondMessagePage,
  RespondPage,
  ResponseRatesPage,
  ResponsesQueuePage,
} from '../views/responses.tsx';
import { isIdentifier } from './public.ts';
import { formField as text, isFieldMap, sendPage as html } from './replies.ts';

/**
 * Company responses on the web: editors ask a company to respond (from the record page) and review what
 * comes back (`/responses`); the company answers through its private link (`/respond/:token`), no account
 * needed: the link is the credential, checked on every use.
 */

const optional = (value: string) => (value.trim() ? value.trim() : undefined);
const TOKEN = /^[\w-]+\.[\w-]+\.[0-9]+\.[\w-]+$/;
const REQUEST_FIELDS = ['company', 'contactEmail', 'contactName', 'questions', 'deadline'] as const;
const today = (context: WorkflowContext) => (context.now?.() ?? new Date()).toISOString().slice(0, 10);

/** The refusals of a response request, beside their fields, in the page's words. */
function requestFormErrors(
  error: InputError,
  values: Record<string, string>,
  page: MessageContext,
  day: string,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = (issue.path ?? '').replace(/^\//, '') || 'company';
    (errors[field] ??= []).push(requestFieldMessage(issue, field, values[field] ?? '', page, day));
  }
  return errors;
}

function requestFieldMessage(
  issue: InputIssue,
  field: string,
  value: string,
  page: MessageContext,
  day: string,
): string {
  switch (issue.code) {
    case 'deadline_past':
      return page.t('responses.error.deadlinePast', { value, today: day });
    case 'company_not_named':
      return page.t('responses.error.notNamed', { value });
    case 'company_already_asked':
      return page.t('responses.error.alreadyAsked', { value });
  }
  switch (field) {
    case 'deadline':
      return badDate(value, page);
    case 'contactEmail':
      return value ? page.t('form.error.email', { value }) : page.t('form.error.email.blank');
    case 'questions':
      return page.t('responses.error.questions');
    default:
      return issue.message;
  }
}

/**
 * Company responses on the web, one function a job: editors ask (from the record page), the company answers
 * through its private link, the public reads the rates, editors review on `/responses`.
 */
export const responseRoutes: FastifyPluginAsync<{ workflow: WorkflowContext; auth: AuthOptions }> = async (
  app,
  { workflow, auth },
) => {
  // A refused link or request is answered here; every other error goes on to the root's handler.
  answerErrors(app, (error) =>
    error instanceof ResponseRefused
      ? { status: error.code === 'not_found' ? 404 : 400, code: error.code, message: error.message }
      : undefined,
  );
  registerResponseRequests(app, workflow);
  registerCompanyAnswers(app, workflow, auth);
  registerResponseRates(app, workflow.store);
  registerResponseReview(app, workflow);
};

const who = (request: FastifyRequest) => request.actor!.user.email;

/** An editor asks a company the record names to respond; a refused request comes back with its form. */
function registerResponseRequests(app: FastifyInstance, context: WorkflowContext): void {
  const { store } = context;
  app.post<{ Params: { id: string } }>(
    '/records/:id/responses',
    { config: { access: 'responses:manage' } },
    async (request, reply) => {
      if (!isIdentifier(request.params.id)) {
        throw new InputError('invalid_record', [
          { code: 'invalid_record', path: '/id', message: 'expected a record id' },
        ]);
      }
      const values = Object.fromEntries(
        REQUEST_FIELDS.map((name) => [
          name,
          name === 'contactEmail' ? text(request, name).trim() : text(request, name),
        ]),
      );
      try {
        await requestResponse(
          context,
          request.params.id,
          {
            company: values['company'],
            contactEmail: values['contactEmail'],
            contactName: optional(values['contactName']!),
            questions: values['questions'],
            deadline: values['deadline'],
          },
          who(request),
        );
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const record = await store.records.getRecord(request.params.id);
        if (!record) throw error;
        const page = pageContext(request);
        return html(
          reply,
          <ResponseRequestPage
            context={page}
            record={{
              id: record.id,
              title: record.title,
              path: recordPath(record),
              companies: [...new Set(record.companies.map((company) => company.name))],
            }}
            asked={await store.responses.requestsOfRecord(record.id)}
            state={{ values, errors: requestFormErrors(error, values, page, today(context)) }}
          />,
          400,
        );
      }
      const record = await store.records.getRecord(request.params.id);
      return reply.redirect(record ? `${recordPath(record)}#ask-title` : '/responses', 303);
    },
  );
}

/** The company's private page: its form, reached and posted with the link, which is checked on every use. */
function registerCompanyAnswers(app: FastifyInstance, context: WorkflowContext, options: AuthOptions): void {
  const { store } = context;
  const refused = (request: FastifyRequest, reply: FastifyReply, error: ResponseRefused) => {
    const page = pageContext(request);
    return html(
      reply,
      <RespondMessagePage context={page} title={page.t('respond.refusedTitle')} message={error.message} />,
      error.code === 'link_invalid' ? 404 : 410,
    );
  };

  const showForm = async (
    request: FastifyRequest<{ Params: { token: string } }>,
    reply: FastifyReply,
    extra: { errors?: Record<string, string[]>; values?: Record<string, string>; status?: number } = {},
  ) => {
    const row = await requestOfLink(context, request.params.token);
    const record = await store.records.getRecord(row.record_id);
    const csrfToken = preSessionToken(request, reply, options);
    return html(
      reply,
      <RespondPage
        context={pageContext(request)}
        token={request.params.token}
        csrfToken={csrfToken}
        company={row.company_name}
        recordTitle={record?.title ?? ''}
        questions={row.questions}
        deadline={row.deadline}
        errors={extra.errors}
        values={extra.values}
      />,
      extra.status ?? 200,
    );
  };

  app.get<{ Params: { token: string } }>(
    '/respond/:token',
    { config: { access: 'public' } },
    async (request, reply) => {
      // The link is a credential: no cache may keep the page, and no referrer carries it on.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (!TOKEN.test(request.params.token)) return refused(request, reply, invalidLink());
      try {
        return await showForm(request, reply);
      } catch (error) {
        if (error instanceof ResponseRefused) return refused(request, reply, error);
        throw error;
      }
    },
  );

  app.post<{ Params: { token: string } }>(
    '/respond/:token',
    { config: { access: 'public', anonymousCsrf: true } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (!TOKEN.test(request.params.token)) return refused(request, reply, invalidLink());
      const values = {
        kind: text(request, 'kind') === 'decline' ? 'decline' : 'respond',
        text: text(request, 'text'),
        link: text(request, 'link'),
        name: text(request, 'name'),
      };
      try {
        await submitResponse(context, request.params.token, {
          kind: values.kind,
          text: optional(values.text),
          link: optional(values.link),
          name: optional(values.name),
        });
      } catch (error) {
        if (error instanceof ResponseRefused) return refused(request, reply, error);
        if (error instanceof InputError) {
          const errors: Record<string, string[]> = {};
          for (const issue of error.issues) {
            const field = (issue.path ?? '/text').replace(/^\//, '');
            (errors[field] ??= []).push(issue.message);
          }
          return showForm(request, reply, { errors, values, status: 400 });
        }
        throw error;
      }
      const page = pageContext(request);
      return html(
        reply,
        <RespondMessagePage
          context={page}
          title={page.t('respond.thanksTitle')}
          message={page.t('respond.thanks')}
        />,
      );
    },
  );
}

/** The public response rates, by company, sector or country, as a page and as CSV. */
function registerResponseRates(app: FastifyInstance, store: WorkflowContext['store']): void {
  app.get('/response-rates', { config: { access: 'public' } }, async (request, reply) => {
    const raw = isFieldMap(request.query) ? request.query : {};
    const given = {
      by: typeof raw.by === 'string' ? raw.by : undefined,
      from: typeof raw.from === 'string' && raw.from ? raw.from : undefined,
      to: typeof raw.to === 'string' && raw.to ? raw.to : undefined,
    };
    const parsed = RateQuery.safeParse(given);
    const query = parsed.success ? parsed.data : RateQuery.parse({});
    const errors = parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    const { rows, total } = await responseRates(store, query);
    const page = pageContext(request);
    const label = (key: string) =>
      query.by === 'country'
        ? page.labels.country(key)
        : query.by === 'sector' && key !== 'unknown'
          ? page.labels.sector(key)
          : key;
    if (raw.format === 'csv') {
      const csv = csvText([
        [query.by, 'requested', 'responded', 'declined', 'no_response', 'awaited', 'rate'],
        ...[...rows, total].map((row) => [
          row === total ? 'all' : row.key,
          row.requested,
          row.responded,
          row.declined,
          row.noResponse,
          row.awaited,
          row.rate === null ? '' : row.rate.toFixed(4),
        ]),
      ]);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="response-rates-by-${query.by}.csv"`)
        .send(csv);
    }
    const csvParams = new URLSearchParams({ by: query.by, format: 'csv' });
    if (query.from) csvParams.set('from', query.from);
    if (query.to) csvParams.set('to', query.to);
    return html(
      reply,
      <ResponseRatesPage
        context={page}
        query={query}
        rows={rows}
        total={total}
        label={label}
        csvHref={`/response-rates?${csvParams}`}
        errors={errors}
      />,
      errors.length ? 400 : 200,
    );
  });
}

/** The editors' queue, with the e-mails not gone out, and the review of what came back. */
function registerResponseReview(app: FastifyInstance, context: WorkflowContext): void {
  const { store } = context;
  app.get('/responses', { config: { access: 'responses:manage' } }, async (request, reply) => {
    const rows = await store.responses.openRequests();
    const requests = await Promise.all(
      rows.map(async (row) => {
        const record = await store.records.getRecord(row.record_id);
        return {
          ...row,
          recordTitle: record?.title ?? row.record_id,
          recordPath: record ? recordPath(record) : '#',
        };
      }),
    );
    const failedMail = (await store.responses.outbox()).filter(
      (mail) => mail.status === 'failed' || (mail.status === 'pending' && mail.attempts > 0),
    );
    const unsent = await unsentRequestsOf(context, rows);
    return html(
      reply,
      <ResponsesQueuePage
        context={pageContext(request)}
        requests={requests}
        failedMail={failedMail}
        unsent={unsent}
        today={new Date().toISOString().slice(0, 10)}
      />,
    );
  });

  app.post<{ Params: { id: string } }>(
    '/responses/:id/review',
    { config: { access: 'responses:manage' } },
    async (request, reply) => {
      const decision = text(request, 'decision');
      if (!isIdentifier(request.params.id) || (decision !== 'publish' && decision !== 'reject')) {
        throw new InputError('invalid_review', [
          { code: 'invalid_review', path: '/decision', message: 'expected publish or reject' },
        ]);
      }
      try {
        await reviewResponse(context, request.params.id, decision, who(request));
      } catch (error) {
        if (error instanceof ResponseRefused) {
          throw new InputError('invalid_review', [
            { code: 'invalid_review', path: '/decision', message: error.message },
          ]);
        }
        throw error;
      }
      return reply.redirect('/responses', 303);
    },
  );
}

const invalidLink = () => new ResponseRefused('link_invalid', 'This link is not valid.');
