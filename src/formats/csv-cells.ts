import { stringify } from 'csv-stringify/sync';

/**
 * Every CSV the app writes goes through `csvText`, so that no cell reaches a spreadsheet as a formula
 * (OWASP, "CSV Injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading `'`, which spreadsheets read as "this is text". Numbers are written as numbers, never prefixed.
 */

/** A cell of a CSV the app writes: text, or a number written as a number. */
export type CsvCell = string | number;

// A run of quotes before a trigger is guarded too, so that `restoreCell` can tell the quote it added from one
// that was in the value: the guard is then always exactly one more quote, and reading back is lossless.
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** A text cell as a spreadsheet will show it and never run it. */
export function guardCell(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

/** The value `guardCell` was given: the quote it added, removed. */
export function restoreCell(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

/** Rows as CSV text, every text cell guarded. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((row) => row.map((cell) => (typeof cell === 'string' ? guardCell(cell) : cell))));
}
