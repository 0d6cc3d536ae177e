import { responseStatusLabel } from '../../domain/response.ts';
import type { UnsentRequest } from '../../responses/workflow.ts';
import type { ResponseRequestRow } from '../../store/responses.ts';
import type { PageContext } from './context.ts';
import { ActionForm, CsrfField, Field, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';
import { Paragraphs } from './components.tsx';
import { UnsentMail } from './response-mail.tsx';

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

export { ResponsesQueuePage } from './response-queue.tsx';
export { ResponseRatesPage } from './response-rates.tsx';
