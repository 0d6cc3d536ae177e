import { responseStatusLabel } from '../../domain/response.ts';
import type { RateRow } from '../../responses/rates.ts';
import type { UnsentRequest } from '../../responses/workflow.ts';
import type { OutboxRow, ResponseRequestRow } from '../../store/responses.ts';
import type { PageContext } from './context.ts';
import { ActionForm, CsrfField, Field, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';
import { Paragraphs } from './components.tsx';

/** Company responses: on record pages, the company's private form, and the editors' queue. */

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
const statusLabel = (context: PageContext, status: string) => responseStatusLabel(status, context.language);

/** What the public sees of one request: the status, and the response once an editor has published it. */
export interface PublicResponse {
  company: string;
  status: string;
  requestedAt: string;
  deadline: string;
  respondedAt?: string;
  text?: string;
  link?: string;
}

export function publicResponse(
  row: Pick<
    ResponseRequestRow,
    | 'company_name'
    | 'status'
    | 'review'
    | 'requested_at'
    | 'deadline'
    | 'responded_at'
    | 'response_text'
    | 'response_link'
  >,
): PublicResponse {
  const published = row.review === 'published';
  // Until an editor publishes it, a response counts as awaited: the status shown stays as it was.
  const status = published
    ? row.status
    : row.status === 'responded' || row.status === 'declined'
      ? 'requested'
      : row.status;
  return {
    company: row.company_name,
    status,
    requestedAt: day(row.requested_at),
    deadline: row.deadline,
    ...(published && row.responded_at ? { respondedAt: day(row.responded_at) } : {}),
    ...(published && row.response_text ? { text: row.response_text } : {}),
    ...(published && row.response_link ? { link: row.response_link } : {}),
  };
}

export function RecordResponses(props: { context: PageContext; responses: PublicResponse[] }) {
  const { t } = props.context;
  if (props.responses.length === 0) return null;
  return (
    <section class="responses" aria-labelledby="responses-title">
      <h2 id="responses-title">{t('responses.title')}</h2>
      {props.responses.map((response) => (
        <article class="response">
          <h3>
            {response.company}: {statusLabel(props.context, response.status)}
          </h3>
          <p class="meta">
            {t('responses.asked', { date: response.requestedAt, deadline: response.deadline })}
            {response.respondedAt && ` ${t('responses.answered', { date: response.respondedAt })}`}
          </p>
          {response.text && (
            <blockquote class="response-text">
              <Paragraphs text={response.text} />
            </blockquote>
          )}
          {response.link && (
            <p>
              <a href={response.link} rel="nofollow noopener">
                {t('responses.link')}
              </a>
            </p>
          )}
        </article>
      ))}
    </section>
  );
}

/**
 * A request's e-mail that has not gone out: the private link and the message, for the editor to send by
 * hand. Only staff who manage responses are shown it (the link is the company's credential).
 */
export function UnsentMail(props: { context: PageContext; requestId: string; unsent: UnsentRequest }) {
  const { t } = props.context;
  const { unsent } = props;
  const id = `link-${props.requestId}`;
  return (
    <details class="unsent" open>
      <summary>{t('responses.unsent.title')}</summary>
      <p>
        {unsent.lastError
          ? t('responses.unsent.failed', { error: unsent.lastError })
          : t('responses.unsent.waiting')}{' '}
        {t('responses.unsent.byHand', { recipient: unsent.recipient })}
      </p>
      <div class="field">
        <label for={id}>{t('responses.unsent.link')}</label>
        <input id={id} type="text" readonly value={unsent.link} class="private-link" />
      </div>
      <p class="mail-subject">
        {t('responses.unsent.subject')}: {unsent.subject}
      </p>
      <pre class="mail-body" tabindex={0} aria-label={t('responses.unsent.body')}>
        {unsent.body}
      </pre>
    </details>
  );
}

/** What a response request form was given, and what was wrong with it, field by field. */
export interface RequestFormState {
  values: Record<string, string>;
  errors: Record<string, string[]>;
}

/** On a staff record page: ask a company the record names to respond. */
export function ResponseRequestForm(props: {
  context: PageContext;
  recordId: string;
  companies: string[];
  asked: ResponseRequestRow[];
  /** The e-mails not gone out, by request id. */
  unsent?: Map<string, UnsentRequest>;
  state?: RequestFormState;
}) {
  const { context } = props;
  const { t } = context;
  const open = props.companies.filter(
    (name) => !props.asked.some((request) => request.company_name === name),
  );
  const values = props.state?.values ?? {};
  const errors = props.state?.errors ?? {};
  const companyErrors = errors['company'] ?? [];
  return (
    <section class="response-requests" aria-labelledby="ask-title">
      <h2 id="ask-title">{t('responses.askTitle')}</h2>
      {props.asked.length > 0 && (
        <ul>
          {props.asked.map((request) => {
            const unsent = props.unsent?.get(request.id);
            return (
              <li>
                {request.company_name}: {statusLabel(context, request.status)} ({request.contact_email},{' '}
                {t('responses.deadline')} {request.deadline})
                {request.review === 'pending' && <strong> {t('responses.awaitingReview')}</strong>}
                {unsent && <UnsentMail context={context} requestId={request.id} unsent={unsent} />}
              </li>
            );
          })}
        </ul>
      )}
      {open.length > 0 && (
        <ActionForm context={context} action={`/records/${encodeURIComponent(props.recordId)}/responses`}>
          <FormErrors
            title={t('form.problems')}
            messages={Object.entries(errors).flatMap(([field, list]) =>
              list.map((text) => ({ text, field })),
            )}
          />
          <div class={companyErrors.length ? 'field invalid' : 'field'}>
            <label for="f-company">{t('responses.company')}</label>
            {companyErrors.length > 0 && (
              <p class="error" id="f-company-error">
                {companyErrors.join(' ')}
              </p>
            )}
            <select
              id="f-company"
              name="company"
              aria-invalid={companyErrors.length ? 'true' : undefined}
              aria-describedby={companyErrors.length ? 'f-company-error' : undefined}
            >
              {open.map((name) => (
                <option value={name} selected={name === values['company']}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <Field
            name="contactEmail"
            type="email"
            label={t('responses.contactEmail')}
            value={values['contactEmail']}
            errors={errors}
            required
          />
          <Field
            name="contactName"
            label={t('responses.contactName')}
            value={values['contactName']}
            errors={errors}
          />
          <Field
            name="questions"
            label={t('responses.questions')}
            value={values['questions']}
            errors={errors}
            multiline={5}
            required
          />
          <Field
            name="deadline"
            type="date"
            label={t('responses.deadline')}
            value={values['deadline']}
            errors={errors}
            required
          />
          <button type="submit">{t('responses.send')}</button>
        </ActionForm>
      )}
    </section>
  );
}

/** The response request again, when it could not be sent: the form as typed with the errors beside it. */
export function ResponseRequestPage(props: {
  context: PageContext;
  record: { id: string; title: string; path: string; companies: string[] };
  asked: ResponseRequestRow[];
  state: RequestFormState;
}) {
  const { context, record } = props;
  return (
    <Layout context={context} title={`${context.t('responses.askTitle')}: ${record.title}`}>
      <h1>{record.title}</h1>
      <p>
        <a href={record.path}>{context.t('history.back')}</a>
      </p>
      <ResponseRequestForm
        context={context}
        recordId={record.id}
        companies={record.companies}
        asked={props.asked}
        state={props.state}
      />
    </Layout>
  );
}

/** The company's form, reached by its private link; no account needed. */
export function RespondPage(props: {
  context: PageContext;
  token: string;
  csrfToken: string;
  company: string;
  recordTitle: string;
  questions: string;
  deadline: string;
  errors?: Record<string, string[]>;
  values?: Record<string, string>;
}) {
  const { context } = props;
  const { t } = context;
  const messages = Object.entries(props.errors ?? {}).flatMap(([field, list]) =>
    list.map((text) => ({ text, field })),
  );
  const kind = props.values?.kind ?? 'respond';
  return (
    <Layout context={context} title={t('respond.title')}>
      <h1>{t('respond.title')}</h1>
      <p>{t('respond.intro', { company: props.company, title: props.recordTitle })}</p>
      <h2>{t('respond.questions')}</h2>
      <blockquote class="questions">
        <Paragraphs text={props.questions} />
      </blockquote>
      <p>{t('respond.deadline', { deadline: props.deadline })}</p>
      <FormErrors title={t('form.problems')} messages={messages} />
      <form method="post" action={`/respond/${props.token}`}>
        <CsrfField context={context} token={props.csrfToken} />
        <fieldset>
          <legend>{t('respond.kind')}</legend>
          <div class="checkbox">
            <input type="radio" id="kind-respond" name="kind" value="respond" checked={kind === 'respond'} />
            <label for="kind-respond">{t('respond.respond')}</label>
          </div>
          <div class="checkbox">
            <input type="radio" id="kind-decline" name="kind" value="decline" checked={kind === 'decline'} />
            <label for="kind-decline">{t('respond.decline')}</label>
          </div>
        </fieldset>
        <Field
          name="text"
          label={t('respond.text')}
          multiline={10}
          value={props.values?.text}
          errors={props.errors}
        />
        <Field
          name="link"
          type="url"
          label={t('respond.link')}
          value={props.values?.link}
          errors={props.errors}
        />
        <Field name="name" label={t('respond.name')} value={props.values?.name} errors={props.errors} />
        <p class="hint">{t('respond.review')}</p>
        <button type="submit">{t('respond.submit')}</button>
      </form>
    </Layout>
  );
}

export function RespondMessagePage(props: { context: PageContext; title: string; message: string }) {
  return (
    <Layout context={props.context} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
    </Layout>
  );
}

/** The editors' queue: responses to review, requests past their deadline, the others open, and failed mail. */
export function ResponsesQueuePage(props: {
  context: PageContext;
  requests: (ResponseRequestRow & { recordTitle: string; recordPath: string })[];
  failedMail: OutboxRow[];
  /** The e-mails of open requests not gone out, with their private links, by request id. */
  unsent: Map<string, UnsentRequest>;
  today: string;
}) {
  const { context } = props;
  const { t } = context;
  const review = props.requests.filter((request) => request.review === 'pending');
  const overdue = props.requests.filter(
    (request) => request.review !== 'pending' && request.deadline < props.today,
  );
  const soon = new Date(Date.parse(props.today) + 3 * 86_400_000).toISOString().slice(0, 10);
  // Not reminded yet and the deadline within three days: the reminder is due (the scheduler sends it).
  const reminderDue = props.requests.filter(
    (request) =>
      request.review !== 'pending' &&
      request.status === 'requested' &&
      request.deadline >= props.today &&
      request.deadline <= soon,
  );
  const open = props.requests.filter(
    (request) =>
      request.review !== 'pending' && request.deadline >= props.today && !reminderDue.includes(request),
  );
  const list = (rows: typeof props.requests, reviewing: boolean) =>
    rows.length === 0 ? (
      <p>{t('responses.none')}</p>
    ) : (
      <ul class="queue">
        {rows.map((request) => (
          <li>
            <a href={request.recordPath}>{request.recordTitle}</a> — {request.company_name}:{' '}
            {statusLabel(context, request.status)}, {t('responses.deadline')} {request.deadline}
            {props.unsent.has(request.id) && (
              <UnsentMail context={context} requestId={request.id} unsent={props.unsent.get(request.id)!} />
            )}
            {reviewing && (
              <div class="review">
                {request.response_text && (
                  <blockquote>
                    <Paragraphs text={request.response_text} />
                  </blockquote>
                )}
                {request.response_link && <p>{request.response_link}</p>}
                <ActionForm context={context} action={`/responses/${request.id}/review`} class="inline">
                  <button type="submit" name="decision" value="publish">
                    {t('responses.publish')}
                  </button>{' '}
                  <button type="submit" name="decision" value="reject">
                    {t('responses.reject')}
                  </button>
                </ActionForm>
              </div>
            )}
          </li>
        ))}
      </ul>
    );
  return (
    <Layout context={context} title={t('responses.queueTitle')}>
      <h1>{t('responses.queueTitle')}</h1>
      <h2>{t('responses.toReview')}</h2>
      {list(review, true)}
      <h2>{t('responses.reminderDue')}</h2>
      {list(reminderDue, false)}
      <h2>{t('responses.overdue')}</h2>
      {list(overdue, false)}
      <h2>{t('responses.open')}</h2>
      {list(open, false)}
      {props.failedMail.length > 0 && (
        <>
          <h2>{t('responses.failedMail')}</h2>
          <ul>
            {props.failedMail.map((mail) => (
              <li>
                {mail.subject} ({mail.status}, {t('responses.attempts', { count: mail.attempts })}):{' '}
                {mail.last_error}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

/** The public page of response rates, with the period and grouping in the query, and the figures as CSV. */
export function ResponseRatesPage(props: {
  context: PageContext;
  query: { by: 'company' | 'sector' | 'country'; from?: string; to?: string };
  rows: RateRow[];
  total: RateRow;
  label: (key: string) => string;
  csvHref: string;
  errors: string[];
}) {
  const { context, query } = props;
  const { t } = context;
  const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 1000) / 10}%`);
  const row = (rate: RateRow, label: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{context.formatNumber(rate.requested)}</td>
      <td>{context.formatNumber(rate.responded)}</td>
      <td>{context.formatNumber(rate.declined)}</td>
      <td>{context.formatNumber(rate.noResponse)}</td>
      <td>{context.formatNumber(rate.awaited)}</td>
      <td>{percent(rate.rate)}</td>
    </tr>
  );
  return (
    <Layout context={context} title={t('rates.title')}>
      <h1>{t('rates.title')}</h1>
      <p>{t('rates.intro')}</p>
      <FormErrors title={t('form.problems')} messages={props.errors} />
      <form method="get" action="/response-rates" class="inline">
        <input type="hidden" name="lang" value={context.language} />
        <label for="by">{t('rates.by')}</label>{' '}
        <select id="by" name="by">
          {(['company', 'sector', 'country'] as const).map((by) => (
            <option value={by} selected={query.by === by}>
              {t(`rates.by${by[0]!.toUpperCase()}${by.slice(1)}` as 'rates.byCompany')}
            </option>
          ))}
        </select>{' '}
        <label for="from">{t('rates.from')}</label>{' '}
        <input id="from" type="date" name="from" value={query.from ?? ''} />{' '}
        <label for="to">{t('rates.to')}</label> <input id="to" type="date" name="to" value={query.to ?? ''} />{' '}
        <button type="submit">{t('rates.show')}</button>
      </form>
      {props.total.requested === 0 ? (
        <p>{t('rates.none')}</p>
      ) : (
        <>
          <table class="rates">
            <thead>
              <tr>
                <th scope="col">{t('rates.group')}</th>
                <th scope="col">{t('rates.requested')}</th>
                <th scope="col">{t('rates.responded')}</th>
                <th scope="col">{t('rates.declined')}</th>
                <th scope="col">{t('rates.noResponse')}</th>
                <th scope="col">{t('rates.awaited')}</th>
                <th scope="col">{t('rates.rate')}</th>
              </tr>
            </thead>
            <tbody>{props.rows.map((rate) => row(rate, props.label(rate.key)))}</tbody>
            <tfoot>{row(props.total, t('rates.total'))}</tfoot>
          </table>
          <p>
            <a href={props.csvHref}>{t('rates.csv')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
