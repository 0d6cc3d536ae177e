import { InputError } from '../../domain/errors.ts';
import type { RecordInput } from '../../domain/record.ts';
import { Problems, type Line } from './lines.ts';
import { parseRecord, type RecordStart } from './record.ts';
import { fieldLine, gluedHeading, headingOf } from './vocabulary.ts';

/**
 * Parses the text form of DESIGN.md section 2 (layouts A and B, English, Russian and Korean labels, glued
 * headings, several records per file). Throws InputError naming the line of every problem found.
 */
export function parseTextForm(input: string, options: { file?: string } = {}): RecordInput[] {
  return [...parseTextFormRecords(input, options)];
}

/**
 * The same parse, record by record, so that a caller can write records while later ones are still being read.
 * After the last record it throws InputError if any record had a problem; a caller writing as it goes must
 * then undo what it wrote (an import does: it writes in one transaction).
 */
export function* parseTextFormRecords(
  input: string,
  options: { file?: string; onProgress?: (fraction: number) => void; windowSize?: number } = {},
): Generator<RecordInput, void> {
  const problems = new Problems(options.file);
  const window = options.windowSize ?? WINDOW;
  const text = input.replace(/^\uFEFF/, '');
  let lines: Line[] = [];
  let position = 0;
  let seenRecord = false;
  // The text is read in windows of whole lines, so that the first records come out before the last are split.
  while (position < text.length || lines.length > 0) {
    const final = position + window >= text.length;
    const end = final ? text.length : text.indexOf('\n', position + window) + 1 || text.length;
    const chunk = text
      .slice(position, end)
      .normalize('NFC')
      .split(/\r\n|\r|\n/);
    // A window ends after a line break: the empty string after it is not a line.
    if (end < text.length) chunk.pop();
    let number = lines.length > 0 ? lines[lines.length - 1]!.number : 0;
    lines = lines.concat(chunk.map((raw) => ({ text: raw.trim(), number: ++number })));
    position = end;

    const starts = findRecordStarts(lines);
    if (starts.length > 0 && !seenRecord) {
      const stray = lines.slice(0, starts[0]!.titleIndex).find((line) => line.text);
      if (stray) problems.add(stray.number, 'unexpected text before the first record title');
      seenRecord = true;
    }
    // Unless this is the last window, the last record found may go on in the next one: keep its lines.
    const complete = final || position >= text.length ? starts.length : starts.length - 1;
    for (let index = 0; index < complete; index++) {
      const start = starts[index]!;
      const recordEnd = starts[index + 1]?.titleIndex ?? lines.length;
      const record = parseRecordOrReport(lines, start, recordEnd, problems);
      // Once one record failed the input is rejected whole: keep reading only to report every problem.
      if (record && problems.list.length === 0) yield record;
    }
    if (final || position >= text.length) break;
    if (starts.length > 0) lines = lines.slice(starts[complete]!.titleIndex);
    options.onProgress?.(position / text.length);
  }
  if (!seenRecord) {
    const first = lines.find((line) => line.text);
    if (!first) problems.add(1, 'empty input: expected at least one record (a title line, then `Summary`)');
    else {
      problems.add(
        first.number,
        'no record found: expected a title line followed by the `Summary` heading (or its translation)',
      );
    }
  }
  if (problems.list.length > 0) throw new InputError('invalid_text_form', problems.list);
}

/**
 * One record, and should the parser itself fail on it (no such failure is known), a problem at the record's
 * title line instead of an error that names no line and stops the reading of the other records.
 */
function parseRecordOrReport(
  lines: Line[],
  start: RecordStart,
  end: number,
  problems: Problems,
): RecordInput | undefined {
  try {
    return parseRecord(lines, start, end, problems);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.add(
      lines[start.titleIndex]!.number,
      `the record "${start.title.slice(0, 80)}" could not be read: ${reason}`,
      'parse_failed',
    );
    return undefined;
  }
}

/** Characters of text the parser reads at a time (whole lines, so a window may be a little longer). */
const WINDOW = 2 * 1024 * 1024;

/** A record starts at its title line, the non-blank line before `Summary` (or glued to it). */
function findRecordStarts(lines: Line[]): RecordStart[] {
  const starts: RecordStart[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line.text) continue;
    if (headingOf(line.text) === 'summary') {
      let titleIndex = index - 1;
      while (titleIndex >= 0 && !lines[titleIndex]!.text) titleIndex--;
      if (titleIndex < 0) continue;
      const previous = starts[starts.length - 1];
      if (previous && titleIndex < previous.bodyIndex) continue;
      starts.push({ titleIndex, title: lines[titleIndex]!.text, bodyIndex: index + 1 });
      continue;
    }
    const glued = gluedHeading(line.text, (section) => section === 'summary');
    if (!glued) continue;
    let nextIndex = index + 1;
    while (nextIndex < lines.length && !lines[nextIndex]!.text) nextIndex++;
    const next = lines[nextIndex];
    if (next && fieldLine(next.text)?.field === 'dateReported') {
      starts.push({ titleIndex: index, title: glued.before, bodyIndex: index + 1 });
    }
  }
  return starts;
}
