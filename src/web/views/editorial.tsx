import type { ResponseEventRow } from '../../store/responses.ts';
import { changesInWords } from './history-words.ts';
import type { FieldChange } from '../../domain/record-diff.ts';
import type { StoredRecord } from '../../domain/record.ts';
import type { ActivityEntry, Revision } from '../../store/record-history.ts';
import { type PageContext, messageFor } from './context.ts';
import { recordPath, TableHead, when } from './components.tsx';
import { ActionForm, CsrfField, Field, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';
import { statusLabel } from './record-panel.tsx';

/** Sign-in, the history of a record, the activity across records and the worklist (accounts: accounts.tsx). */

export function SignInPage(props: {
  context: PageContext;
  csrfToken: string;
  next: string;
  email?: string;
  message?: string;
}) {
  const { context } = props;
  const { t } = context;
  return (
    <Layout context={context} title={t('signIn.title')}>
      <h1>{t('signIn.title')}</h1>
      <FormErrors
        title={t('form.problems')}
        messages={props.message ? [{ text: props.message, field: 'password' }] : []}
      />
      <form method="post" action="/sign-in" class="narrow">
        <CsrfField context={context} token={props.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <Field
          name="email"
          label={t('signIn.email')}
          type="email"
          value={props.email ?? ''}
          autocomplete="username"
          required
        />
        <Field
          name="password"
          label={t('signIn.password')}
          type="password"
          autocomplete="current-password"
          errors={props.message ? { password: [props.message] } : undefined}
          required
        />
        <p class="actions">
          <button type="submit">{t('signIn.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}

/** A value in a diff, shown as text: strings as they are, anything else as JSON. */
/** A revision's changes in words, one per field: "Title changed from “…” to “…”". */
export function Changes(props: { context: PageContext; changes: FieldChange[]; created?: boolean }) {
  const { context } = props;
  const { t, rich } = context;
  if (props.changes.length === 0) return <p class="meta">{t('history.noChanges')}</p>;
  const told = changesInWords(props.changes, context);
  const quoted = (text: string) => t('text.quoted', { text });
  const items = (
    <ul class="changes">
      {told.map((change) => {
        const field = <strong>{change.field}</strong>;
        const before = change.before !== undefined ? <del>{quoted(change.before)}</del> : '';
        const after = change.after !== undefined ? <ins>{quoted(change.after)}</ins> : '';
        const key =
          props.created && change.before === undefined
            ? 'history.value'
            : change.before === undefined
              ? 'history.added'
              : change.after === undefined
                ? 'history.removed'
                : 'history.changed';
        return <li>{rich(key, { field, before, after })}</li>;
      })}
    </ul>
  );
  // A creation sets every field: listed behind a summary, so that the history reads as changes.
  return props.created ? (
    <details class="created">
      <summary>{t('history.fieldsSet', { count: told.length })}</summary>
      {items}
    </details>
  ) : (
    items
  );
}

export function HistoryPage(props: {
  context: PageContext;
  record: StoredRecord;
  revisions: Revision[];
  mayRestore: boolean;
  /** The company-response transitions of the record, dated and attributed. */
  responseEvents?: ResponseEventRow[];
}) {
  const { context, record } = props;
  const { t } = context;
  const base = `/records/${encodeURIComponent(record.id)}`;
  return (
    <Layout context={context} title={t('history.title', { title: record.title })}>
      <h1>{t('history.title', { title: record.title })}</h1>
      <p>
        <a href={context.href(recordPath(record))}>{t('history.back')}</a> ·{' '}
        {statusLabel(context, record.status)} · {t('editorial.version', { version: record.version })}
      </p>
      {props.revisions.length === 0 && <p>{t('history.none')}</p>}
      <ol class="history" reversed>
        {props.revisions.map((revision) => (
          <li id={`v${revision.version}`}>
            <h2>
              {t('history.version', { version: revision.version })} ·{' '}
              {messageFor(t, `action.${revision.action}`)}
            </h2>
            <p class="meta">
              <time dateTime={revision.at}>{when(revision.at)}</time> · {revision.author.name}
              {revision.reason && ` · ${revision.reason}`}
            </p>
            <Changes context={context} changes={revision.changes} created={revision.action === 'create'} />
            {props.mayRestore && revision.version !== record.version && (
              <ActionForm context={context} action={`${base}/restore`} class="inline">
                <input type="hidden" name="version" value={String(revision.version)} />
                <button type="submit" class="secondary">
                  {t('history.restore', { version: revision.version })}
                </button>
              </ActionForm>
            )}
          </li>
        ))}
      </ol>
      {props.responseEvents && props.responseEvents.length > 0 && (
        <>
          <h2>{t('history.responses')}</h2>
          <ol class="history">
            {props.responseEvents.map((event) => (
              <li>
                <time dateTime={event.at}>{when(event.at)}</time> · {event.actor} · {event.company}:{' '}
                {messageFor(t, `responseAction.${event.action}`)}
                {event.note && ` · ${event.note}`}
              </li>
            ))}
          </ol>
        </>
      )}
    </Layout>
  );
}

export function ActivityPage(props: { context: PageContext; entries: ActivityEntry[]; next?: string }) {
  const { context } = props;
  const { t } = context;
  return (
    <Layout context={context} title={t('activity.title')}>
      <h1>{t('activity.title')}</h1>
      {props.entries.length === 0 && <p>{t('activity.none')}</p>}
      <table class="activity">
        <TableHead
          columns={[t('activity.when'), t('activity.who'), t('activity.record'), t('activity.what')]}
        />
        <tbody>
          {props.entries.map((entry) => (
            <tr>
              <td>
                <time dateTime={entry.at}>{when(entry.at)}</time>
              </td>
              <td>{entry.author.name}</td>
              <td>
                <a href={`/records/${encodeURIComponent(entry.recordId)}/history#v${entry.version}`}>
                  {entry.title}
                </a>
              </td>
              <td>
                {messageFor(t, `action.${entry.action}`)}
                {entry.reason && `: ${entry.reason}`} ({t('activity.fields', { count: entry.changes.length })}
                )
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.next && (
        <p>
          <a href={`/activity?before=${encodeURIComponent(props.next)}`}>{t('activity.older')}</a>
        </p>
      )}
    </Layout>
  );
}

export function WorklistPage(props: {
  context: PageContext;
  /** Each status's records, the viewer's own (`mine`) first. */
  lists: { status: string; records: StoredRecord[]; mine: ReadonlySet<string> }[];
}) {
  const { context } = props;
  const { t } = context;
  return (
    <Layout context={context} title={t('worklist.title')}>
      <h1>{t('worklist.title')}</h1>
      {context.viewer?.permissions.has('records:create') && (
        <p>
          <a class="button" href="/records/new">
            {t('nav.newRecord')}
          </a>
        </p>
      )}
      {props.lists.map((list) => (
        <section aria-labelledby={`list-${list.status}`}>
          <h2 id={`list-${list.status}`}>{statusLabel(context, list.status)}</h2>
          {list.records.length === 0 ? (
            <p>{t('worklist.empty')}</p>
          ) : (
            <ul>
              {list.records.map((record) => (
                <li>
                  <a href={context.href(recordPath(record))}>{record.title}</a>{' '}
                  {list.mine.has(record.id) && <span class="badge">{t('worklist.mine')}</span>}{' '}
                  <span class="meta">
                    {context.formatDate(record.dateReported)} ·{' '}
                    {t('editorial.version', { version: record.version })} · {when(record.updatedAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </Layout>
  );
}

export { AccountPage, UsersPage } from './accounts.tsx';
