import { recordPath } from './components.tsx';
import { responseStatusLabel } from '../../domain/response.ts';
import { rateText } from './components.tsx';
import type { PublicResponse } from './responses.tsx';
import type { CompanyDetail } from '../../store/store.ts';
import { searchParams } from '../../search/query.ts';
import { type PageContext, messageFor } from './context.ts';
import { CountTable, RecordItem } from './components.tsx';
import { Layout } from './layout.tsx';
import { ActionForm } from './forms.tsx';
import type { ScreenMatch } from '../../matching/screen.ts';
import type { CompanyDecision } from '../../store/companies.ts';

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

export function CompanyPage(props: {
  context: PageContext;
  company: CompanyDetail;
  /** For editors: companies that may be the same, and the decisions taken on this one. */
  editorial?: { candidates: ScreenMatch[]; decisions: CompanyDecision[] };
  /** The requests to respond made to this company about published records, as the public sees them. */
  responses?: (PublicResponse & { recordId: string })[];
}) {
  const { context, company } = props;
  const { t, labels } = context;
  const byIssue = [...countBy(company.records.flatMap(({ record }) => [...new Set(record.issues)]))].sort(
    (a, b) => b[1] - a[1],
  );
  const byYear = [...countBy(company.records.map(({ record }) => record.dateReported.slice(0, 4)))].sort(
    (a, b) => b[0].localeCompare(a[0]),
  );
  return (
    <Layout context={context} title={company.name}>
      <p class="kicker">{t('company.title')}</p>
      <h1>{company.name}</h1>
      <p>
        <a href={context.href('/search', searchParams({ company: [company.id] }))}>{t('company.search')}</a>
      </p>
      {props.editorial && <CompanyDecisions context={context} company={company} {...props.editorial} />}
      <CompanyIdentity context={context} company={company} />
      {company.namesInRecords.length > 0 && (
        <section aria-labelledby="names">
          <h2 id="names">{t('company.names')}</h2>
          <ul>
            {company.namesInRecords.map((name) => (
              <li>{name}</li>
            ))}
          </ul>
        </section>
      )}
      <div class="columns">
        <CountTable
          context={context}
          caption={t('company.byIssue')}
          valueHeading={t('taxonomy.issue')}
          rows={byIssue.map(([issue, count]) => ({
            label: labels.issue(issue),
            count,
            href: context.href('/search', searchParams({ company: [company.id], issue: [issue] })),
          }))}
        />
        <CountTable
          context={context}
          caption={t('company.byYear')}
          valueHeading={t('table.year')}
          rows={byYear.map(([year, count]) => ({ label: year, count }))}
        />
      </div>
      <section aria-labelledby="company-records">
        <h2 id="company-records">
          {t('company.records', { count: context.formatNumber(company.records.length) })}
        </h2>
        <ul class="records">
          {company.records.map(({ record, roles }) => (
            <RecordItem
              context={context}
              record={record}
              note={`${t('company.role')}: ${roles.map((role) => labels.role(role)).join(', ')}`}
            />
          ))}
        </ul>
      </section>
      {props.responses && props.responses.length > 0 && (
        <CompanyResponses context={context} company={company} responses={props.responses} />
      )}
    </Layout>
  );
}

/** Who the company is: country, other names, identifiers, website, parent and subsidiaries. */
function CompanyIdentity(props: { context: PageContext; company: CompanyDetail }) {
  const { context, company } = props;
  const { t, labels } = context;
  return (
    <dl class="identity">
      {company.country && (
        <>
          <dt>{t('company.country')}</dt>
          <dd>{labels.country(company.country)}</dd>
        </>
      )}
      {company.otherNames.length > 0 && (
        <>
          <dt>{t('company.otherNames')}</dt>
          <dd>{company.otherNames.map((other) => other.name).join(' · ')}</dd>
        </>
      )}
      {Object.entries(company.identifiers).map(([scheme, value]) => (
        <>
          <dt>{scheme === 'lei' ? 'LEI' : scheme === 'wikidata' ? 'Wikidata' : t('company.registration')}</dt>
          <dd>
            {scheme === 'wikidata' ? <a href={`https://www.wikidata.org/wiki/${value}`}>{value}</a> : value}
          </dd>
        </>
      ))}
      {company.website && (
        <>
          <dt>{t('company.website')}</dt>
          <dd>
            <a href={company.website} rel="nofollow noopener">
              {company.website}
            </a>
          </dd>
        </>
      )}
      {company.parent && (
        <>
          <dt>{t('company.parent')}</dt>
          <dd>
            <a href={context.href(`/companies/${encodeURIComponent(company.parent.id)}`)}>
              {company.parent.name}
            </a>
          </dd>
        </>
      )}
      {company.subsidiaries.length > 0 && (
        <>
          <dt>{t('company.subsidiaries')}</dt>
          <dd>
            {company.subsidiaries.map((subsidiary, index) => (
              <>
                {index > 0 && ' · '}
                <a href={context.href(`/companies/${encodeURIComponent(subsidiary.id)}`)}>
                  {subsidiary.name}
                </a>
              </>
            ))}
          </dd>
        </>
      )}
    </dl>
  );
}

/** The requests to respond made to the company, and how many it answered. */
function CompanyResponses(props: {
  context: PageContext;
  company: CompanyDetail;
  responses: (PublicResponse & { recordId: string })[];
}) {
  const { context, company } = props;
  const { t } = context;
  return (
    <section aria-labelledby="company-responses">
      <h2 id="company-responses">{t('company.responses')}</h2>
      <p>
        {t('company.responseRate', {
          requested: props.responses.length,
          responded: props.responses.filter((response) => response.status === 'responded').length,
          rate: rateText(
            context,
            props.responses.filter((response) => response.status === 'responded').length,
            props.responses.length,
          ),
        })}
      </p>
      <ul>
        {props.responses.map((response) => {
          const record = company.records.find((item) => item.record.id === response.recordId)?.record;
          return (
            <li>
              {record ? <a href={context.href(recordPath(record))}>{record.title}</a> : response.recordId}:{' '}
              {responseStatusLabel(response.status, context.language)} ({response.requestedAt})
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Merge, "not the same" and split, with the decisions already taken: for editors. */
function CompanyDecisions(props: {
  context: PageContext;
  company: CompanyDetail;
  candidates: ScreenMatch[];
  decisions: CompanyDecision[];
}) {
  const { context, company } = props;
  const { t } = context;
  const base = `/companies/${encodeURIComponent(company.id)}`;
  const otherNamesInRecords = company.namesInRecords.filter((name) => name !== company.name);
  return (
    <aside class="editorial" aria-labelledby="company-editorial">
      <h2 id="company-editorial">{t('companyEditorial.title')}</h2>
      {props.candidates.length === 0 ? (
        <p>{t('companyEditorial.noCandidates')}</p>
      ) : (
        <ul>
          {props.candidates.map((candidate) => (
            <li>
              <a href={`/companies/${encodeURIComponent(candidate.companyId)}`}>{candidate.name}</a>{' '}
              <span class="meta">
                (
                {t('suggestions.detail', {
                  score: candidate.score.toFixed(2),
                  records: candidate.allegations,
                })}
                )
              </span>{' '}
              <ActionForm context={context} action={`${base}/merge`} class="inline">
                <input type="hidden" name="into" value={candidate.companyId} />
                <button type="submit" class="secondary">
                  {t('companyEditorial.merge', { name: candidate.name })}
                </button>
              </ActionForm>{' '}
              <ActionForm context={context} action={`${base}/not-same`} class="inline">
                <input type="hidden" name="other" value={candidate.companyId} />
                <button type="submit" class="secondary">
                  {t('companyEditorial.notSame')}
                </button>
              </ActionForm>
            </li>
          ))}
        </ul>
      )}
      {otherNamesInRecords.length > 0 && (
        <>
          <h3>{t('companyEditorial.split')}</h3>
          <ul>
            {otherNamesInRecords.map((name) => (
              <li>
                {name}{' '}
                <ActionForm context={context} action={`${base}/split`} class="inline">
                  <input type="hidden" name="name" value={name} />
                  <button type="submit" class="secondary">
                    {t('companyEditorial.splitOff', { name })}
                  </button>
                </ActionForm>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.decisions.length > 0 && (
        <>
          <h3>{t('companyEditorial.decisions')}</h3>
          <ul>
            {props.decisions.map((decision) => (
              <li>
                {messageFor(t, `companyDecision.${decision.decision}`, {
                  a: decision.nameA,
                  b: decision.nameB,
                })}{' '}
                <span class="meta">
                  {decision.author}, {decision.at.replace('T', ' ').slice(0, 16)} UTC
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
