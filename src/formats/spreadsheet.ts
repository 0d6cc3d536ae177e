import ExcelJS from 'exceljs';
import { InputError } from '../domain/errors.ts';
import { listFromRows, type NameList } from './name-list.ts';

/** The text a cell shows, whatever its kind (text, number, date, formula result, rich text, link). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

/** A list of names from the first sheet of an Excel workbook (.xlsx): a header row, then one row per name. */
export async function readSpreadsheetList(
  bytes: Uint8Array,
  file: string,
  columns: { required: string[]; optional: string[] },
): Promise<NameList> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new InputError('invalid_xlsx', [
      {
        code: 'invalid_xlsx',
        file,
        message: 'not an Excel workbook (.xlsx) that can be read: save it again as .xlsx or CSV UTF-8',
      },
    ]);
  }
  const sheet = workbook.worksheets[0];
  const rows: { cells: string[]; line: number }[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as ExcelJS.CellValue[];
    // Row values start at index 1 (column A).
    const cells = values.slice(1).map(cellText);
    if (cells.some((cell) => cell.trim())) rows.push({ cells, line: number });
  });
  return listFromRows(rows, file, columns);
}
