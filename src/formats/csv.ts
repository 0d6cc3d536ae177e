import { parse } from 'csv-parse/sync';
import { InputError, type InputIssue, messageOf, zodIssues } from '../domain/errors.ts';
import { invalidCsv } from './csv-problems.ts';
import { RecordInput, type StoredRecord } from '../domain/record.ts';
import { csvText, restoreCell } from './csv-cells.ts';
import { readTableRow, tableColumns, tableRow, type TableColumn, type TableLayout } from './record-table.ts';

/**
 * The record CSV: the table of `record-table.ts`, one row per record, opened by spreadsheets as UTF-8 (it
 * starts with a byte-order mark) and read back by `bhr import`. Text cells are guarded against spreadsheet
 * formulas when written (`csv-cells.ts`) and restored when read.
 */

/** Makes Excel and LibreOffice read the file as UTF-8 rather than the machine's legacy code page. */
export const UTF8_BOM = '\uFEFF';

/** Writes the record CSV, a line at a time. */
export class RecordCsvWriter {
  private readonly columns: TableColumn[];

  constructor(private readonly layout: TableLayout) {
    this.columns = tableColumns(layout);
  }

  header(): string {
    return UTF8_BOM + csvText([this.columns.map((column) => column.name)]);
  }

  line(record: StoredRecord | RecordInput): string {
    return csvText([tableRow(record, this.columns, this.layout)]);
  }
}

const json = (cell: string, what: string): unknown => {
  try {
    return JSON.parse(cell);
  } catch {
    throw new Error(`expected ${what} as JSON`);
  }
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Columns of CSV files written before the table had flat columns (lists as JSON), still read. */
const LEGACY_COLUMNS: Record<string, (cell: string, into: Record<string, unknown>) => void> = {
  companies: (cell, into) => (into.companies = cell ? json(cell, 'companies') : []),
  affectedGroups: (cell, into) => {
    const affected: Record<string, unknown> = isObject(into.affected) ? into.affected : {};
    affected.groups = cell ? json(cell, 'affected groups') : [];
    into.affected = affected;
  },
  sources: (cell, into) => (into.sources = cell ? json(cell, 'sources') : []),
  internalNotes: (cell, into) => {
    if (cell !== '') into.internalNotes = cell;
  },
};

const REQUIRED_COLUMNS = ['title', 'dateReported', 'locationCountry'];

/** Reads records from CSV written by `bhr export --format csv` or a download (or by hand with its columns). */
export function parseCsvRecords(text: string, file: string): RecordInput[] {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, {
      columns: true,
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (error) {
    throw invalidCsv(file, error);
  }
  const missing = REQUIRED_COLUMNS.filter((name) => rows.length > 0 && !(name in rows[0]!.record));
  if (missing.length > 0) {
    const expected = tableColumns({ publishedOnly: false }).map((column) => column.name);
    throw new InputError('invalid_csv', [
      {
        code: 'invalid_csv',
        file,
        line: 1,
        message: `missing column(s) ${missing.join(', ')}; expected ${expected.join(',')}`,
      },
    ]);
  }
  const issues: InputIssue[] = [];
  const records: RecordInput[] = [];
  for (const { record: raw, info } of rows) {
    let candidate: Record<string, unknown>;
    try {
      const row = Object.fromEntries(Object.entries(raw).map(([name, cell]) => [name, restoreCell(cell)]));
      candidate = readTableRow(row);
      for (const [name, read] of Object.entries(LEGACY_COLUMNS)) {
        if (row[name] !== undefined) read(row[name], candidate);
      }
    } catch (error) {
      issues.push({ code: 'invalid_csv', file, line: info.lines, message: messageOf(error) });
      continue;
    }
    const result = RecordInput.safeParse(candidate);
    if (result.success) records.push(result.data);
    else for (const issue of zodIssues(result.error, { file, line: info.lines })) issues.push(issue);
  }
  if (issues.length > 0) throw new InputError('invalid_record', issues);
  return records;
}
