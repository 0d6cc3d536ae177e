import { parse } from 'csv-parse/sync';
import { InputError, type InputIssue, zodIssues } from '../domain/errors.ts';
import { RecordInput, type StoredRecord } from '../domain/record.ts';
import { csvText, restoreCell, type CsvCell } from './csv-cells.ts';

/**
 * CSV has one row per record. Scalar fields have a column each; lists of objects (companies, affected groups,
 * sources) are JSON in their cell and issues are `|`-separated ids, so that nothing is lost on a round trip.
 * Text cells are guarded against spreadsheet formulas when written (`csv-cells.ts`) and restored when read.
 */
interface Column {
  name: string;
  write(record: StoredRecord | RecordInput): CsvCell;
  read(cell: string, into: Record<string, unknown>): void;
}

const json = (value: unknown) => JSON.stringify(value);
const optional = (cell: string) => (cell === '' ? undefined : cell);
const setIf = (into: Record<string, unknown>, key: string, value: unknown) => {
  if (value !== undefined) into[key] = value;
};
const nested = (into: Record<string, unknown>, key: string) => (into[key] ??= {}) as Record<string, unknown>;
const readJson = (cell: string, what: string): unknown => {
  try {
    return JSON.parse(cell);
  } catch {
    throw new Error(`expected ${what} as JSON`);
  }
};

export const CSV_COLUMNS: readonly Column[] = [
  { name: 'id', write: (r) => r.id ?? '', read: (c, o) => setIf(o, 'id', optional(c)) },
  { name: 'slug', write: (r) => r.slug ?? '', read: (c, o) => setIf(o, 'slug', optional(c)) },
  { name: 'status', write: (r) => r.status ?? '', read: (c, o) => setIf(o, 'status', optional(c)) },
  { name: 'title', write: (r) => r.title, read: (c, o) => (o.title = c) },
  { name: 'summary', write: (r) => r.summary ?? '', read: (c, o) => setIf(o, 'summary', optional(c)) },
  { name: 'dateReported', write: (r) => r.dateReported, read: (c, o) => (o.dateReported = c) },
  {
    name: 'locationCountry',
    write: (r) => r.location.country,
    read: (c, o) => (nested(o, 'location').country = c),
  },
  {
    name: 'locationCity',
    write: (r) => r.location.city ?? '',
    read: (c, o) => setIf(nested(o, 'location'), 'city', optional(c)),
  },
  {
    name: 'companies',
    write: (r) => json(r.companies),
    read: (c, o) => (o.companies = c ? readJson(c, 'companies') : []),
  },
  {
    name: 'affectedTotal',
    write: (r) => r.affected.total ?? '',
    read: (c, o) => (nested(o, 'affected').total = c === '' ? null : Number(c)),
  },
  {
    name: 'affectedGroups',
    write: (r) => json(r.affected.groups),
    read: (c, o) => (nested(o, 'affected').groups = c ? readJson(c, 'affected groups') : []),
  },
  {
    name: 'issues',
    write: (r) => r.issues.join('|'),
    read: (c, o) => (o.issues = c ? c.split('|') : []),
  },
  {
    name: 'responseSought',
    write: (r) => String(r.response.sought),
    read: (c, o) => (o.response = { sought: c === 'true' ? true : c === 'false' ? false : c }),
  },
  {
    name: 'sourceType',
    write: (r) => r.sourceType ?? '',
    read: (c, o) => setIf(o, 'sourceType', optional(c)),
  },
  {
    name: 'sources',
    write: (r) => json(r.sources),
    read: (c, o) => (o.sources = c ? readJson(c, 'sources') : []),
  },
  {
    name: 'internalNotes',
    write: (r) => r.internalNotes ?? '',
    read: (c, o) => setIf(o, 'internalNotes', optional(c)),
  },
  {
    name: 'retractionReason',
    write: (r) => r.retractionReason ?? '',
    read: (c, o) => setIf(o, 'retractionReason', optional(c)),
  },
  {
    name: 'mergedInto',
    write: (r) => r.mergedInto ?? '',
    read: (c, o) => setIf(o, 'mergedInto', optional(c)),
  },
  {
    name: 'version',
    write: (r) => r.version ?? '',
    read: (c, o) => setIf(o, 'version', c === '' ? undefined : Number(c)),
  },
  { name: 'createdAt', write: (r) => r.createdAt ?? '', read: (c, o) => setIf(o, 'createdAt', optional(c)) },
  { name: 'updatedAt', write: (r) => r.updatedAt ?? '', read: (c, o) => setIf(o, 'updatedAt', optional(c)) },
];

export const CSV_HEADER = CSV_COLUMNS.map((column) => column.name);

export function csvHeaderLine(): string {
  return csvText([CSV_HEADER]);
}

export function recordToCsvLine(record: StoredRecord | RecordInput): string {
  return csvText([CSV_COLUMNS.map((column) => column.write(record))]);
}

/** Reads records from CSV written by `bhr export --format csv` (or by hand with the same columns). */
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
    const line = (error as { lines?: number }).lines ?? 1;
    throw new InputError('invalid_csv', [
      { code: 'invalid_csv', file, line, message: `invalid CSV: ${(error as Error).message}` },
    ]);
  }
  const issues: InputIssue[] = [];
  const missing = CSV_HEADER.filter((name) =>
    ['title', 'dateReported', 'locationCountry'].includes(name),
  ).filter((name) => rows.length > 0 && !(name in rows[0]!.record));
  if (missing.length > 0) {
    throw new InputError('invalid_csv', [
      {
        code: 'invalid_csv',
        file,
        line: 1,
        message: `missing column(s) ${missing.join(', ')}; expected ${CSV_HEADER.join(',')}`,
      },
    ]);
  }
  const records: RecordInput[] = [];
  for (const { record: row, info } of rows) {
    const candidate: Record<string, unknown> = {};
    try {
      for (const column of CSV_COLUMNS) {
        const cell = row[column.name];
        if (cell !== undefined) column.read(restoreCell(cell), candidate);
      }
    } catch (error) {
      issues.push({ code: 'invalid_csv', file, line: info.lines, message: (error as Error).message });
      continue;
    }
    const result = RecordInput.safeParse(candidate);
    if (result.success) records.push(result.data);
    else for (const issue of zodIssues(result.error, { file, line: info.lines })) issues.push(issue);
  }
  if (issues.length > 0) throw new InputError('invalid_record', issues);
  return records;
}
