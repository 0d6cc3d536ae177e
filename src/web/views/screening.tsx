import type { ScreenMatch, ScreenResult } from '../../matching/screen.ts';
import type { JSX } from 'preact';
import { SCREENING_DECISIONS } from '../../formats/screening-report.ts';
import { isMessageKey, type PageContext } from './context.ts';
import { companyPath, ScrollRegion } from './components.tsx';
import { fieldErrorParts, FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';

/** The screening pages: upload a list, see each name's best matches, decide on each, download the report. */

/** What the screening form was given, kept when it comes back with errors. */
export interface ScreeningFormState {
  names?: string;
  threshold: string;
  /** Messages by field: `list` (the file), `names`, `threshold`. */
  errors?: Record<string, string[]>;
}

export function ScreeningForm(props: { context: PageContext; state: ScreeningFormState }) {
  const { context, state } = props;
  const { t } = context;
  const errors = state.errors ?? {};
  const list = fieldErrorParts(errors.list ?? [], 'list', 'list-hint');
  const names = fieldErrorParts(errors.names ?? [], 'names');
  const threshold = fieldErrorParts(errors.threshold ?? [], 'threshold');
  const messages = Object.entries(errors).flatMap(([field, list]) => list.map((text) => ({ text, field })));
  return (
    <Layout context={context} title={t('screening.title')}>
      <h1>{t('screening.title')}</h1>
      <p>{t('screening.intro')}</p>
      <FormErrors title={t('form.problems')} messages={messages} idOf={(field) => field} />
      <form method="post" action="/screening" enctype="multipart/form-data" class="narrow">
        <div class={list.wrapper}>
          <label for="list">{t('screening.file')}</label>
          <p class="hint" id="list-hint">
            {t('screening.fileHint')}
          </p>
          {list.paragraph}
          <input type="file" id="list" name="list" accept=".csv,.xlsx,text/csv" {...list.attributes} />
        </div>
        <div class={names.wrapper}>
          <label for="names">{t('screening.paste')}</label>
          {names.paragraph}
          <textarea id="names" name="names" rows={6} {...names.attributes}>
            {state.names ?? ''}
          </textarea>
        </div>
        <div class={threshold.wrapper}>
          <label for="threshold">{t('screening.threshold')}</label>
          {threshold.paragraph}
          <input
            type="text"
            inputMode="decimal"
            id="threshold"
            name="threshold"
            value={state.threshold}
            {...threshold.attributes}
          />
        </div>
        <button type="submit">{t('screening.submit')}</button>
      </form>
      <p class="hint">{t('screening.privacy')}</p>
    </Layout>
  );
}

export function ScreeningResults(props: {
  context: PageContext;
  file: string;
  threshold: number;
  /** The score from which a result that is not a match is a possible match, to review. */
  reviewThreshold: number;
  results: ScreenResult[];
  problems: string[];
}) {
  const { context, results } = props;
  const { t } = context;
  const matched = results.filter((result) => result.matches.some((match) => match.band === 'match')).length;
  // Names whose best is a possible match: counted apart, so that a reviewer sees what might be missed.
  const possible = results.filter(
    (result) =>
      result.matches.some((match) => match.band === 'review') &&
      !result.matches.some((match) => match.band === 'match'),
  ).length;
  return (
    <Layout context={context} title={t('screening.resultsTitle')}>
      <h1>{t('screening.resultsTitle')}</h1>
      <p>
        {t('screening.summary', {
          file: props.file,
          names: results.length,
          matched,
          possible,
          threshold: props.threshold.toLocaleString(context.language),
          review: Math.min(props.reviewThreshold, props.threshold).toLocaleString(context.language),
        })}
      </p>
      <p class="hint">{t('screening.bands')}</p>
      <FormErrors title={t('screening.problems')} messages={props.problems} />
      <form method="post" action="/screening/report">
        <input type="hidden" name="file" value={props.file} />
        <input type="hidden" name="threshold" value={String(props.threshold)} />
        <ScrollRegion label={t('screening.resultsTitle')}>
          <table class="screening">
            <thead>
              <tr>
                <th scope="col">{t('screening.input')}</th>
                <th scope="col">{t('screening.match')}</th>
                <th scope="col">{t('screening.score')}</th>
                <th scope="col">{t('screening.allegations')}</th>
                <th scope="col">{t('screening.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((result, row) => {
                const shown = result.matches.filter((match) => match.band !== undefined);
                const inputCell = (
                  <th scope="row" rowSpan={Math.max(1, shown.length)}>
                    {result.input.name}
                    {result.input.country && <span class="meta"> ({result.input.country})</span>}
                    {result.input.id && <span class="meta"> #{result.input.id}</span>}
                    <input type="hidden" name={`rows.${row}.name`} value={result.input.name} />
                    <input type="hidden" name={`rows.${row}.country`} value={result.input.country ?? ''} />
                    <input type="hidden" name={`rows.${row}.id`} value={result.input.id ?? ''} />
                    <input type="hidden" name={`rows.${row}.error`} value={result.error ?? ''} />
                  </th>
                );
                if (shown.length === 0) {
                  return (
                    <tr>
                      {inputCell}
                      <td colSpan={4}>
                        {result.error ? <span class="error">{result.error}</span> : t('screening.none')}
                      </td>
                    </tr>
                  );
                }
                return shown.map((match, rank) => (
                  <MatchRow
                    context={context}
                    match={match}
                    input={result.input.name}
                    row={row}
                    rank={rank}
                    inputCell={inputCell}
                  />
                ));
              })}
            </tbody>
          </table>
        </ScrollRegion>
        <p class="actions">
          <button type="submit" name="format" value="csv">
            {t('screening.download')}
          </button>{' '}
          <button type="submit" name="format" value="xlsx">
            {t('screening.downloadExcel')}
          </button>
        </p>
      </form>
    </Layout>
  );
}

/** One candidate for a name of the list: who it is, why it matched, its score, its allegations, and the decision. */
function MatchRow(props: {
  context: PageContext;
  match: ScreenMatch;
  /** The name on the list: two names may have the same candidate, and each decision says which it is for. */
  input: string;
  /** The name's row in the list, and the candidate's rank among its matches shown. */
  row: number;
  rank: number;
  /** The cell naming the input, spanning the name's rows: written on the first only. */
  inputCell: JSX.Element;
}) {
  const { context, match, row, rank } = props;
  const { t } = context;
  const prefix = `rows.${row}.matches.${rank}`;
  const id = `decision-${row}-${rank}`;
  return (
    <tr class={match.band === 'match' ? 'is-match' : 'is-possible'}>
      {rank === 0 && props.inputCell}
      <td>
        {/* A company page exists where published records name the company. */}
        {match.allegations > 0 ? (
          <a href={context.href(companyPath(match.companyId))}>{match.name}</a>
        ) : (
          match.name
        )}
        <ul class="explanations">
          {match.explanations.map((explanation) => (
            <li>
              {featureLabel(context, explanation.feature)}
              {explanation.score !== 0 && (
                <span class="contribution">
                  {' '}
                  ({explanation.score > 0 ? '+' : ''}
                  {explanation.score.toFixed(1)})
                </span>
              )}
              : {explanation.detail}
            </li>
          ))}
        </ul>
        <input type="hidden" name={`${prefix}.companyId`} value={match.companyId} />
        <input type="hidden" name={`${prefix}.name`} value={match.name} />
        <input type="hidden" name={`${prefix}.score`} value={String(match.score)} />
        <input type="hidden" name={`${prefix}.match`} value={String(match.match)} />
        <input type="hidden" name={`${prefix}.band`} value={match.band ?? ''} />
        <input type="hidden" name={`${prefix}.allegations`} value={String(match.allegations)} />
        <input
          type="hidden"
          name={`${prefix}.via`}
          value={(match.viaSubsidiaries ?? [])
            .map((company) => `${company.name} (${company.allegations})`)
            .join('; ')}
        />
      </td>
      <td>
        {match.score.toFixed(2)}{' '}
        <span class={`band band-${match.band ?? 'none'}`}>
          {match.band === 'match' ? t('screening.isMatch') : t('screening.isPossible')}
        </span>
      </td>
      <td>
        {context.formatNumber(match.allegations)}
        {match.viaSubsidiaries && match.viaSubsidiaries.length > 0 && (
          <p class="meta">
            {t('screening.via')}{' '}
            {match.viaSubsidiaries.map((company, index) => (
              <>
                {index > 0 && ', '}
                <a href={context.href(companyPath(company.companyId))}>{company.name}</a> (
                {context.formatNumber(company.allegations)})
              </>
            ))}
          </p>
        )}
      </td>
      <td>
        <label class="visually-hidden" for={id}>
          {t('screening.decisionFor', { name: match.name, input: props.input })}
        </label>
        <select id={id} name={`${prefix}.decision`}>
          {SCREENING_DECISIONS.map((decision) => (
            <option value={decision}>{t(`screening.${decision}` as const)}</option>
          ))}
        </select>
      </td>
    </tr>
  );
}

/** A matcher feature's name for people ("Same words"), or its id for a feature the table does not name. */
function featureLabel(context: PageContext, feature: string): string {
  const key = `feature.${feature}`;
  return isMessageKey(key) ? context.t(key) : feature;
}
