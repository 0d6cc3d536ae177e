import { extname } from 'node:path';
import type { RecordInput } from '../domain/record.ts';
import { parseCsvRecords } from './csv.ts';
import { parseJsonRecords, parseNdjsonRecords } from './json.ts';
import { parseTextForm } from './text/parse.ts';

export const IMPORT_FORMATS = ['text', 'json', 'ndjson', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The format of an input file, from its extension; anything else is read as the text form. */
export function formatOfFile(file: string): ImportFormat {
  switch (extname(file).toLowerCase()) {
    case '.json':
      return 'json';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    case '.csv':
      return 'csv';
    default:
      return 'text';
  }
}

/** Parses and validates every record of a file's text; throws InputError naming the file and line. */
export function parseRecords(text: string, file: string, format = formatOfFile(file)): RecordInput[] {
  switch (format) {
    case 'json':
      return parseJsonRecords(text, file);
    case 'ndjson':
      return parseNdjsonRecords(text, file);
    case 'csv':
      return parseCsvRecords(text, file);
    case 'text':
      return parseTextForm(text, { file });
  }
}
