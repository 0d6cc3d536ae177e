import { findEnumerationValue } from '../../domain/enumerations.ts';
import { InputError, type InputIssue } from '../../domain/errors.ts';
import { RecordInput, type AffectedGroup, type CompanyLink, type Source } from '../../domain/record.ts';
import { groupTypeTerms, issueTerms } from '../../domain/taxonomy.ts';
import { countryCode } from '../../domain/countries.ts';
import { parseDate } from './dates.ts';
import {
  BARE_ROLE,
  COMPANY_ITEM,
  SECTIONS,
  englishLabel,
  fieldLine,
  gluedHeading,
  headingOf,
  leadingCount,
  readCount,
  readGender,
  readOrigin,
  readSector,
  readYesNo,
  type Field,
  type Section,
} from './vocabulary.ts';

/** A line of input: its text without surrounding white space and its 1-based number in the file. */
interface Line {
  text: string;
  number: number;
}

/** Text joined from several lines, able to tell which line an offset came from. */
class JoinedText {
  readonly text: string;
  private readonly starts: { offset: number; line: number }[] = [];

  constructor(lines: Line[]) {
    let text = '';
    for (const line of lines) {
      if (text) text += ' ';
      this.starts.push({ offset: text.length, line: line.number });
      text += line.text;
    }
    this.text = text;
  }

  lineAt(offset: number): number {
    let line = this.starts[0]?.line ?? 0;
    for (const start of this.starts) {
      if (start.offset > offset) break;
      line = start.line;
    }
    return line;
  }
}

class Problems {
  readonly list: InputIssue[] = [];
  constructor(private readonly file: string | undefined) {}
  add(line: number, message: string, code = 'invalid_text_form'): void {
    this.list.push({ code, message, line, ...(this.file !== undefined ? { file: this.file } : {}) });
  }
}

const OPENING_QUOTES = new Set(['“', '"', '«', '„']);
const HEADLINE = /^[“"«„](.*)[”"»“]\s*(?:,\s*(.+))?$/u;
const SECTION_NAMES = SECTIONS.map((section) => `\`${englishLabel('headings', section)}\``).join(', ');

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
      const record = parseRecord(lines, start, recordEnd, problems);
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

/** Characters of text the parser reads at a time (whole lines, so a window may be a little longer). */
const WINDOW = 2 * 1024 * 1024;

interface RecordStart {
  titleIndex: number;
  title: string;
  /** Index of the first line after the Summary heading. */
  bodyIndex: number;
}

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

function parseRecord(
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
  const parts = line.text.split(/\s*[,;]\s*/).filter(Boolean);
  const found = parts.map((part) => issueTerms.find(part));
  if (parts.length > 1 && found.every(Boolean)) return found.map((term) => term!.id);
  problems.add(
    line.number,
    `unknown issue "${line.text}": expected an issue label of the taxonomy`,
    'unknown_issue',
  );
  return [];
}

function parseCompanies(lines: Line[], problems: Problems, pointers: Map<string, number>): CompanyLink[] {
  const joined = new JoinedText(lines);
  const text = joined.text;
  const companies: CompanyLink[] = [];
  let position = 0;
  while (position < text.length) {
    const rest = text.slice(position);
    if (/^[\s,]*$/.test(rest)) break;
    COMPANY_ITEM.lastIndex = position;
    BARE_ROLE.lastIndex = position;
    const item = COMPANY_ITEM.exec(text);
    const bare = companies.length > 0 ? BARE_ROLE.exec(text) : null;
    if (bare) {
      pointers.set(`/companies/${companies.length}`, joined.lineAt(position));
      companies.push({
        name: companies[companies.length - 1]!.name,
        role: findEnumerationValue('companyRole', bare[1]!)!,
      });
      position = BARE_ROLE.lastIndex;
    } else if (item) {
      pointers.set(`/companies/${companies.length}`, joined.lineAt(position));
      companies.push({
        name: item[1]!.replace(/^[\s,]+/, ''),
        role: findEnumerationValue('companyRole', item[2]!)!,
      });
      position = COMPANY_ITEM.lastIndex;
    } else {
      problems.add(
        joined.lineAt(position),
        `expected a company as "NAME - ROLE" with a role of the vocabulary (Employer, Buyer, Supplier, ...), found "${rest.trim().slice(0, 80)}"`,
        'invalid_company',
      );
      break;
    }
  }
  return companies;
}

function parseGroups(lines: Line[], problems: Problems, pointers: Map<string, number>): AffectedGroup[] {
  const joined = new JoinedText(lines);
  const text = joined.text;
  const groups: AffectedGroup[] = [];
  const opening = /[\s,]*([^:()]+?)\s*:\s*\(/uy;
  let position = 0;
  while (position < text.length) {
    if (/^[\s,]*$/.test(text.slice(position))) break;
    opening.lastIndex = position;
    const match = opening.exec(text);
    const line = joined.lineAt(position + /^[\s,]*/u.exec(text.slice(position))![0].length);
    // The tuple ends at its balancing parenthesis: country names may hold parentheses ("Cocos (Keeling) Islands").
    const close = match ? closingParenthesis(text, opening.lastIndex) : -1;
    if (!match || close < 0) {
      problems.add(
        line,
        `expected an affected group as "TYPE: ( COUNT - ORIGIN - SECTOR , GENDER , MIGRATION STATUS )", found "${text.slice(position).trim().slice(0, 80)}"`,
        'invalid_group',
      );
      break;
    }
    position = close + 1;
    const type = groupTypeTerms.find(match[1]!);
    if (!type) {
      problems.add(line, `unknown affected-group type "${match[1]}"`, 'unknown_value');
      continue;
    }
    const group = readTuple(text.slice(opening.lastIndex, close), line, problems);
    if (group) {
      pointers.set(`/affected/groups/${groups.length}`, line);
      groups.push({ type: type.id, ...group });
    }
  }
  return groups;
}

function closingParenthesis(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '(') depth++;
    else if (text[index] === ')' && --depth === 0) return index;
  }
  return -1;
}

/** The inside of `( COUNT - ORIGIN - SECTOR , GENDER , STATUS )`, read from its ends inwards by vocabulary. */
function readTuple(
  inside: string,
  line: number,
  problems: Problems,
): Omit<AffectedGroup, 'type'> | undefined {
  const fail = (what: string) => {
    problems.add(line, `malformed affected group "( ${inside.trim()} )": ${what}`, 'invalid_group');
    return undefined;
  };
  let head = inside.trim();
  const lastComma = head.lastIndexOf(',');
  if (lastComma < 0) return fail('expected ", MIGRATION STATUS" at its end');
  const migrationStatus = findEnumerationValue('migrationStatus', head.slice(lastComma + 1));
  if (!migrationStatus) return fail(`unknown migration status "${head.slice(lastComma + 1).trim()}"`);
  head = head.slice(0, lastComma).trim();
  let gender: string | null = null;
  const genderComma = head.lastIndexOf(',');
  if (genderComma >= 0) {
    const value = readGender(head.slice(genderComma + 1));
    if (value !== undefined) {
      gender = value;
      head = head.slice(0, genderComma).trim();
    }
  }
  const counted = leadingCount(head);
  if (!counted) return fail('expected a count (a number or "Number unknown") followed by " - ORIGIN"');
  const originAndSector = splitOriginSector(counted.rest);
  if (!originAndSector) {
    return fail(`expected "ORIGIN - SECTOR" with a known country and sector, found "${counted.rest.trim()}"`);
  }
  return {
    count: counted.count,
    origin: originAndSector.origin,
    sector: originAndSector.sector,
    subsector: originAndSector.subsector,
    gender: gender as AffectedGroup['gender'],
    migrationStatus: migrationStatus as AffectedGroup['migrationStatus'],
  };
}

/** Tries every dash or comma as the border between origin and sector; the vocabularies decide. */
function splitOriginSector(text: string) {
  const whole = readOrigin(text);
  if (whole !== undefined) return { origin: whole, sector: null, subsector: null };
  for (let index = 0; index < text.length; index++) {
    if (!'-–—,'.includes(text[index]!)) continue;
    const origin = readOrigin(text.slice(0, index));
    if (origin === undefined) continue;
    const sector = readSector(text.slice(index + 1));
    if (sector) return { origin, ...sector };
  }
  return undefined;
}

/**
 * Whether lines[index] is a source's “headline”, date line. A headline without a date is taken only where
 * a blank line (or the start) precedes its block, since a quoted paragraph of an excerpt looks the same.
 */
function isHeadlineAt(lines: Line[], index: number, blockStart: number): boolean {
  const text = lines[index]?.text ?? '';
  if (!OPENING_QUOTES.has(text.charAt(0))) return false;
  const match = HEADLINE.exec(text);
  if (!match) return false;
  if (match[2] !== undefined) return parseDate(match[2]) !== undefined;
  return blockStart === 0 || !lines[blockStart - 1]!.text;
}

/** A source begins at a headline line, or at its company heading just before one. */
function startsSource(lines: Line[], index: number): boolean {
  return (
    isHeadlineAt(lines, index, index) || (index + 1 < lines.length && isHeadlineAt(lines, index + 1, index))
  );
}

function parseSources(
  lines: Line[],
  companies: CompanyLink[],
  problems: Problems,
  pointers: Map<string, number>,
): Source[] {
  const sources: Source[] = [];
  let current: (Source & { excerptLines: string[] }) | undefined;
  const finish = () => {
    if (!current) return;
    const { excerptLines, ...source } = current;
    sources.push({ ...source, excerpt: excerptLines.join('\n') });
    current = undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line.text) continue;
    const afterBlank = index === 0 || !lines[index - 1]!.text;
    const ownHeadline = isHeadlineAt(lines, index, index);
    // The line before a headline is its company heading when it names companies of the record or opens a
    // block; otherwise it is the last line of the previous excerpt.
    const headingThenHeadline =
      !ownHeadline &&
      isHeadlineAt(lines, index + 1, index) &&
      (afterBlank || !current || knownCompanies(line.text, companies) !== undefined);
    if (ownHeadline || headingThenHeadline) {
      // A headline straight after an excerpt is another source filed under the same companies.
      const inherited = ownHeadline && !afterBlank && current ? current.companies : [];
      finish();
      const heading = headingThenHeadline ? line.text : undefined;
      const headlineLine = headingThenHeadline ? lines[index + 1]! : line;
      if (headingThenHeadline) index++;
      const match = HEADLINE.exec(headlineLine.text)!;
      pointers.set(`/sources/${sources.length}`, headlineLine.number);
      current = {
        companies: heading ? sourceCompanies(heading, companies) : inherited,
        headline: match[1]!.trim(),
        ...(match[2] !== undefined ? { published: parseDate(match[2])! } : {}),
        excerpt: '',
        excerptLines: [],
      };
      continue;
    }
    if (!current) {
      problems.add(
        line.number,
        `expected a source: a company heading, then a line “headline”, date; found "${line.text.slice(0, 80)}"`,
      );
      return sources;
    }
    current.excerptLines.push(line.text);
  }
  finish();
  return sources;
}

/**
 * The company heading a source is filed under: one company of the record, several joined by commas (names may
 * hold commas themselves, so known names are matched whole), or, failing that, the heading as written.
 */
function sourceCompanies(heading: string, companies: CompanyLink[]): string[] {
  return knownCompanies(heading, companies) ?? [heading];
}

/** The record's companies that a heading lists, or undefined when it is not such a list. */
function knownCompanies(heading: string, companies: CompanyLink[]): string[] | undefined {
  const names = [...new Set(companies.map((company) => company.name))].sort((a, b) => b.length - a.length);
  const lower = heading.toLowerCase();
  const match = (position: number): string[] | undefined => {
    for (const name of names) {
      if (!lower.startsWith(name.toLowerCase(), position)) continue;
      const end = position + name.length;
      if (end === heading.length) return [name];
      const separator = /^\s*,\s*/.exec(heading.slice(end));
      if (!separator) continue;
      const rest = match(end + separator[0].length);
      if (rest) return [name, ...rest];
    }
    return undefined;
  };
  return match(0);
}
