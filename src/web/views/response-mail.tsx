import type { UnsentRequest } from '../../responses/workflow.ts';
import type { PageContext } from './context.ts';

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
