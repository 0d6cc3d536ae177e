import { editPermission } from '../../domain/access.ts';
import type { RecordStatus } from '../../domain/record.ts';
import { issueTerms } from '../../domain/taxonomy.ts';
import type { ExtractionResult } from '../../extract/model.ts';
import type { TriageItem } from '../../extract/triage.ts';
import { highlightedArticle, shownEvidence, type ReviewRow } from '../forms/draft-review.ts';
import type { MessageKey } from '../i18n.ts';
import type { PageContext } from './context.ts';
import { recordPath } from './components.tsx';
import { CsrfField, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';

/**
 * Assisted extraction in the web app: paste or upload an article, review the proposed draft beside the
 * article (evidence highlighted), accept, fix or reject each proposal, save a draft record; and the triage
 * queue of many articles.
 */

export interface ArticleFields {
  text?: string;
  headline?: string;
  date?: string;
  url?: string;
  publisher?: string;
}

/** The article's own fields, carried from page to page. */
function ArticleHiddenFields(props: { article: ArticleFields }) {
  const { article } = props;
  return (
    <>
      <textarea name="text" hidden aria-hidden="true">
        {article.text ?? ''}
      </textarea>
      {(['headline', 'date', 'url', 'publisher'] as const).map((name) => (
        <input type="hidden" name={name} value={article[name] ?? ''} />
      ))}
    </>
  );
}

export function ArticleForm(props: { context: PageContext; messages?: string[]; article?: ArticleFields }) {
  const { context } = props;
  const { t } = context;
  const article = props.article ?? {};
  return (
    <Layout context={context} title={t('article.title')}>
      <h1>{t('article.title')}</h1>
      <p>{t('article.intro')}</p>
      <FormErrors title={t('form.problems')} messages={props.messages ?? []} />
      <form method="post" action="/records/from-article/read" enctype="multipart/form-data" class="narrow">
        <div class="field">
          <label for="article-text">{t('article.paste')}</label>
          <p class="hint" id="article-text-hint">
            {t('article.pasteHint')}
          </p>
          <textarea id="article-text" name="text" rows={14} aria-describedby="article-text-hint">
            {article.text ?? ''}
          </textarea>
        </div>
        <div class="field">
          <label for="article-file">{t('article.file')}</label>
          <input type="file" id="article-file" name="file" accept=".txt,.html,.htm,text/plain,text/html" />
        </div>
        <div class="field">
          <label for="article-headline">{t('article.headline')}</label>
          <input type="text" id="article-headline" name="headline" value={article.headline ?? ''} />
        </div>
        <div class="field">
          <label for="article-date">{t('article.date')}</label>
          <input type="date" id="article-date" name="date" value={article.date ?? ''} />
        </div>
        <div class="field">
          <label for="article-url">{t('article.url')}</label>
          <input type="url" id="article-url" name="url" value={article.url ?? ''} />
        </div>
        <div class="field">
          <label for="article-publisher">{t('article.publisher')}</label>
          <input type="text" id="article-publisher" name="publisher" value={article.publisher ?? ''} />
        </div>
        <button type="submit">{t('article.read')}</button>
      </form>
      <p class="hint">
        <a href="/triage">{t('article.toTriage')}</a>
      </p>
    </Layout>
  );
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

function ReviewFieldInput(props: { field: ReviewRow['fields'][number]; id: string; context: PageContext }) {
  const { field, id, context } = props;
  const label = context.t(field.label as MessageKey);
  const input =
    field.kind === 'select' ? (
      <select id={id} name={field.name}>
        {(field.options ?? []).map((option) => (
          <option value={option.value} selected={option.value === field.value}>
            {option.label}
          </option>
        ))}
      </select>
    ) : field.kind === 'textarea' ? (
      <textarea id={id} name={field.name} rows={4}>
        {field.value}
      </textarea>
    ) : (
      <input
        id={id}
        name={field.name}
        type={field.kind === 'date' ? 'date' : 'text'}
        inputMode={field.kind === 'number' ? 'numeric' : undefined}
        value={field.value}
      />
    );
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {input}
    </div>
  );
}

export function DraftReview(props: {
  context: PageContext;
  article: ArticleFields;
  result: ExtractionResult;
  rows: ReviewRow[];
  messages?: string[];
}) {
  const { context, result, rows } = props;
  const { t } = context;
  const pieces = highlightedArticle(result);
  return (
    <Layout context={context} title={t('article.reviewTitle')}>
      <h1>{t('article.reviewTitle')}</h1>
      <p>
        {t('article.relevance', { percent: percent(result.relevance) })}{' '}
        {result.relevance >= 0.5 ? t('article.relevant') : t('article.notRelevant')}
      </p>
      <p class="hint">{t('article.reviewIntro')}</p>
      <FormErrors title={t('form.problems')} messages={props.messages ?? []} />
      <div class="review">
        <section class="article" aria-labelledby="article-heading">
          <h2 id="article-heading">{t('article.text')}</h2>
          <div class="article-text">
            {pieces.map((piece) =>
              piece.evidence === undefined ? (
                piece.text
              ) : (
                <mark id={`evidence-${piece.evidence}`} class="evidence" title={piece.title}>
                  {piece.text}
                </mark>
              ),
            )}
          </div>
        </section>
        <section class="proposals" aria-labelledby="proposals-heading">
          <h2 id="proposals-heading">{t('article.proposals')}</h2>
          {rows.length === 0 && <p>{t('article.nothing')}</p>}
          <form method="post" action="/records/from-article">
            <CsrfField context={context} />
            <ArticleHiddenFields article={props.article} />
            {rows.map((row, index) => {
              const heading = `${t(row.heading as MessageKey)}${row.number ? ` ${row.number}` : ''}`;
              return (
                <fieldset class={`proposal${row.confidence < 0.5 ? ' unsure' : ''}`} data-row={row.key}>
                  <legend>
                    {heading}{' '}
                    <span class="confidence">
                      {t('article.confidence', { percent: percent(row.confidence) })}
                    </span>
                  </legend>
                  {row.fields.map((field, fieldIndex) => (
                    <ReviewFieldInput
                      field={field}
                      id={`proposal-${index}-${fieldIndex}`}
                      context={context}
                    />
                  ))}
                  {row.evidence.length > 0 && (
                    <ul class="evidence-list">
                      {[...new Set(row.evidence.map((evidence) => shownEvidence(result, evidence)))]
                        .slice(0, 3)
                        .map((evidence) => {
                          const item = result.evidence[evidence]!;
                          const words =
                            item.end > item.start ? result.text.slice(item.start, item.end) : item.sentence;
                          return (
                            <li>
                              {item.end > item.start ? (
                                <a href={`#evidence-${evidence}`}>“{words}”</a>
                              ) : (
                                <span>{words}</span>
                              )}
                            </li>
                          );
                        })}
                    </ul>
                  )}
                  <div
                    class="decision"
                    role="radiogroup"
                    aria-label={t('article.decision', { field: heading })}
                  >
                    <label>
                      <input
                        type="radio"
                        name={`decide.${row.key}`}
                        value="accept"
                        checked={row.decision === 'accept'}
                      />{' '}
                      {t('article.accept')}
                    </label>
                    <label>
                      <input
                        type="radio"
                        name={`decide.${row.key}`}
                        value="reject"
                        checked={row.decision === 'reject'}
                      />{' '}
                      {t('article.reject')}
                    </label>
                  </div>
                </fieldset>
              );
            })}
            <p class="hint">{t('article.saveHint')}</p>
            <button type="submit">{t('article.save')}</button>
          </form>
        </section>
      </div>
    </Layout>
  );
}

export function TriageForm(props: { context: PageContext; messages?: string[] }) {
  const { context } = props;
  const { t } = context;
  return (
    <Layout context={context} title={t('triage.title')}>
      <h1>{t('triage.title')}</h1>
      <p>{t('triage.intro')}</p>
      <FormErrors title={t('form.problems')} messages={props.messages ?? []} />
      <form method="post" action="/triage" enctype="multipart/form-data" class="narrow">
        <div class="field">
          <label for="triage-file">{t('triage.file')}</label>
          <p class="hint" id="triage-file-hint">
            {t('triage.fileHint')}
          </p>
          <input
            type="file"
            id="triage-file"
            name="file"
            accept=".ndjson,.jsonl,application/x-ndjson"
            aria-describedby="triage-file-hint"
          />
        </div>
        <button type="submit">{t('triage.submit')}</button>
      </form>
    </Layout>
  );
}

/** Whether the viewer may edit a record in this status, and so add sources to it. */
function mayAddTo(context: PageContext, status: RecordStatus): boolean {
  return status !== 'retracted' && context.viewer?.permissions.has(editPermission(status)) === true;
}

export function TriageResults(props: { context: PageContext; file: string; items: TriageItem[] }) {
  const { context, items } = props;
  const { t } = context;
  const relevant = items
    .filter((item) => item.incident > 0)
    .sort((a, b) => a.incident - b.incident || b.result.relevance - a.result.relevance);
  const aside = items.filter((item) => item.incident === 0);
  const incidents = [...new Set(relevant.map((item) => item.incident))];
  const articleRow = (item: TriageItem) => {
    const headline =
      item.article.headline ??
      item.result.record.sources?.[0]?.headline ??
      item.article.url ??
      t('triage.untitled');
    const { record } = item.result;
    return (
      <tr>
        <td>{context.formatNumber(item.index + 1)}</td>
        <td>{percent(item.result.relevance)}</td>
        <td>
          {item.article.url ? (
            <a href={item.article.url} rel="noopener noreferrer nofollow">
              {headline}
            </a>
          ) : (
            headline
          )}
          {item.result.reason && <p class="hint">{item.result.reason}</p>}
        </td>
        <td>
          {[
            record.location?.country,
            (record.companies ?? []).map((company) => company.name).join(', '),
            (record.issues ?? [])
              .slice(0, 3)
              .map((issue) => issueTerms.label(issue, context.language === 'ru' ? 'ru' : 'en'))
              .join(', '),
          ]
            .filter(Boolean)
            .join(' · ')}
        </td>
        <td>
          <form method="post" action="/records/from-article/read">
            <ArticleHiddenFields
              article={{
                text: item.article.text,
                headline: item.article.headline,
                date: item.article.date,
                url: item.article.url,
                publisher: item.article.publisher,
              }}
            />
            <button type="submit" class="secondary">
              {t('triage.review')}
            </button>
          </form>
        </td>
      </tr>
    );
  };
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
  return (
    <Layout context={context} title={t('triage.resultsTitle')}>
      <h1>{t('triage.resultsTitle')}</h1>
      <p>
        {t('triage.summary', {
          file: props.file,
          articles: context.formatNumber(items.length),
          relevant: context.formatNumber(relevant.length),
          incidents: context.formatNumber(incidents.length),
        })}
      </p>
      {incidents.map((incident) => {
        const group = relevant.filter((item) => item.incident === incident);
        const existing = group.flatMap((item) => item.existing)[0];
        return (
          <section class="incident" aria-labelledby={`incident-${incident}`}>
            <h2 id={`incident-${incident}`}>
              {t('triage.incident', { n: incident, articles: group.length })}
            </h2>
            {existing ? (
              <div class="flag">
                <p>
                  {t('triage.existing')} <a href={recordPath(existing)}>{existing.title}</a>{' '}
                  {t('triage.addSource')}
                </p>
                {mayAddTo(context, existing.status) && (
                  <form method="post" action={`/records/${existing.id}/sources`}>
                    <CsrfField context={context} />
                    {group
                      .flatMap((item) => item.result.record.sources?.slice(0, 1) ?? [])
                      .flatMap((source, index) =>
                        (['headline', 'url', 'publisher', 'published', 'excerpt'] as const).map((name) => (
                          <input type="hidden" name={`sources.${index}.${name}`} value={source[name] ?? ''} />
                        )),
                      )}
                    <button type="submit">{t('triage.addSources', { count: group.length })}</button>
                  </form>
                )}
              </div>
            ) : (
              <p class="hint">{t('triage.new')}</p>
            )}
            <table class="triage">
              {head}
              <tbody>{group.map(articleRow)}</tbody>
            </table>
          </section>
        );
      })}
      {aside.length > 0 && (
        <section aria-labelledby="set-aside">
          <h2 id="set-aside">{t('triage.setAside', { count: aside.length })}</h2>
          <table class="triage">
            {head}
            <tbody>{aside.map(articleRow)}</tbody>
          </table>
        </section>
      )}
    </Layout>
  );
}
