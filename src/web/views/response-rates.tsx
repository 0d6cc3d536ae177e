import type { RateRow } from '../../responses/rates.ts';
import { type PageContext, messageFor } from './context.ts';
import { FormErrors } from './forms.tsx';
import { Layout } from './layout.tsx';

/** The public page of response rates, with the period and grouping in the query, and the figures as CSV. */
export function ResponseRatesPage(props: {
  context: PageContext;
  query: { by: 'company' | 'sector' | 'country'; from?: string; to?: string };
  rows: RateRow[];
  total: RateRow;
  label: (key: string) => string;
  csvHref: string;
  errors: string[];
}) {
  const { context, query } = props;
  const { t } = context;
  const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 1000) / 10}%`);
  const row = (rate: RateRow, label: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{context.formatNumber(rate.requested)}</td>
      <td>{context.formatNumber(rate.responded)}</td>
      <td>{context.formatNumber(rate.declined)}</td>
      <td>{context.formatNumber(rate.noResponse)}</td>
      <td>{context.formatNumber(rate.awaited)}</td>
      <td>{percent(rate.rate)}</td>
    </tr>
  );
  return (
    <Layout context={context} title={t('rates.title')}>
      <h1>{t('rates.title')}</h1>
      <p>{t('rates.intro')}</p>
      <FormErrors title={t('form.problems')} messages={props.errors} />
      <form method="get" action="/response-rates" class="inline">
        <input type="hidden" name="lang" value={context.language} />
        <label for="by">{t('rates.by')}</label>{' '}
        <select id="by" name="by">
          {(['company', 'sector', 'country'] as const).map((by) => (
            <option value={by} selected={query.by === by}>
              {messageFor(t, `rates.by${by[0]!.toUpperCase()}${by.slice(1)}`)}
            </option>
          ))}
        </select>{' '}
        <label for="from">{t('rates.from')}</label>{' '}
        <input id="from" type="date" name="from" value={query.from ?? ''} />{' '}
        <label for="to">{t('rates.to')}</label> <input id="to" type="date" name="to" value={query.to ?? ''} />{' '}
        <button type="submit">{t('rates.show')}</button>
      </form>
      {props.total.requested === 0 ? (
        <p>{t('rates.none')}</p>
      ) : (
        <>
          <table class="rates">
            <thead>
              <tr>
                <th scope="col">{t('rates.group')}</th>
                <th scope="col">{t('rates.requested')}</th>
                <th scope="col">{t('rates.responded')}</th>
                <th scope="col">{t('rates.declined')}</th>
                <th scope="col">{t('rates.noResponse')}</th>
                <th scope="col">{t('rates.awaited')}</th>
                <th scope="col">{t('rates.rate')}</th>
              </tr>
            </thead>
            <tbody>{props.rows.map((rate) => row(rate, props.label(rate.key)))}</tbody>
            <tfoot>{row(props.total, t('rates.total'))}</tfoot>
          </table>
          <p>
            <a href={props.csvHref}>{t('rates.csv')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
