import { CsvError } from 'csv-parse/sync';
import { InputError } from '../domain/errors.ts';
import { messageOf } from '../domain/errors.ts';

/** The line csv-parse had reached when it failed (1 when the error does not say). */
export function csvErrorLine(error: unknown): number {
  const lines = error instanceof CsvError ? error.lines : undefined;
  return typeof lines === 'number' ? lines : 1;
}

/** Whether csv-parse refused a row longer than its record-size bound. */
export function isRowTooLong(error: unknown): boolean {
  return error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE';
}

/** A file csv-parse could not read, as the input error naming its file and line. */
export function invalidCsv(file: string, error: unknown): InputError {
  return new InputError('invalid_csv', [
    { code: 'invalid_csv', file, line: csvErrorLine(error), message: `invalid CSV: ${messageOf(error)}` },
  ]);
}
