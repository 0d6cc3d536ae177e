import { ProposedSources, type ProposedSource } from './triage.tsx';
import { isSynthetic } from '../../demo/provenance.ts';
import type { UnsentRequest } from '../../responses/workflow.ts';
import type { ResponseRequestRow } from '../../store/responses.ts';
import { RecordResponses, ResponseRequestForm, type PublicResponse } from './responses.tsx';
import { RECORD_FIELDS, type AffectedGroup, type StoredRecord } from '../../domain/record.ts';
import { isMessageKey } from '../i18n.ts';
import { valueInWords } from './history-words.ts';
import type { PageContext } from './context.ts';
import { companyPath, ScrollRegion } from './components.tsx';
import { Layout } from './layout.tsx';
import { EditorialPanel } from './record-panel.tsx';

/** The record page, laid out like the record pages of such databases: Summary, Companies, Affected, Issues, Response, sources. */
export function RecordPage(props: {
  context: PageContext;
  record: StoredRecord;
  /** For signed-in staff: the workflow panel, the internal notes and the restricted sources. */
  editorial?: Omit<Parameters<typeof EditorialPanel>[0], 'context' | 'record'>;
  /** The companies' responses as the public sees them. */
  responses?: PublicResponse[];
  /** For editors: the requests made, with their contacts, and the form to ask another company. */
  responseRequests?: ResponseRequestRow[];
  /** Articles proposed from triage as sources of the record, waiting for an editor (staff only). */
  proposedSources?: ProposedSource[];
  /** The e-mails of those requests not gone out, with their private links, by request id. */
  unsentRequests?: Map<string, UnsentRequest>;
}) {
  const { context, record } = props;
  const { t, labels } = context;
  const synthetic = isSynthetic(record);
  const place = labels.country(record.location.country);
  return (
    <Layout context={context} title={record.title}>
      <article class="record">
        <h1>{record.title}</h1>
        {props.editorial && <EditorialPanel context={context} record={record} {...props.editorial} />}
        {record.status === 'retracted' && (
          <p class="notice">
            {record.retractionReason
              ? t('record.retractedOn', { reason: record.retractionReason })
              : t('record.status.retracted')}
          </p>
        )}
        {synthetic && <p class="notice">{t('record.synthetic')}</p>}
        <section aria-labelledby="summary">
          <h2 id="summary">{t('record.summary')}</h2>
          <dl>
            <dt>{t('record.dateReported')}</dt>
            <dd>
              <time dateTime={record.dateReported}>{context.formatDate(record.dateReported)}</time>
            </dd>
            <dt>{t('record.location')}</dt>
            <dd>
              {record.location.city && `${record.location.city}, `}
              <a href={context.href(`/countries/${record.location.country}`)}>{place}</a>
            </dd>
            <SummaryFields context={context} record={record} />
          </dl>
          {record.summary?.split('\n').map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </section>
        <section aria-labelledby="companies">
          <h2 id="companies">{t('record.companies')}</h2>
          <ul>
            {record.companies.map((company) => {
              const id = company.companyId;
              return (
                <li>
                  {id ? <a href={context.href(companyPath(id))}>{company.name}</a> : company.name}
                  {' - '}
                  {labels.role(company.role)}
                </li>
              );
            })}
          </ul>
        </section>
        <section aria-labelledby="affected">
          <h2 id="affected">{t('record.affected')}</h2>
          <p>
            {t('record.total')}:{' '}
            {record.affected.total === null
              ? t('record.numberUnknown')
              : context.formatNumber(record.affected.total)}
          </p>
          {record.affected.groups.length > 0 && (
            <Groups context={context} groups={record.affected.groups} total={record.affected.total} />
          )}
        </section>
        <section aria-labelledby="issues">
          <h2 id="issues">{t('record.issues')}</h2>
          <ul>
            {record.issues.map((issue) => (
              <li>
                <a href={context.href(`/issues/${issue}`)}>{labels.issue(issue)}</a>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="response">
          <h2 id="response">{t('record.response')}</h2>
          <dl>
            <dt>{t('record.responseSought')}</dt>
            <dd>{record.response.sought ? t('value.yes') : t('value.no')}</dd>
            {record.sourceType && (
              <>
                <dt>{t('record.sourceType')}</dt>
                <dd>{labels.sourceType(record.sourceType)}</dd>
              </>
            )}
          </dl>
          {props.responses && <RecordResponses context={context} responses={props.responses} />}
          {props.responseRequests && (
            <ResponseRequestForm
              context={context}
              recordId={record.id}
              companies={[...new Set(record.companies.map((company) => company.name))]}
              asked={props.responseRequests}
              unsent={props.unsentRequests}
            />
          )}
        </section>
        <RecordSources context={context} record={record} proposedSources={props.proposedSources} />
        {record.status === 'published' && (
          <p>
            <a href={`/api/v1/records/${encodeURIComponent(record.id)}`}>{t('record.json')}</a>
          </p>
        )}
      </article>
    </Layout>
  );
}

/** The record's sources as the public (or staff, with restricted ones) reads them, and articles proposed as more. */
function RecordSources(props: {
  context: PageContext;
  record: StoredRecord;
  proposedSources: ProposedSource[] | undefined;
}) {
  const { context, record } = props;
  const { t } = context;
  return (
    <section aria-labelledby="sources">
      <h2 id="sources">{t('record.sources')}</h2>
      {record.sources.length === 0 && <p>{t('record.noSources')}</p>}
      {record.sources.map((source) => (
        <article class={source.restricted ? 'source restricted' : 'source'}>
          {source.restricted && <p class="notice">{t('record.restrictedSource')}</p>}
          {source.companies.length > 0 && <p class="source-companies">{source.companies.join(', ')}</p>}
          <h3>
            {source.url ? <a href={source.url}>{`“${source.headline}”`}</a> : `“${source.headline}”`}
            {source.published && (
              <>
                {', '}
                <time dateTime={source.published}>{context.formatDate(source.published)}</time>
              </>
            )}
          </h3>
          {source.publisher && <p class="publisher">{source.publisher}</p>}
          {source.excerpt
            .split('\n')
            .filter((line) => line.trim())
            .map((line) => (
              <p>{line}</p>
            ))}
        </article>
      ))}
      {props.proposedSources && props.proposedSources.length > 0 && (
        <ProposedSources context={context} recordId={record.id} proposals={props.proposedSources} />
      )}
    </section>
  );
}

/**
 * The affected groups. A group's number unknown beside a known total is not "unknown": the source gave the
 * total without splitting it, and the table says so.
 */
function Groups(props: { context: PageContext; groups: AffectedGroup[]; total: number | null }) {
  const { context } = props;
  const { t, labels } = context;
  return (
    <ScrollRegion label={t('record.groups')}>
      <table class="groups">
        <thead>
          <tr>
            <th scope="col">{t('record.affected')}</th>
            <th scope="col">{t('group.count')}</th>
            <th scope="col">{t('group.origin')}</th>
            <th scope="col">{t('group.sector')}</th>
            <th scope="col">{t('group.gender')}</th>
            <th scope="col">{t('group.migrationStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {props.groups.map((group) => (
            <tr>
              <th scope="row">{labels.groupType(group.type)}</th>
              <td>
                {group.count !== null
                  ? context.formatNumber(group.count)
                  : props.total !== null
                    ? t('record.countInTotal', { total: props.total })
                    : t('record.numberUnknown')}
              </td>
              <td>{group.origin ? labels.country(group.origin) : t('record.originUnknown')}</td>
              <td>
                {group.sector === null
                  ? t('record.sectorUnknown')
                  : `${labels.sector(group.sector)}: ${group.subsector ? labels.subsector(group.subsector) : t('record.wholeCategory')}`}
              </td>
              <td>{group.gender ? labels.gender(group.gender) : t('record.genderUnknown')}</td>
              <td>{labels.migrationStatus(group.migrationStatus)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Where a retracted record was: its title, and why it was withdrawn. Nothing else of it is shown. */
export function RetractedPage(props: { context: PageContext; record: StoredRecord }) {
  const { context, record } = props;
  const { t } = context;
  return (
    <Layout context={context} title={record.title}>
      <article class="record">
        <h1>{record.title}</h1>
        <p class="notice">
          {record.retractionReason
            ? t('record.retractedOn', { reason: record.retractionReason })
            : t('record.status.retracted')}
        </p>
      </article>
    </Layout>
  );
}

/** The model's fields that the page lists under the summary without a layout of their own (`page: 'summary'`). */
function SummaryFields({ context, record }: { context: PageContext; record: StoredRecord }) {
  return (
    <>
      {SUMMARY_FIELDS.map((field) => {
        const value = field.get(record);
        if (value === undefined || value === null || value === '') return null;
        return (
          <>
            <dt>{isMessageKey(field.label) ? context.t(field.label) : field.name}</dt>
            <dd>{valueInWords([...field.path], value, context)}</dd>
          </>
        );
      })}
    </>
  );
}

const SUMMARY_FIELDS = RECORD_FIELDS.filter((field) => field.page === 'summary');
