import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { StoredRecord } from '../domain/record.ts';
import { xmlSafe } from './xml-chars.ts';
import { tableColumns, tableRow, type TableCell, type TableLayout } from './record-table.ts';

/**
 * The record table (`record-table.ts`) as an Excel workbook, written row by row with exceljs's streaming
 * writer. Every text is written as a string cell and every number as a number, never as a formula: a title
 * starting with `=` is shown, not run, so no guard quote is needed and the values are exactly the records'.
 */

/** The most characters an Excel cell holds; a longer text makes Excel refuse the file. */
export const XLSX_CELL_CHARACTERS = 32_767;
const CUT_MARK = ' […]';

/** A cell's text as a workbook can hold it: without XML-invalid characters, cut to Excel's cell size. */
export function workbookText(text: string): string {
  const clean = xmlSafe(text);
  if (clean.length <= XLSX_CELL_CHARACTERS) return clean;
  let end = XLSX_CELL_CHARACTERS - CUT_MARK.length;
  if (/[\uD800-\uDBFF]/.test(clean[end - 1]!)) end -= 1;
  return clean.slice(0, end) + CUT_MARK;
}

const cellValue = (cell: TableCell) => (typeof cell === 'number' ? cell : workbookText(cell));

/** Writes every record to `output` as a one-sheet workbook; resolves once the workbook is complete. */
export async function writeRecordWorkbook(
  records: AsyncIterable<StoredRecord>,
  layout: TableLayout,
  output: Writable,
  sheetName = 'Records',
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = tableColumns(layout);
  sheet.columns = columns.map((column) => ({ header: column.name, key: column.name, width: 18 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const record of records) {
    sheet.addRow(tableRow(record, columns, layout).map(cellValue)).commit();
  }
  sheet.commit();
  await workbook.commit();
}
