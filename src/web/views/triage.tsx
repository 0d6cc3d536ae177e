import { editPermission } from '../../domain/access.ts';
import type { RecordStatus } from '../../domain/record.ts';
import { issueTerms } from '../../domain/taxonomy.ts';
import type { TriageItem } from '../../extract/triage.ts';
import { ArticleHiddenFields, percent } from './article.tsx';
import type { PageContext } from './context.ts';
import { recordPath } from './components.tsx';
import { CsrfField, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';

/** The triage pages: upload many articles, see them scored, grouped by incident and matched to records. */

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
