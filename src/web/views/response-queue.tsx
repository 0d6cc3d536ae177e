import { responseStatusLabel } from '../../domain/response.ts';
import type { UnsentRequest } from '../../responses/workflow.ts';
import type { OutboxRow, ResponseRequestRow } from '../../store/responses.ts';
import type { PageContext } from './context.ts';
import { ActionForm } from './forms.tsx';
import { Layout } from './layout.tsx';
import { Paragraphs } from './components.tsx';
import { UnsentMail } from './response-mail.tsx';

const statusLabel = (context: PageContext, status: string) => responseStatusLabel(status, context.language);

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
