import { InputError, type InputIssue, zodIssues } from '../domain/errors.ts';
import { RecordInput } from '../domain/record.ts';

/** Line number (1-based) of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1))
    line++;
  return line;
}

/** The offsets where the elements of a top-level JSON array begin, found by one pass over the text. */
function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (expectElement && !/\s/.test(char) && char !== ']') {
      offsets.push(index);
      expectElement = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth === 1 && char === '[') expectElement = true;
    } else if (char === ']' || char === '}') depth--;
    else if (char === ',' && depth === 1) expectElement = true;
  }
  return offsets;
}

function syntaxIssue(error: unknown, text: string, file: string, lineOffset = 0): InputIssue {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  const lineMatch = /line (\d+)/.exec(message);
  const atEnd = /end of JSON input/i.test(message);
  const line = lineMatch
    ? Number(lineMatch[1])
    : position
      ? lineOf(text, Number(position[1]))
      : atEnd
        ? lineOf(text, text.trimEnd().length)
        : 1;
  return { code: 'invalid_json', file, line: line + lineOffset, message: `invalid JSON: ${message}` };
}

function validateAll(items: unknown[], file: string, lineOfItem: (index: number) => number): RecordInput[] {
  const issues: InputIssue[] = [];
  const records: RecordInput[] = [];
  items.forEach((item, index) => {
    const result = RecordInput.safeParse(item);
    if (result.success) records.push(result.data);
    else for (const issue of zodIssues(result.error, { file, line: lineOfItem(index) })) issues.push(issue);
  });
  if (issues.length > 0) throw new InputError('invalid_record', issues);
  return records;
}

/** A JSON file: one record object, or an array of records. */
export function parseJsonRecords(text: string, file: string): RecordInput[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError('invalid_json', [syntaxIssue(error, text, file)]);
  }
  if (Array.isArray(value)) {
    const offsets = arrayElementOffsets(text);
    return validateAll(value, file, (index) => lineOf(text, offsets[index] ?? 0));
  }
  if (value && typeof value === 'object') return validateAll([value], file, () => 1);
  throw new InputError('invalid_json', [
    { code: 'invalid_json', file, line: 1, message: 'expected a record object or an array of records' },
  ]);
}

/** The JSON values of an NDJSON text with their line numbers, and an issue for each line that is not JSON. */
export function ndjsonValues(
  text: string,
  file: string,
): { values: { value: unknown; line: number }[]; issues: InputIssue[] } {
  const values: { value: unknown; line: number }[] = [];
  const issues: InputIssue[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      values.push({ value: JSON.parse(line), line: index + 1 });
    } catch (error) {
      issues.push({ ...syntaxIssue(error, line, file), line: index + 1 });
    }
  });
  return { values, issues };
}

/** NDJSON: one record object per line; blank lines are skipped. */
export function parseNdjsonRecords(text: string, file: string): RecordInput[] {
  const { values, issues } = ndjsonValues(text, file);
  if (issues.length > 0) throw new InputError('invalid_json', issues);
  return validateAll(
    values.map((entry) => entry.value),
    file,
    (index) => values[index]!.line,
  );
}

export function recordToJson(record: unknown): string {
  return JSON.stringify(record);
}
