import * as chrono from 'chrono-node';
import dateCues from './cues/dates.en.json' with { type: 'json' };
import { METADATA_EVIDENCE, type Evidence } from './model.ts';
import { evidenceAt, type Reading } from './reading.ts';

/**
 * The article's own date: given with it, in its page's metadata, or on a date line near its top. A date inside
 * the story is when something happened, not when it was reported, and a relative date ("today", "on Tuesday")
 * says nothing without the article's date: neither is ever read as the publication date, and without a date of
 * its own the article gets none (never the machine's clock).
 */

/** Where an article's date was read from. */
export type DateSource =
  'given' | 'metadata' | 'prefix' | 'published' | 'byline' | 'dateline' | 'line' | 'modified' | 'masthead';

/** How far each source is trusted: the lowest rank wins; equal ranks go to the first in the text. */
const RANK: Record<DateSource, number> = {
  given: 0,
  metadata: 0,
  prefix: 1,
  published: 2,
  byline: 3,
  dateline: 3,
  line: 3,
  modified: 4,
  masthead: 5,
};

/** A masthead's date is often the day the page was read, not written: proposed, but below acceptance. */
const CONFIDENCE: Record<DateSource, number> = {
  given: 0.95,
  metadata: 0.95,
  prefix: 0.9,
  published: 0.9,
  byline: 0.85,
  dateline: 0.85,
  line: 0.8,
  modified: 0.6,
  masthead: 0.45,
};

export interface DateLine {
  date: string;
  source: DateSource;
  start: number;
  end: number;
}

const cue = (source: string, flags = 'iu') => new RegExp(source, flags);
const PUBLISHED_BEFORE = cue(`(?:^|[^\\p{L}])(?:${dateCues.published})\\s*[:|–—-]?\\s*$`);
const MODIFIED_BEFORE = cue(`(?:^|[^\\p{L}])(?:${dateCues.modified})\\s*[:|–—-]?\\s*$`);
const BYLINE = cue(dateCues.byline, 'u');
const PICTURE = cue(dateCues.picture);

/** Nothing but a place in capitals (a wire dateline's "NAIROBI," ) before the date. */
const DATELINE_BEFORE = /^(?:\p{Lu}[\p{Lu}\s.'’-]*,?\s*)?$/u;
/** A dash or colon after the date, past an agency or place in brackets: "12 May 2024 (Reuters) -". */
const DATELINE_AFTER = /^\s*(?:\([^)]{1,40}\)\s*)?[-–—:]\s/u;

/** The ` date YYYY-MM-DD ` that some stored pages open with: the date the page gave itself. */
const DATE_PREFIX = /^\s?date (\d{4}-\d{2}-\d{2})(?=\s)/u;

/** A date line is one of the first lines, read no further than the first two long paragraphs. */
const TOP_LINES = 14;
const LONG_PARAGRAPH = 250;
const LONG_PARAGRAPHS = 2;
/** A date alone on its line: the line is short and the date is most of it, or opens it. */
const BARE_LINE = 60;
const OPENED_LINE = 80;
/** A labelled date or a byline may share its line with a time, a name or a section. */
const LABELLED_LINE = 120;

/**
 * A fixed day for chrono to read against. Only dates that write their year are taken, so it never shows in a
 * result; it keeps the machine's clock out of the reading.
 */
const REFERENCE = new Date(2000, 0, 1);
const WRITTEN_YEAR = /(?<!\d)(?:1[89]|2\d)\d{2}(?!\d)/u;
/** "03/04/2024" is the 3rd of April or the 4th of March depending on the writer: not taken. */
const AMBIGUOUS_NUMERIC = /(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}(?!\d)/u;

export const isoDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

interface WrittenDate {
  date: string;
  index: number;
  text: string;
  weekday: boolean;
}

function isAmbiguous(text: string): boolean {
  const numeric = AMBIGUOUS_NUMERIC.exec(text);
  return (
    numeric !== null && numeric[1] !== numeric[2] && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12
  );
}

/** Full dates written out with their year; relative ones ("today", "last week", "on Tuesday") are left out. */
function writtenDates(text: string): WrittenDate[] {
  const dates: WrittenDate[] = [];
  for (const found of chrono.en.parse(text, REFERENCE, { forwardDate: false })) {
    const { start } = found;
    if (!start.isCertain('day') || !start.isCertain('month') || !start.isCertain('year')) continue;
    if (!WRITTEN_YEAR.test(found.text) || isAmbiguous(found.text)) continue;
    // Part of a word or a file name ("photo-2021-03-05.jpg", "IMG_2021…") is not a date line.
    const before = text.slice(Math.max(0, found.index - 1), found.index);
    const after = text.slice(found.index + found.text.length);
    if (/[\p{L}\p{N}_/\\-]/u.test(before) || /^(?:[\p{L}\p{N}_/\\]|\.\p{L})/u.test(after)) continue;
    dates.push({
      date: isoDay(start.date()),
      index: found.index,
      text: found.text,
      weekday: start.isCertain('weekday'),
    });
  }
  return dates;
}

/** What kind of date line a line is, if it is one. */
function dateLineKind(line: string, first: boolean): { source: DateSource; found: WrittenDate } | undefined {
  // chrono is slow: only lines that write a year are read.
  if (line.length > LONG_PARAGRAPH * 4 || !WRITTEN_YEAR.test(line) || PICTURE.test(line)) return undefined;
  const found = writtenDates(line)[0];
  if (!found) return undefined;
  const before = line.slice(0, found.index);
  const after = line.slice(found.index + found.text.length);
  if (DATELINE_BEFORE.test(before) && DATELINE_AFTER.test(after)) return { source: 'dateline', found };
  if (line.length > LABELLED_LINE) return undefined;
  if (PUBLISHED_BEFORE.test(before)) return { source: 'published', found };
  if (MODIFIED_BEFORE.test(before)) return { source: 'modified', found };
  if (BYLINE.test(line)) return { source: 'byline', found };
  const opens = found.index <= 1 && line.length <= OPENED_LINE;
  if (opens || (line.length <= BARE_LINE && found.text.length >= line.length * 0.5))
    return { source: first && found.weekday ? 'masthead' : 'line', found };
  return undefined;
}

/**
 * The article's date as its text shows it near the top: a ` date YYYY-MM-DD ` prefix, a labelled line
 * ("Published: 12 March 2024"), a byline or wire dateline with a full date, or a date alone on its line. A
 * publication label beats a bare date (a masthead's "Thursday 25 July 2024" is the day the page was read) and
 * a bare date beats an "Updated" one.
 */
export function findDateLine(text: string): DateLine | undefined {
  const prefix = DATE_PREFIX.exec(text);
  if (prefix) {
    const start = prefix[0].indexOf(prefix[1]!);
    return { date: prefix[1]!, source: 'prefix', start, end: start + prefix[1]!.length };
  }
  let best: DateLine | undefined;
  let offset = 0;
  let lines = 0;
  let long = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) {
      lines++;
      const kind = dateLineKind(trimmed, lines === 1);
      if (kind && (!best || RANK[kind.source] < RANK[best.source])) {
        const start = offset + line.indexOf(trimmed) + kind.found.index;
        best = { date: kind.found.date, source: kind.source, start, end: start + kind.found.text.length };
      }
      if (trimmed.length > LONG_PARAGRAPH) long++;
      if (lines >= TOP_LINES || long >= LONG_PARAGRAPHS || best?.source === 'published') break;
    }
    offset += line.length + 1;
  }
  return best;
}

/** Where a page's opening ` date YYYY-MM-DD ` prefix ends (0 when it has none). */
export function datePrefixLength(text: string): number {
  const prefix = DATE_PREFIX.exec(text);
  return prefix ? prefix[0].length + (/^\s/u.test(text.slice(prefix[0].length)) ? 1 : 0) : 0;
}

/** A date of a page's metadata ("2024-03-12T08:00:00Z", "Tue, 12 Mar 2024 08:00:00 GMT") as YYYY-MM-DD. */
export function metadataDate(value: string): string | undefined {
  const iso = /^\s*(\d{4}-\d{2}-\d{2})/u.exec(value);
  if (iso) return iso[1];
  return writtenDates(value)[0]?.date;
}

/** The date reported: the article's own date, else none. */
export function proposeDate(reading: Reading): Evidence | undefined {
  const { article } = reading;
  if (!article.date) return undefined;
  const confidence = CONFIDENCE[article.dateSource ?? 'given'];
  if (!article.dateSpan)
    return {
      ...evidenceAt(reading, '/dateReported', article.date, confidence, 0, 0),
      sentence:
        article.dateSource === 'metadata' ? METADATA_EVIDENCE.dateMetadata : METADATA_EVIDENCE.dateGiven,
    };
  const { start, end } = article.dateSpan;
  return evidenceAt(reading, '/dateReported', article.date, confidence, start, end);
}
