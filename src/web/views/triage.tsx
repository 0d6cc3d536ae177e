import { editPermission } from '../../domain/access.ts';
import type { RecordStatus } from '../../domain/record.ts';
import { issueTerms } from '../../domain/taxonomy.ts';
import type { QueuedArticle } from '../../store/triage.ts';
import { ArticleHiddenFields, percent } from './article.tsx';
import type { PageContext } from './context.ts';
import { recordPath } from './components.tsx';
import { CsrfField, fieldErrorParts, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';

/**
 * The triage queue: upload many articles; the open ones are listed by upload and incident, scored, with the
 * record an incident may already be. Each is reviewed as a draft, added as a source, or set aside.
 */

/** An incident of the queue: the open articles of one upload about one incident (or set aside: incident 0). */
interface Incident {
  batchId: string;
  fileName: string;
  number: number;
  articles: QueuedArticle[];
}

function incidentsOf(articles: readonly QueuedArticle[]): Incident[] {
  const incidents = new Map<string, Incident>();
  for (const article of articles) {
    const key = `${article.batchId}:${article.incident}`;
    const incident = incidents.get(key) ?? {
      batchId: article.batchId,
      fileName: article.fileName,
      number: article.incident,
      articles: [],
    };
    incident.articles.push(article);
    incidents.set(key, incident);
  }
  // Newest upload first; within it incidents in order, the articles set aside last.
  return [...incidents.values()].sort(
    (a, b) => b.batchId.localeCompare(a.batchId) || (a.number || Infinity) - (b.number || Infinity),
  );
}

/** Whether the viewer may edit a record in this status, and so add sources to it. */
/**
 * What a researcher may do with articles that a record may already hold: add them as its sources at once,
 * while the record is still being written (a draft or in review) and theirs to edit; else propose them, for
 * an editor to add: a published record changes only by an editor's decision.
 */
function sourceAction(context: PageContext, status: RecordStatus | undefined): 'add' | 'propose' | 'none' {
  if (status === undefined || status === 'retracted') return 'none';
  const mayEdit = context.viewer?.permissions.has(editPermission(status)) === true;
  if (mayEdit && (status === 'draft' || status === 'in_review')) return 'add';
  return context.viewer?.permissions.has('records:create') ? 'propose' : 'none';
}

function ArticleRow(props: { context: PageContext; article: QueuedArticle }) {
  const { context, article } = props;
  const { t } = context;
  const headline = article.headline ?? article.url ?? t('triage.untitled');
  const { summary } = article;
  const facts = [
    summary.country,
    summary.companies.join(', '),
    summary.issues
      .slice(0, 3)
      .map((issue) => issueTerms.label(issue, context.language))
      .join(', '),
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <tr>
      <td>{context.formatNumber(article.line)}</td>
      <td>{percent(article.relevance)}</td>
      <td>
        {article.url ? (
          <a href={article.url} rel="noopener noreferrer nofollow">
            {headline}
          </a>
        ) : (
          headline
        )}
        {summary.reason && <p class="hint">{summary.reason}</p>}
      </td>
      <td>{facts}</td>
      <td class="actions">
        <form method="post" action="/records/from-article/read">
          <ArticleHiddenFields
            article={{
              text: article.body,
              ...(article.headline ? { headline: article.headline } : {}),
              ...(article.published ? { date: article.published } : {}),
              ...(article.url ? { url: article.url } : {}),
              ...(article.publisher ? { publisher: article.publisher } : {}),
            }}
          />
          <input type="hidden" name="triage" value={article.id} />
          <button type="submit" class="secondary">
            {t('triage.review')}
          </button>
        </form>
        <form method="post" action={`/triage/${article.id}/status`}>
          <CsrfField context={context} />
          <input type="hidden" name="status" value="dismissed" />
          <button type="submit" class="secondary">
            {t('triage.dismiss')}
          </button>
        </form>
      </td>
    </tr>
  );
}

/**
 * An incident that may already be a record: a link to it, and the form to add its articles as sources (for
 * those who may edit it) or to propose them (for the others).
 */
function ExistingRecord(props: {
  context: PageContext;
  incident: Incident;
  existing: NonNullable<QueuedArticle['existing']>;
  action: 'add' | 'propose' | 'none';
}) {
  const { context, incident, existing, action } = props;
  const { t } = context;
  return (
    <div class="flag">
      <p>
        {t('triage.existing')} <a href={recordPath({ slug: existing.id })}>{existing.title}</a>{' '}
        {action === 'propose' ? t('triage.proposeHint') : t('triage.addSource')}
      </p>
      {action === 'add' && (
        <form method="post" action={`/records/${existing.id}/sources`}>
          <CsrfField context={context} />
          {incident.articles.map((article, index) => (
            <>
              <input type="hidden" name="triage" value={article.id} />
              <input
                type="hidden"
                name={`sources.${index}.headline`}
                value={article.headline ?? article.url ?? ''}
              />
              <input type="hidden" name={`sources.${index}.url`} value={article.url ?? ''} />
              <input type="hidden" name={`sources.${index}.publisher`} value={article.publisher ?? ''} />
              <input type="hidden" name={`sources.${index}.published`} value={article.published ?? ''} />
              <input type="hidden" name={`sources.${index}.excerpt`} value={article.summary.excerpt ?? ''} />
            </>
          ))}
          <button type="submit">{t('triage.addSources', { count: incident.articles.length })}</button>
        </form>
      )}
      {action === 'propose' && (
        <form method="post" action="/triage/propose">
          <CsrfField context={context} />
          <input type="hidden" name="record" value={existing.id} />
          {incident.articles.map((article) => (
            <input type="hidden" name="triage" value={article.id} />
          ))}
          <button type="submit">{t('triage.proposeSources', { count: incident.articles.length })}</button>
        </form>
      )}
    </div>
  );
}

export function TriagePage(props: {
  context: PageContext;
  queue: QueuedArticle[];
  /** The status of each record an incident may already be, to offer adding sources to those one may edit. */
  existingStatus: Map<string, RecordStatus>;
  /** How many articles wait, proposed as sources, for an editor's decision. */
  proposed?: number;
  messages?: string[];
}) {
  const { context, queue } = props;
  const { t } = context;
  const head = (
    <thead>
      <tr>
        <th scope="col">{t('triage.line')}</th>
        <th scope="col">{t('triage.relevance')}</th>
        <th scope="col">{t('triage.headline')}</th>
        <th scope="col">{t('triage.facts')}</th>
        <th scope="col">{t('triage.action')}</th>
      </tr>
    </thead>
  );
  const incidents = incidentsOf(queue);
  // Every problem of an upload is the file's: said beside it.
  const file = fieldErrorParts(props.messages ?? [], 'triage-file', 'triage-file-hint');
  return (
    <Layout context={context} title={t('triage.title')}>
      <h1>{t('triage.title')}</h1>
      <p>{t('triage.intro')}</p>
      <FormErrors
        title={t('form.problems')}
        messages={(props.messages ?? []).map((text) => ({ text, field: 'triage-file' }))}
        idOf={(field) => field}
      />
      <form method="post" action="/triage" enctype="multipart/form-data" class="narrow">
        <CsrfField context={context} />
        <div class={file.wrapper}>
          <label for="triage-file">{t('triage.file')}</label>
          <p class="hint" id="triage-file-hint">
            {t('triage.fileHint')}
          </p>
          {file.paragraph}
          <input
            type="file"
            id="triage-file"
            name="file"
            accept=".ndjson,.jsonl,application/x-ndjson"
            {...file.attributes}
          />
        </div>
        <button type="submit">{t('triage.submit')}</button>
      </form>
      <h2>{t('triage.queue', { count: context.formatNumber(queue.length) })}</h2>
      {queue.length === 0 && <p>{t('triage.empty')}</p>}
      {(props.proposed ?? 0) > 0 && <p class="hint">{t('triage.proposed', { count: props.proposed! })}</p>}
      {incidents.map((incident) => {
        const existing = incident.articles.find((article) => article.existing)?.existing;
        const action = existing ? sourceAction(context, props.existingStatus.get(existing.id)) : 'none';
        const id = `incident-${incident.batchId}-${incident.number}`;
        return (
          <section class="incident" aria-labelledby={id}>
            <h3 id={id}>
              {incident.number === 0
                ? t('triage.setAside', { count: incident.articles.length })
                : t('triage.incident', { n: incident.number, articles: incident.articles.length })}{' '}
              <span class="meta">{incident.fileName}</span>
            </h3>
            {incident.number > 0 &&
              (existing ? (
                <ExistingRecord context={context} incident={incident} existing={existing} action={action} />
              ) : (
                <p class="hint">{t('triage.new')}</p>
              ))}
            <table class="triage">
              {head}
              <tbody>
                {incident.articles.map((article) => (
                  <ArticleRow context={context} article={article} />
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </Layout>
  );
}

/** An article proposed as a source of a record, with who proposed it. */
export interface ProposedSource {
  article: QueuedArticle;
  proposedBy: string;
}

/**
 * On a staff record page: the articles proposed from triage as the record's sources. An editor adds them (an
 * edit of the record, in its history) or declines them; others see that they wait.
 */
export function ProposedSources(props: {
  context: PageContext;
  recordId: string;
  proposals: ProposedSource[];
}) {
  const { context, proposals } = props;
  const { t } = context;
  const decides = context.viewer?.permissions.has('records:review') === true;
  return (
    <section class="proposed-sources" aria-labelledby="proposed-sources">
      <h3 id="proposed-sources">{t('proposals.title')}</h3>
      <p>{t('proposals.intro', { count: proposals.length })}</p>
      <ul>
        {proposals.map(({ article, proposedBy }) => (
          <li>
            {article.url ? (
              <a href={article.url} rel="noopener noreferrer nofollow">
                {article.headline ?? article.url}
              </a>
            ) : (
              (article.headline ?? article.fileName)
            )}
            {article.publisher && ` · ${article.publisher}`}
            {article.published && ` · ${context.formatDate(article.published)}`}
            <p class="meta">
              {t('proposals.by', {
                name: proposedBy,
                date: context.formatDate((article.proposedAt ?? article.createdAt).slice(0, 10)),
              })}
            </p>
            {article.summary.excerpt && <p class="excerpt">{article.summary.excerpt}</p>}
          </li>
        ))}
      </ul>
      {decides ? (
        <form method="post" action={`/records/${encodeURIComponent(props.recordId)}/proposed-sources`}>
          <CsrfField context={context} />
          {proposals.map(({ article }) => (
            <input type="hidden" name="triage" value={article.id} />
          ))}
          <button type="submit" name="decision" value="accept">
            {t('proposals.accept', { count: proposals.length })}
          </button>{' '}
          <button type="submit" name="decision" value="decline" class="secondary">
            {t('proposals.decline')}
          </button>
        </form>
      ) : (
        <p class="hint">{t('proposals.waiting')}</p>
      )}
    </section>
  );
}
