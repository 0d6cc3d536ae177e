import type { Transition } from '../../domain/access.ts';
import type { StoredRecord } from '../../domain/record.ts';
import type { DuplicateCandidate } from '../../domain/duplicate.ts';
import { type PageContext, messageFor } from './context.ts';
import { companyPath, recordPath } from './components.tsx';
import type { ScreenMatch } from '../../matching/screen.ts';
import { ActionForm, Field } from './forms.tsx';

/** What signed-in users see above a record: its status, the workflow's next steps, and its internal notes. */

export function statusLabel(context: PageContext, status: string): string {
  return messageFor(context.t, `status.${status}`);
}

export function DuplicateList(props: {
  context: PageContext;
  duplicates: DuplicateCandidate[];
  /** When set, an editor may merge the record with this id into one of the candidates. */
  mergeFrom?: string;
}) {
  const { context, duplicates } = props;
  const { t } = context;
  return (
    <section class="duplicates" aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading">{t('duplicates.title')}</h2>
      <p>{t('duplicates.explain')}</p>
      <ul>
        {duplicates.map((candidate) => (
          <li>
            <a href={context.href(recordPath(candidate))}>{candidate.title}</a>{' '}
            <span class="meta">
              {context.formatDate(candidate.dateReported)} · {statusLabel(context, candidate.status)} ·{' '}
              {t('duplicates.similarity', { percent: Math.round(candidate.similarity * 100) })}
              {candidate.sharedCompanies.length > 0 && ` · ${candidate.sharedCompanies.join(', ')}`}
            </span>
            {props.mergeFrom && context.viewer?.permissions.has('records:merge') && (
              <ActionForm
                context={context}
                action={`/records/${encodeURIComponent(props.mergeFrom)}/merge`}
                class="inline"
              >
                <input type="hidden" name="into" value={candidate.id} />
                <button type="submit" class="secondary">
                  {t('duplicates.merge')}
                </button>
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function EditorialPanel(props: {
  context: PageContext;
  record: StoredRecord;
  transitions: Transition[];
  mayEdit: boolean;
  duplicates: DuplicateCandidate[];
  lastComment?: { author: string; reason: string; at: string };
  /** Known companies that a company name of the record may stand for. */
  companySuggestions?: { position: number; given: string; match: ScreenMatch }[];
  /** How many articles wait, proposed from triage as the record's sources. */
  proposedSources?: number;
}) {
  const { context, record } = props;
  const { t } = context;
  const base = `/records/${encodeURIComponent(record.id)}`;
  return (
    <aside class="editorial" aria-labelledby="editorial-heading">
      <h2 id="editorial-heading">
        {t('editorial.status')}:{' '}
        <span class={`status status-${record.status}`}>{statusLabel(context, record.status)}</span>{' '}
        <span class="meta">{t('editorial.version', { version: record.version })}</span>
      </h2>
      {props.lastComment && (
        <p class="comment">
          {t('editorial.lastComment', { author: props.lastComment.author })}: {props.lastComment.reason}
        </p>
      )}
      {(props.proposedSources ?? 0) > 0 && (
        <p class="comment">
          <a href="#proposed-sources">{t('proposals.waitingHere', { count: props.proposedSources! })}</a>
        </p>
      )}
      <p class="links">
        {props.mayEdit && <a href={`${base}/edit`}>{t('editorial.edit')}</a>}
        <a href={`${base}/history`}>{t('editorial.history')}</a>
      </p>
      {props.transitions.map((transition) => (
        <ActionForm context={context} action={`${base}/transition`} class="transition">
          <input type="hidden" name="transition" value={transition.id} />
          <input type="hidden" name="version" value={String(record.version)} />
          <Field
            name="reason"
            label={messageFor(t, `transition.${transition.id}.reason`)}
            required={transition.reason === 'required'}
          />
          <button type="submit">{messageFor(t, `transition.${transition.id}`)}</button>
        </ActionForm>
      ))}
      {record.internalNotes && (
        <section class="confidential" aria-labelledby="notes-heading">
          <h3 id="notes-heading">{t('form.internalNotes')}</h3>
          {record.internalNotes.split('\n').map((line) => (
            <p>{line}</p>
          ))}
        </section>
      )}
      {props.companySuggestions && props.companySuggestions.length > 0 && (
        <section class="suggestions" aria-labelledby="suggestions-heading">
          <h3 id="suggestions-heading">{t('suggestions.title')}</h3>
          <ul>
            {props.companySuggestions.map(({ position, given, match }) => (
              <li>
                {t('suggestions.mayBe', { given })}{' '}
                {match.allegations > 0 ? (
                  <a href={context.href(companyPath(match.companyId))}>{match.name}</a>
                ) : (
                  <strong>{match.name}</strong>
                )}{' '}
                <span class="meta">
                  ({t('suggestions.detail', { score: match.score.toFixed(2), records: match.allegations })})
                </span>
                {props.mayEdit && (
                  <ActionForm context={context} action={`${base}/link-company`} class="inline">
                    <input type="hidden" name="position" value={String(position)} />
                    <input type="hidden" name="companyId" value={match.companyId} />
                    <input type="hidden" name="version" value={String(record.version)} />
                    <button type="submit" class="secondary">
                      {t('suggestions.use')}
                    </button>
                  </ActionForm>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {props.duplicates.length > 0 && (
        <DuplicateList context={context} duplicates={props.duplicates} mergeFrom={record.id} />
      )}
    </aside>
  );
}
