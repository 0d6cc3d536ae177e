import type { StoredRecord } from '../domain/record.ts';
import { RecordCsvWriter } from './csv.ts';
import type { TableLayout } from './record-table.ts';
import { renderRecord } from './text/render.ts';

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv', 'text'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the spreadsheet table of a CSV export needs to know; the other formats write every field as it is. */
export type ExportOptions = TableLayout;

/**
 * Turns a stream of records into a stream of text chunks in one export format, without holding them all.
 * NDJSON and JSON are the full-fidelity forms; CSV is the spreadsheet table of `record-table.ts`.
 */
export async function* exportChunks(
  records: AsyncIterable<StoredRecord>,
  format: ExportFormat,
  options: ExportOptions = { publishedOnly: false },
): AsyncIterable<string> {
  let first = true;
  const csv = format === 'csv' ? new RecordCsvWriter(options) : undefined;
  if (csv) yield csv.header();
  if (format === 'json') yield '[';
  for await (const record of records) {
    switch (format) {
      case 'ndjson':
        yield JSON.stringify(record) + '\n';
        break;
      case 'json':
        yield (first ? '\n' : ',\n') + JSON.stringify(record);
        break;
      case 'csv':
        yield csv!.line(record);
        break;
      case 'text':
        yield (first ? '' : '\n') + renderRecord(record);
        break;
    }
    first = false;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}
