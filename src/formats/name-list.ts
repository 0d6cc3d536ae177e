import { parse } from 'csv-parse/sync';
import { InputError } from '../domain/errors.ts';
import { csvErrorLine, invalidCsv, isRowTooLong } from './csv-problems.ts';

/**
 * Lists of names in CSV (supplier lists, portfolios, company files): a header row naming the columns, then one
 * row per name. A line that is not valid UTF-8 is reported and skipped, not fatal: the rest of the list is
 * still read. A missing required column is fatal, since no row could be read without it.
 */

export interface ListRow {
  /** The line of the file the row starts on. */
  line: number;
  values: Record<string, string>;
}

export interface ListProblem {
  line: number;
  message: string;
}

export interface NameList {
  rows: ListRow[];
  problems: ListProblem[];
}

/** How much of a list is read: rows past `rows` are not read (a problem says so), a longer cell is refused. */
export interface ListBounds {
  rows: number;
  cellCharacters: number;
}

/** Cells a row's buffer holds at the longest, before a row is refused without reading it further. */
const ROW_CELLS = 16;

/** Unbounded, for a file the operator names at the command line. */
export const UNBOUNDED: ListBounds = { rows: Number.MAX_SAFE_INTEGER, cellCharacters: 1_000_000 };

/** The refusal of a cell longer than a list may hold. */
export function cellTooLong(
  file: string,
  line: number,
  bounds: Pick<ListBounds, 'cellCharacters'>,
  what: 'cell' | 'row' = 'cell',
): InputError {
  return new InputError('cell_too_long', [
    {
      code: 'cell_too_long',
      file,
      line,
      message: `a ${what} is longer than ${bounds.cellCharacters.toLocaleString('en')} characters, the most a list may hold (a name, a country and an id): check the file's columns and delimiter`,
    },
  ]);
}

/** What a list says when it had more rows than are read. */
export function rowsLeftOut(line: number, bounds: ListBounds): ListProblem {
  return {
    line,
    message: `the list has more than ${bounds.rows.toLocaleString('en')} rows: only the first ${bounds.rows.toLocaleString('en')} are read (split the list, or use bhr screen or the API)`,
  };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes line by line, so that one badly encoded line costs that line only. */
function decodeLines(bytes: Uint8Array, problems: ListProblem[]): string {
  const lines: string[] = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index < bytes.length && bytes[index] !== 0x0a) continue;
    const slice = bytes.subarray(start, index);
    try {
      lines.push(decoder.decode(slice));
    } catch {
      problems.push({
        line: lines.length + 1,
        message:
          'not valid UTF-8 (save the file as UTF-8; spreadsheets offer "CSV UTF-8"): the row is skipped',
      });
      lines.push('');
    }
    start = index + 1;
  }
  return lines.join('\n');
}

export function readNameList(
  bytes: Uint8Array,
  file: string,
  columns: { required: string[]; optional: string[] },
  bounds: ListBounds = UNBOUNDED,
): NameList {
  const problems: ListProblem[] = [];
  const text = decodeLines(bytes, problems).replace(/^\uFEFF/, '');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      relax_quotes: true,
      // The header, the rows read, and one more to know that there were more.
      to: bounds.rows + 2,
      // The row's buffer: a few cells of the longest length; each cell is checked on its own below.
      max_record_size: ROW_CELLS * bounds.cellCharacters,
    }) as unknown as typeof records;
  } catch (error) {
    if (isRowTooLong(error))
      throw cellTooLong(
        file,
        csvErrorLine(error),
        { ...bounds, cellCharacters: ROW_CELLS * bounds.cellCharacters },
        'row',
      );
    throw invalidCsv(file, error);
  }
  const extra = records.length > bounds.rows + 1 ? records.pop() : undefined;
  if (extra) problems.push(rowsLeftOut(extra.info.lines, bounds));
  for (const { record, info } of records)
    if (record.some((cell) => cell.length > bounds.cellCharacters))
      throw cellTooLong(file, info.lines, bounds);
  return listFromRows(
    records.map(({ record, info }) => ({ cells: record, line: info.lines })),
    file,
    columns,
    problems,
  );
}

/** Rows of cells (from CSV or a spreadsheet), the first the header, into a list by column name. */
export function listFromRows(
  rows: { cells: string[]; line: number }[],
  file: string,
  columns: { required: string[]; optional: string[] },
  problems: ListProblem[] = [],
): NameList {
  const records = rows.map(({ cells, line }) => ({ record: cells, info: { lines: line } }));
  const [header, ...body] = records;
  if (!header) {
    throw new InputError('invalid_csv', [
      {
        code: 'invalid_csv',
        file,
        line: 1,
        message: `the file is empty: expected a header row with ${columns.required.join(', ')}`,
      },
    ]);
  }
  const names = header.record.map((cell) =>
    cell
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const missing = columns.required.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new InputError('invalid_csv', [
      {
        code: 'invalid_csv',
        file,
        line: header.info.lines,
        message: `missing column ${missing.join(', ')}; the header has ${names.join(', ') || 'nothing'} (columns: ${[...columns.required, ...columns.optional].join(', ')})`,
      },
    ]);
  }
  const known = new Set([...columns.required, ...columns.optional]);
  const listRows = body.map(({ record, info }) => {
    const values: Record<string, string> = {};
    names.forEach((name, index) => {
      if (known.has(name)) values[name] = (record[index] ?? '').trim();
    });
    if (record.length > names.length) {
      problems.push({
        line: info.lines,
        message: `${record.length} cells for ${names.length} columns: the extra cells are ignored`,
      });
    }
    return { line: info.lines, values };
  });
  return { rows: listRows, problems: problems.sort((a, b) => a.line - b.line) };
}
