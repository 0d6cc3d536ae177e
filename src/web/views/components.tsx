import { isSynthetic } from '../../demo/provenance.ts';
import type { ComponentChildren } from 'preact';
import type { StoredRecord } from '../../domain/record.ts';
import { MIN_REQUESTS_FOR_RATE, responseRate } from '../../domain/response.ts';
import type { Segment } from '../../search/snippet.ts';
import type { PageContext } from './context.ts';

export function recordPath(record: Pick<StoredRecord, 'slug'>): string {
  return `/records/${encodeURIComponent(record.slug)}`;
}

export function companyPath(id: string): string {
  return `/companies/${encodeURIComponent(id)}`;
}

/** Text with the matched terms marked; every segment is escaped by the renderer. */
export function Highlighted(props: { segments: Segment[] }) {
  return <>{props.segments.map((segment) => (segment.match ? <mark>{segment.text}</mark> : segment.text))}</>;
}

/** One record in a list: title, date, place, companies, issues, and an optional snippet. */
export function RecordItem(props: {
  context: PageContext;
  record: StoredRecord;
  snippet?: Segment[];
  note?: string;
}) {
  const { context, record } = props;
  const { labels } = context;
  return (
    <li class="record-item">
      <h3>
        <a href={context.href(recordPath(record))}>{record.title}</a>
        {isSynthetic(record) && (
          <>
            {' '}
            <span class="badge synthetic">{context.t('record.syntheticBadge')}</span>
          </>
        )}
      </h3>
      <p class="meta">
        <time dateTime={record.dateReported}>{context.formatDate(record.dateReported)}</time>
        {' · '}
        {labels.country(record.location.country)}
        {record.companies.length > 0 &&
          ` · ${[...new Set(record.companies.map((company) => company.name))].join(', ')}`}
      </p>
      {props.note && <p class="note">{props.note}</p>}
      {props.snippet && props.snippet.length > 0 && (
        <p class="snippet">
          <Highlighted segments={props.snippet} />
        </p>
      )}
      {record.issues.length > 0 && (
        <ul class="tags" aria-label={context.t('record.issues')}>
          {record.issues.map((issue) => (
            <li>{labels.issue(issue)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** A small table of values and counts, e.g. records by issue. */
export function CountTable(props: {
  context: PageContext;
  caption: string;
  /** The heading of the value column, e.g. "Issue". */
  valueHeading?: string;
  rows: { label: string; count: number; href?: string }[];
}) {
  const { context } = props;
  if (props.rows.length === 0) return null;
  return (
    <table class="counts">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.valueHeading ?? context.t('table.value')}</th>
          <th scope="col">{context.t('table.count')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            <th scope="row">{row.href ? <a href={row.href}>{row.label}</a> : row.label}</th>
            <td>{context.formatNumber(row.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A wide table's box: it scrolls sideways on a narrow screen, never the page; focusable so that keys scroll it. */
export function ScrollRegion(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll-region" role="region" aria-label={props.label} tabindex={0}>
      {props.children}
    </div>
  );
}

/**
 * Text as its writer laid it out: paragraphs at blank lines, line breaks (numbered questions, lists) kept;
 * escaped like any text.
 */
export function Paragraphs(props: { text: string }) {
  const paragraphs = props.text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((paragraph) => (
        <p>{paragraph.split('\n').flatMap((line, index) => (index === 0 ? [line] : [<br />, line]))}</p>
      ))}
    </>
  );
}

/** A response rate as a percentage, or, below the fewest requests a rate rests on, a note saying so. */
export function rateText(context: PageContext, responded: number, requested: number): string {
  const rate = responseRate(responded, requested);
  return rate === null
    ? context.t('rates.tooFew', { min: MIN_REQUESTS_FOR_RATE })
    : `${Math.round(rate * 100)}%`;
}

/** The header row of a table, one column heading each. */
export function TableHead(props: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th scope="col">{column}</th>
        ))}
      </tr>
    </thead>
  );
}

/** A moment in UTC as editors read it: "2026-03-01 12:00:00 UTC". */
export const when = (iso: string) => iso.replace('T', ' ').slice(0, 19) + ' UTC';
