import type { StoredRecord } from '../domain/record.ts';
import { csvHeaderLine, recordToCsvLine } from './csv.ts';
import { renderRecord } from './text/render.ts';

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv', 'text'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Turns a stream of records into a stream of text chunks in one export format, without holding them all. */
export async function* exportChunks(
  records: AsyncIterable<StoredRecord>,
  format: ExportFormat,
): AsyncIterable<string> {
  let first = true;
  if (format === 'csv') yield csvHeaderLine();
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
        yield recordToCsvLine(record);
        break;
      case 'text':
        yield (first ? '' : '\n') + renderRecord(record);
        break;
    }
    first = false;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}
