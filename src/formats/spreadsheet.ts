import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { InputError } from '../domain/errors.ts';
import { cellTooLong, listFromRows, rowsLeftOut, type ListBounds, type NameList } from './name-list.ts';

/**
 * Lists of names from Excel workbooks (.xlsx), read within bounds: a workbook is a zip archive whose parts can
 * decompress to far more than the upload's size (a 584 KB file held a 400 MB cell), so the archive is measured
 * by decompressing it before any of it is parsed, then its first sheet is read row by row with exceljs's
 * streaming reader, which stops at the row limit.
 */

export interface WorkbookBounds extends ListBounds {
  /** The most the archive's parts may decompress to, together. */
  unzippedBytes: number;
  /** The most parts the archive may have. */
  zipEntries: number;
}

function refusal(file: string, code: string, message: string): InputError {
  return new InputError(code, [{ code, file, message }]);
}

const notAWorkbook = (file: string) =>
  refusal(
    file,
    'invalid_xlsx',
    'not an Excel workbook (.xlsx) that can be read: save it again as .xlsx or CSV UTF-8',
  );

/**
 * Decompresses every part of the archive, keeping nothing, and refuses it past the bounds. The sizes the
 * archive declares are checked first and the real ones as they are read (yauzl refuses a part that
 * decompresses to more than it declares), so a lying header gains nothing.
 */
function measureArchive(bytes: Uint8Array, file: string, bounds: WorkbookBounds): Promise<void> {
  const tooLarge = () =>
    refusal(
      file,
      'xlsx_too_large',
      `the workbook decompresses to more than ${bounds.unzippedBytes / 2 ** 20} MB, the most a list may take: save the list as CSV, or split it`,
    );
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, validateEntrySizes: true },
      (openError, zip) => {
        if (openError || !zip) return reject(notAWorkbook(file));
        const fail = (error: InputError) => {
          zip.close();
          reject(error);
        };
        if (zip.entryCount > bounds.zipEntries) {
          return fail(
            refusal(
              file,
              'xlsx_too_many_parts',
              `the workbook has ${zip.entryCount} parts, more than the ${bounds.zipEntries} a list may have`,
            ),
          );
        }
        let declared = 0;
        let read = 0;
        zip.on('error', () => fail(notAWorkbook(file)));
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          declared += entry.uncompressedSize;
          if (declared > bounds.unzippedBytes) return fail(tooLarge());
          if (entry.fileName.endsWith('/')) return zip.readEntry();
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) return fail(notAWorkbook(file));
            stream.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (read > bounds.unzippedBytes) {
                stream.destroy();
                fail(tooLarge());
              }
            });
            stream.on('error', () => fail(notAWorkbook(file)));
            stream.on('end', () => zip.readEntry());
          });
        });
        zip.readEntry();
      },
    );
  });
}

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
  bounds: WorkbookBounds,
): Promise<NameList> {
  await measureArchive(bytes, file, bounds);
  const rows: { cells: string[]; line: number }[] = [];
  const problems = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  try {
    sheets: for await (const sheet of reader) {
      for await (const row of sheet) {
        // Row values start at index 1 (column A).
        const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (!cells.some((cell) => cell.trim())) continue;
        if (cells.some((cell) => cell.length > bounds.cellCharacters))
          throw cellTooLong(file, row.number, bounds);
        // The header and the rows read: one more says that there were more.
        if (rows.length === bounds.rows + 1) {
          problems.push(rowsLeftOut(row.number, bounds));
          break sheets;
        }
        rows.push({ cells, line: row.number });
      }
      break; // the first sheet only
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw notAWorkbook(file);
  }
  return listFromRows(rows, file, columns, problems);
}
