import { countryCode } from '../../domain/countries.ts';
import { findEnumerationValue } from '../../domain/enumerations.ts';
import { RecordInput } from '../../domain/record.ts';
import { issueTerms } from '../../domain/taxonomy.ts';
import { parseDate } from './dates.ts';
import { parseCompanies, parseGroups } from './items.ts';
import type { Line, Problems } from './lines.ts';
import { parseSources, startsSource } from './sources.ts';
import {
  SECTIONS,
  englishLabel,
  fieldLine,
  gluedHeading,
  headingOf,
  LONGEST_PLACE,
  readCount,
  readYesNo,
  type Field,
  type Section,
} from './vocabulary.ts';

/** One record: its header, read section by section (Summary, Companies, Affected, Issues, Response), then its sources. */

const SECTION_NAMES = SECTIONS.map((section) => `\`${englishLabel('headings', section)}\``).join(', ');

export interface RecordStart {
  titleIndex: number;
  title: string;
  /** Index of the first line after the Summary heading. */
  bodyIndex: number;
}

interface Draft {
  title: string;
  summary: string[];
  dateReported?: string;
  location?: { country: string; city?: string };
  companyLines: Line[];
  total?: number | null;
  groupLines: Line[];
  issues: string[];
  sought?: boolean;
  sourceType?: string;
  seen: Set<Section>;
  pointerLines: Map<string, number>;
}

export function parseRecord(
  lines: Line[],
  start: RecordStart,
  end: number,
  problems: Problems,
): RecordInput | undefined {
  const titleLine = lines[start.titleIndex]!.number;
  const draft: Draft = {
    title: start.title,
    summary: [],
    companyLines: [],
    groupLines: [],
    issues: [],
    seen: new Set(['summary']),
    pointerLines: new Map([['/title', titleLine]]),
  };
  let section = 'summary' as Section;
  let pendingField: { field: Field; line: number } | undefined;
  let index = start.bodyIndex;
  const before = problems.list.length;

  const enter = (next: Section) => {
    section = next;
    draft.seen.add(next);
    pendingField = undefined;
  };
  const laterSection = (candidate: Section) => SECTIONS.indexOf(candidate) > SECTIONS.indexOf(section);

  for (; index < end; index++) {
    const line = lines[index]!;
    if (!line.text) {
      if (section === 'response' && draft.sought !== undefined && !pendingField) break;
      continue;
    }
    const heading = headingOf(line.text);
    if (heading && laterSection(heading)) {
      enter(heading);
      continue;
    }
    if (pendingField) {
      applyField(draft, pendingField.field, line.text, line.number, problems);
      pendingField = undefined;
      continue;
    }
    if (section !== 'summary' && startsSource(lines, index)) break;
    const glued = gluedHeading(line.text, laterSection);
    const content = glued ? { text: glued.before, number: line.number } : line;
    const field = fieldLine(content.text);
    if (field && fieldBelongs(field.field, section)) {
      if (field.value) applyField(draft, field.field, field.value, line.number, problems);
      else pendingField = { field: field.field, line: line.number };
    } else {
      addContent(draft, section, content, problems);
    }
    if (glued) enter(glued.section);
  }
  if (pendingField) problems.add(pendingField.line, `the field has no value: the record ends after it`);

  const lastLine = lines[Math.max(start.titleIndex, Math.min(index, end) - 1)]!.number;
  const missing = SECTIONS.filter((name) => !draft.seen.has(name));
  if (missing.length > 0) {
    problems.add(
      lastLine,
      `record "${draft.title}" ends without the ${missing.map((name) => `\`${englishLabel('headings', name)}\``).join(', ')} heading(s); a record has ${SECTION_NAMES}`,
      'missing_heading',
    );
  }
  for (const [field, pointer] of [
    ['dateReported', '/dateReported'],
    ['location', '/location'],
    ['responseSought', '/response'],
  ] as const) {
    // A field that was there but unreadable has been reported already.
    if (!draft.pointerLines.has(pointer)) {
      problems.add(
        lastLine,
        `record "${draft.title}" has no \`${englishLabel('fields', field)}:\` field`,
        'missing_field',
      );
    }
  }

  const companies = parseCompanies(draft.companyLines, problems, draft.pointerLines);
  const groups = parseGroups(draft.groupLines, problems, draft.pointerLines);
  const sources = parseSources(lines.slice(index, end), companies, problems, draft.pointerLines);
  if (problems.list.length > before) return undefined;

  const record = {
    title: draft.title,
    ...(draft.summary.length > 0 ? { summary: draft.summary.join('\n') } : {}),
    dateReported: draft.dateReported,
    location: draft.location,
    companies,
    affected: { total: draft.total ?? null, groups },
    issues: draft.issues,
    response: { sought: draft.sought },
    ...(draft.sourceType !== undefined ? { sourceType: draft.sourceType } : {}),
    sources,
  };
  const result = RecordInput.safeParse(record);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const pointer = '/' + issue.path.join('/');
    problems.add(
      lineForPointer(draft.pointerLines, pointer) ?? titleLine,
      `${issue.message} (at ${pointer})`,
    );
  }
  return undefined;
}

function lineForPointer(lines: Map<string, number>, pointer: string): number | undefined {
  for (let path = pointer; path; path = path.slice(0, path.lastIndexOf('/'))) {
    const line = lines.get(path);
    if (line !== undefined) return line;
  }
  return undefined;
}

function fieldBelongs(field: Field, section: Section): boolean {
  switch (field) {
    case 'dateReported':
    case 'location':
      return section === 'summary';
    case 'total':
      return section === 'affected';
    case 'responseSought':
    case 'sourceType':
      return section === 'response';
  }
}

function applyField(draft: Draft, field: Field, value: string, line: number, problems: Problems): void {
  switch (field) {
    case 'dateReported': {
      const date = parseDate(value);
      if (date) draft.dateReported = date;
      else
        problems.add(
          line,
          `expected a date such as "17 Apr 2025" after \`Date Reported:\`, found "${value}"`,
        );
      draft.pointerLines.set('/dateReported', line);
      return;
    }
    case 'location': {
      const location = readLocation(value);
      if (location) draft.location = location;
      else
        problems.add(
          line,
          `unknown country "${value}" in \`Location\`: expected a country name`,
          'unknown_country',
        );
      draft.pointerLines.set('/location', line);
      return;
    }
    case 'total': {
      const total = readCount(value);
      if (total !== undefined) draft.total = total;
      else
        problems.add(line, `expected a number or "Number unknown" for the total affected, found "${value}"`);
      draft.pointerLines.set('/affected/total', line);
      return;
    }
    case 'responseSought': {
      const sought = readYesNo(value);
      if (sought !== undefined) draft.sought = sought;
      else problems.add(line, `expected "Yes" or "No" after \`Response sought:\`, found "${value}"`);
      draft.pointerLines.set('/response', line);
      return;
    }
    case 'sourceType': {
      const type = findEnumerationValue('sourceType', value);
      if (type) draft.sourceType = type;
      else problems.add(line, `unknown source type "${value}"`, 'unknown_value');
      draft.pointerLines.set('/sourceType', line);
      return;
    }
  }
}

/** `Country` or `City, Country`; city and country names may both hold commas, so every comma is tried. */
function readLocation(value: string): { country: string; city?: string } | undefined {
  const country = countryCode(value);
  if (country) return { country };
  for (let comma = value.indexOf(','); comma > 0; comma = value.indexOf(',', comma + 1)) {
    // A tail longer than any country name is none: reading every tail of a long value takes quadratic time.
    if (value.length - comma - 1 > LONGEST_PLACE) continue;
    const tail = countryCode(value.slice(comma + 1));
    const city = value.slice(0, comma).trim();
    // "Malaysia, Thailand" names two countries, not a city: a record has one location country.
    if (tail && city && countryCode(city) === undefined) return { country: tail, city };
  }
  return undefined;
}

function addContent(draft: Draft, section: Section, line: Line, problems: Problems): void {
  switch (section) {
    case 'summary':
      draft.summary.push(line.text);
      draft.pointerLines.set('/summary', draft.pointerLines.get('/summary') ?? line.number);
      return;
    case 'companies':
      draft.companyLines.push(line);
      return;
    case 'affected':
      draft.groupLines.push(line);
      return;
    case 'issues':
      for (const id of readIssues(line, problems)) {
        draft.pointerLines.set(`/issues/${draft.issues.length}`, line.number);
        draft.issues.push(id);
      }
      return;
    case 'response':
      problems.add(
        line.number,
        `unexpected line "${line.text}" in the Response block: expected \`Response sought:\`, \`Source type:\` or a source (company heading, then “headline”, date)`,
      );
  }
}

/** One issue per line; a line that is no issue label may list several, separated by commas or semicolons. */
function readIssues(line: Line, problems: Problems): string[] {
  const whole = issueTerms.find(line.text);
  if (whole) return [whole.id];
  // Split, then trimmed: a pattern with `\s*` before the separator takes time quadratic in a run of spaces.
  const parts = line.text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean);
  const found = parts.map((part) => issueTerms.find(part));
  if (parts.length > 1 && found.every(Boolean)) return found.map((term) => term!.id);
  problems.add(
    line.number,
    `unknown issue "${line.text}": expected an issue label of the taxonomy`,
    'unknown_issue',
  );
  return [];
}
