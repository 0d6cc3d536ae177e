import type { JSX } from 'preact';
import { METADATA_EVIDENCE, type ExtractionResult } from '../../extract/model.ts';
import { ACCEPTED_CONFIDENCE, type ReviewRow } from '../forms/draft-review.ts';
import { highlightedArticle, shownEvidence } from '../forms/evidence-marks.ts';
import type { MessageKey } from '../i18n.ts';
import type { PageContext } from './context.ts';
import { CsrfField, fieldErrorParts, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';

/**
 * Assisted extraction in the web app: paste or upload an article, review the proposed draft beside the
 * article (evidence highlighted), accept, fix or reject each proposal, save a draft record.
 */

export interface ArticleFields {
  text?: string;
  headline?: string;
  date?: string;
  url?: string;
  publisher?: string;
}

/** The article's own fields, carried from page to page. */
export function ArticleHiddenFields(props: { article: ArticleFields }) {
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

export function ArticleForm(props: {
  context: PageContext;
  /** Messages by field (`text`, `file`, `date`, `url`...); '' for those of the whole form. */
  errors?: Record<string, string[]>;
  article?: ArticleFields;
}) {
  const { context } = props;
  const { t } = context;
  const article = props.article ?? {};
  const errors = props.errors ?? {};
  const messages = Object.entries(errors).flatMap(([field, list]) =>
    list.map((text) => (field ? { text, field: `article-${field}` } : text)),
  );
  const problem = (field: string, hint?: string) =>
    fieldErrorParts(errors[field] ?? [], `article-${field}`, hint);
  const text = problem('text', 'article-text-hint');
  const file = problem('file');
  const date = problem('date');
  const url = problem('url');
  return (
    <Layout context={context} title={t('article.title')}>
      <h1>{t('article.title')}</h1>
      <p>{t('article.intro')}</p>
      <FormErrors title={t('form.problems')} messages={messages} idOf={(field) => field} />
      <form
        method="post"
        action={context.href('/records/from-article/read')}
        enctype="multipart/form-data"
        class="narrow"
      >
        <div class={text.wrapper}>
          <label for="article-text">{t('article.paste')}</label>
          <p class="hint" id="article-text-hint">
            {t('article.pasteHint')}
          </p>
          {text.paragraph}
          <textarea id="article-text" name="text" rows={14} {...text.attributes}>
            {article.text ?? ''}
          </textarea>
        </div>
        <div class={file.wrapper}>
          <label for="article-file">{t('article.file')}</label>
          {file.paragraph}
          <input
            type="file"
            id="article-file"
            name="file"
            accept=".txt,.html,.htm,text/plain,text/html"
            {...file.attributes}
          />
        </div>
        <div class="field">
          <label for="article-headline">{t('article.headline')}</label>
          <input type="text" id="article-headline" name="headline" value={article.headline ?? ''} />
        </div>
        <div class={date.wrapper}>
          <label for="article-date">{t('article.date')}</label>
          {date.paragraph}
          <input type="date" id="article-date" name="date" value={article.date ?? ''} {...date.attributes} />
        </div>
        <div class={url.wrapper}>
          <label for="article-url">{t('article.url')}</label>
          {url.paragraph}
          <input type="url" id="article-url" name="url" value={article.url ?? ''} {...url.attributes} />
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

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

function ReviewFieldInput(props: { field: ReviewRow['fields'][number]; id: string; context: PageContext }) {
  const { field, id, context } = props;
  const label = context.t(field.label as MessageKey);
  const hintId = field.hint ? `${id}-hint` : undefined;
  const described = hintId ? { 'aria-describedby': hintId } : {};
  const input =
    field.kind === 'select' ? (
      <select id={id} name={field.name} {...described}>
        {(field.options ?? []).map((option) => (
          <option value={option.value} selected={option.value === field.value}>
            {option.label}
          </option>
        ))}
      </select>
    ) : field.kind === 'textarea' ? (
      <textarea id={id} name={field.name} rows={field.name.endsWith('.excerpt') ? 8 : 4} {...described}>
        {field.value}
      </textarea>
    ) : (
      <input
        id={id}
        name={field.name}
        type={field.kind === 'date' ? 'date' : 'text'}
        inputMode={field.kind === 'number' ? 'numeric' : undefined}
        value={field.value}
        {...described}
      />
    );
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {field.hint && (
        <p class="hint" id={hintId}>
          {context.t(field.hint as MessageKey)}
        </p>
      )}
      {input}
    </div>
  );
}

/** For each mark in the article, the headings of the rows its words back, as the mark's tooltip. */
function rowsByMark(
  result: ExtractionResult,
  rows: readonly ReviewRow[],
  t: PageContext['t'],
): Map<number, string> {
  const headings = new Map<number, string[]>();
  for (const row of rows)
    for (const index of row.evidence) {
      const shown = shownEvidence(result, index);
      if (shown === undefined) continue;
      const heading = `${t(row.heading as MessageKey)}${row.number ? ` ${row.number}` : ''}`;
      const list = headings.get(shown) ?? [];
      if (!list.includes(heading)) list.push(heading);
      headings.set(shown, list);
    }
  return new Map([...headings].map(([index, list]) => [index, list.join(', ')]));
}

const METADATA_MESSAGES = new Map<string, MessageKey>(
  Object.entries(METADATA_EVIDENCE).map(([key, sentence]) => [
    sentence,
    `article.evidence.${key}` as MessageKey,
  ]),
);

/** What a value told by metadata rests on, in the page's language; a publisher's name or address as it is. */
function metadataSentence(sentence: string, t: PageContext['t']): string {
  const key = METADATA_MESSAGES.get(sentence);
  return key ? t(key) : sentence;
}

/** The words of the article behind a row, each linked to where it is marked in the article. */
function EvidenceList(props: { result: ExtractionResult; row: ReviewRow; t: PageContext['t'] }) {
  const { result, row, t } = props;
  const items = new Map<string, JSX.Element>();
  for (const index of row.evidence) {
    const item = result.evidence[index]!;
    const shown = shownEvidence(result, index);
    if (shown !== undefined) {
      const words = result.text.slice(item.start, item.end);
      items.set(`#${shown}`, <a href={`#evidence-${shown}`}>“{words}”</a>);
    } else if (item.end === item.start)
      items.set(item.sentence, <span>{metadataSentence(item.sentence, t)}</span>);
  }
  if (items.size === 0) return null;
  return (
    <ul class="evidence-list">
      {[...items.values()].slice(0, 3).map((item) => (
        <li>{item}</li>
      ))}
    </ul>
  );
}

export function DraftReview(props: {
  context: PageContext;
  article: ArticleFields;
  result: ExtractionResult;
  rows: ReviewRow[];
  messages?: string[];
  /** The article of the triage queue this review started from, marked done when the draft is saved. */
  triageId?: string;
}) {
  const { context, result, rows } = props;
  const { t } = context;
  const pieces = highlightedArticle(result);
  const marksOf = rowsByMark(result, rows, t);
  return (
    <Layout context={context} title={t('article.reviewTitle')}>
      <h1>{t('article.reviewTitle')}</h1>
      <p>
        {t('article.relevance', { percent: percent(result.relevance) })}{' '}
        {result.relevance >= 0.5 ? t('article.relevant') : t('article.notRelevant')}
      </p>
      <p class="hint">{t('article.reviewIntro', { threshold: percent(ACCEPTED_CONFIDENCE) })}</p>
      <FormErrors title={t('form.problems')} messages={props.messages ?? []} />
      <div class="review">
        <section class="article" aria-labelledby="article-heading">
          <h2 id="article-heading">{t('article.text')}</h2>
          <div class="article-text">
            {pieces.map((piece) =>
              piece.evidence === undefined ? (
                piece.text
              ) : (
                <mark id={`evidence-${piece.evidence}`} class="evidence" title={marksOf.get(piece.evidence)}>
                  {piece.text}
                </mark>
              ),
            )}
          </div>
        </section>
        <section class="proposals" aria-labelledby="proposals-heading">
          <h2 id="proposals-heading">{t('article.proposals')}</h2>
          {rows.length === 0 && <p>{t('article.nothing')}</p>}
          <form method="post" action={context.href('/records/from-article')}>
            <CsrfField context={context} />
            <ArticleHiddenFields article={props.article} />
            {props.triageId && <input type="hidden" name="triage" value={props.triageId} />}
            {rows.map((row, index) => {
              const heading = `${t(row.heading as MessageKey)}${row.number ? ` ${row.number}` : ''}`;
              const lowId = `proposal-${index}-low`;
              return (
                <fieldset
                  class={`proposal${row.low ? ' low' : ''}`}
                  data-row={row.key}
                  {...(row.low ? { 'aria-describedby': lowId } : {})}
                >
                  <legend>
                    {heading}{' '}
                    {row.proposed && (
                      <span class="confidence">
                        {t('article.confidence', { percent: percent(row.confidence) })}
                      </span>
                    )}
                  </legend>
                  {row.low && (
                    <p class="low-confidence" id={lowId}>
                      <strong>{t(row.proposed ? 'article.lowConfidence' : 'article.nothingProposed')}</strong>{' '}
                      {t(row.proposed ? 'article.lowConfidenceHint' : 'article.nothingProposedHint')}
                    </p>
                  )}
                  {row.fields.map((field, fieldIndex) => (
                    <ReviewFieldInput
                      field={field}
                      id={`proposal-${index}-${fieldIndex}`}
                      context={context}
                    />
                  ))}
                  <EvidenceList result={result} row={row} t={t} />
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
          <script src="/static/review.js" defer />
        </section>
      </div>
    </Layout>
  );
}
