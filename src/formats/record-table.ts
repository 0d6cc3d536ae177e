import { countryCode, countryName } from '../domain/countries.ts';
import { COMPANY_ROLES, findEnumerationValue } from '../domain/enumerations.ts';
import {
  RECORD_FIELDS,
  type AffectedGroup,
  type RecordInput,
  type Source,
  type StoredRecord,
} from '../domain/record.ts';
import { fieldValue, setFieldValue, type RecordField } from '../domain/record-fields.ts';
import {
  findSubsector,
  groupTypeTerms,
  issueTerms,
  sectorTerms,
  subsectorTerms,
  type Term,
  type Vocabulary,
} from '../domain/taxonomy.ts';
import { INNER, alignedList, joinList, splitList } from './list-cell.ts';

/**
 * The records as a table for spreadsheets, one row per record: the columns of the CSV and XLSX downloads and
 * of `bhr export --format csv`. Labels stand beside the ids (issue labels, country names), each company role
 * has a column, and affected groups and sources are flat columns with one line per group or source (see
 * `list-cell.ts`). Reading a row back gives the record again, except for what a table does not keep: the
 * companies' store ids and their order across roles (NDJSON keeps everything). Confidential fields are never
 * written: public reads do not carry them, and an empty column of them would only mislead.
 */

export type TableCell = string | number;

export interface TableLayout {
  /** The site's address, from which each record's URL is built; without it the `url` column is empty. */
  publicUrl?: string;
  /** The table holds published records only: the columns only other records fill are left out. */
  publishedOnly: boolean;
}

type Row = StoredRecord | RecordInput;
type Into = Record<string, unknown>;

export interface TableColumn {
  name: string;
  /** Filled only by records that are not published (a retraction, a merge). */
  unpublishedOnly?: boolean;
  write(record: Row, layout: TableLayout): TableCell;
  /** Absent for columns derived from others (labels beside ids, the URL). */
  read?(cell: string, into: Into, row: Record<string, string>): void;
}

const optional = (cell: string) => (cell === '' ? undefined : cell);
const setIf = (into: Into, key: string, value: unknown) => {
  if (value !== undefined) into[key] = value;
};
const isObject = (value: unknown): value is Into =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** The object at a key of a record being read, made when absent. */
function nested(into: Into, key: string): Into {
  const value = into[key];
  if (isObject(value)) return value;
  const made: Into = {};
  into[key] = made;
  return made;
}
/** The list at a key of a record being read, made when absent. */
function listIn(into: Into, key: string): unknown[] {
  const value = into[key];
  if (Array.isArray(value)) return value;
  const made: unknown[] = [];
  into[key] = made;
  return made;
}
/** The item at a position of a list being read, made when absent. */
function itemAt(list: unknown[], index: number): Into {
  const value = list[index];
  if (isObject(value)) return value;
  const made: Into = {};
  list[index] = made;
  return made;
}

/** A term's English label where it reads back as the same term, else its id. */
function termLabel<T extends Term>(vocabulary: Vocabulary<T>, id: string | null): string {
  if (id === null) return '';
  const label = vocabulary.label(id);
  return vocabulary.find(label)?.id === id ? label : id;
}

/** A country's English name where it reads back as the same code, else the code. */
function countryLabel(code: string | null): string {
  if (code === null) return '';
  const name = countryName(code);
  return countryCode(name) === code ? name : code;
}

function readTerm(vocabulary: Vocabulary<Term>, cell: string): string | null {
  if (cell === '') return null;
  return vocabulary.find(cell)?.id ?? cell;
}

function readCountry(cell: string): string | null {
  if (cell === '') return null;
  return countryCode(cell) ?? cell;
}

/** The URL of a record's public page. */
export function recordUrl(publicUrl: string, record: Row): string {
  return `${publicUrl}/records/${encodeURIComponent(record.slug ?? record.id ?? '')}`;
}

const roleColumns: TableColumn[] = COMPANY_ROLES.map((role) => ({
  name: role,
  write: (record) => joinList(record.companies.filter((c) => c.role === role).map((c) => c.name)),
  read: (cell, into) => {
    const companies = listIn(into, 'companies');
    for (const name of splitList(cell)) companies.push({ name, role });
  },
}));

/** Columns with one line per affected group; the type column, never empty for a group, counts them. */
const GROUP_COUNT_COLUMN = 'affectedGroupType';
function groupColumn(
  name: string,
  write: (group: AffectedGroup) => string,
  read: (line: string, group: Into) => void,
): TableColumn {
  return {
    name,
    write: (record) => joinList(record.affected.groups.map(write)),
    read: (cell, into, row) => {
      const count = splitList(row[GROUP_COUNT_COLUMN] ?? '').length;
      const groups = listIn(nested(into, 'affected'), 'groups');
      alignedList(cell, count, name).forEach((line, index) => read(line, itemAt(groups, index)));
    },
  };
}

const groupColumns: TableColumn[] = [
  groupColumn(
    GROUP_COUNT_COLUMN,
    (group) => termLabel(groupTypeTerms, group.type),
    (line, group) => (group.type = readTerm(groupTypeTerms, line)),
  ),
  groupColumn(
    'affectedGroupCount',
    (group) => (group.count === null ? '' : String(group.count)),
    (line, group) => (group.count = line === '' ? null : Number(line)),
  ),
  groupColumn(
    'affectedGroupOrigin',
    (group) => countryLabel(group.origin),
    (line, group) => (group.origin = readCountry(line)),
  ),
  groupColumn(
    'affectedGroupSector',
    (group) => termLabel(sectorTerms, group.sector),
    (line, group) => (group.sector = readTerm(sectorTerms, line)),
  ),
  groupColumn(
    'affectedGroupSubsector',
    (group) => termLabel(subsectorTerms, group.subsector),
    (line, group) => {
      const sector = typeof group.sector === 'string' ? group.sector : '';
      group.subsector = line === '' ? null : (findSubsector(sector, line)?.id ?? line);
    },
  ),
  groupColumn(
    'affectedGroupGender',
    (group) => group.gender ?? '',
    (line, group) => (group.gender = line === '' ? null : (findEnumerationValue('gender', line) ?? line)),
  ),
  groupColumn(
    'affectedGroupMigrationStatus',
    (group) => group.migrationStatus,
    (line, group) => (group.migrationStatus = findEnumerationValue('migrationStatus', line) ?? line),
  ),
];

/** Columns with one line per source; the headline, never empty, counts them. */
const SOURCE_COUNT_COLUMN = 'sourceHeadline';
function sourceColumn(
  name: string,
  write: (source: Source) => string,
  read: (line: string, source: Into) => void,
): TableColumn {
  return {
    name,
    write: (record) => joinList(record.sources.map(write)),
    read: (cell, into, row) => {
      const count = splitList(row[SOURCE_COUNT_COLUMN] ?? '').length;
      const sources = listIn(into, 'sources');
      alignedList(cell, count, name).forEach((line, index) => read(line, itemAt(sources, index)));
    },
  };
}

const sourceColumns: TableColumn[] = [
  sourceColumn(
    SOURCE_COUNT_COLUMN,
    (source) => source.headline,
    (line, source) => (source.headline = line),
  ),
  sourceColumn(
    'sourcePublisher',
    (source) => source.publisher ?? '',
    (line, source) => setIf(source, 'publisher', optional(line)),
  ),
  sourceColumn(
    'sourceUrl',
    (source) => source.url ?? '',
    (line, source) => setIf(source, 'url', optional(line)),
  ),
  sourceColumn(
    'sourcePublished',
    (source) => source.published ?? '',
    (line, source) => setIf(source, 'published', optional(line)),
  ),
  sourceColumn(
    'sourceCompanies',
    (source) => joinList(source.companies, INNER),
    (line, source) => (source.companies = splitList(line, INNER)),
  ),
  sourceColumn(
    'sourceExcerpt',
    (source) => source.excerpt,
    (line, source) => (source.excerpt = line),
  ),
];

const numberCell = (value: unknown): TableCell => (typeof value === 'number' ? value : '');

/** A column of one single-valued field of the model, written and read as its kind says. */
function fieldColumn(field: RecordField): TableColumn {
  const value = (record: Row) => fieldValue(record, field);
  const set = (into: Into, read: unknown) => {
    if (read !== undefined) setFieldValue(into, field, read);
  };
  const column = {
    name: field.column,
    ...(field.table === 'unpublishedOnly' ? { unpublishedOnly: true } : {}),
  };
  switch (field.kind) {
    case 'count':
      return {
        ...column,
        write: (record) => numberCell(value(record)),
        read: (cell, into) => set(into, cell === '' ? null : Number(cell)),
      };
    case 'integer':
      return {
        ...column,
        write: (record) => numberCell(value(record)),
        read: (cell, into) => set(into, cell === '' ? undefined : Number(cell)),
      };
    case 'flag':
      return {
        ...column,
        write: (record) => String(value(record)),
        read: (cell, into) => set(into, cell === 'true' ? true : cell === 'false' ? false : cell),
      };
    default:
      return {
        ...column,
        write: (record) => String(value(record) ?? ''),
        read: (cell, into) => set(into, field.optional ? optional(cell) : cell),
      };
  }
}

/** The columns of the lists and of labels beside ids, each after the field column named. */
const COLUMNS_AFTER: Record<string, readonly TableColumn[]> = {
  id: [{ name: 'url', write: (r, layout) => (layout.publicUrl ? recordUrl(layout.publicUrl, r) : '') }],
  'location.country': [{ name: 'locationCountryName', write: (r) => countryName(r.location.country) }],
  'location.city': [
    {
      name: 'issues',
      write: (r) => joinList(r.issues),
      // Older exports separated the ids with `|`.
      read: (c, o) => (o.issues = splitList(c).flatMap((line) => line.split('|'))),
    },
    { name: 'issueLabels', write: (r) => joinList(r.issues.map((id) => issueTerms.label(id))) },
  ],
  summary: roleColumns,
  'affected.total': groupColumns,
  sourceType: sourceColumns,
};

/** Every column: the model's fields in their order, the lists' columns among them. */
export const TABLE_COLUMNS: readonly TableColumn[] = RECORD_FIELDS.filter(
  (field) => field.table !== 'never',
).flatMap((field) => [fieldColumn(field), ...(COLUMNS_AFTER[field.name] ?? [])]);

/** The columns of a table with this layout, in order. */
export function tableColumns(layout: TableLayout): TableColumn[] {
  return TABLE_COLUMNS.filter((column) => !(layout.publishedOnly && column.unpublishedOnly));
}

/** A record's cells, in the order of `tableColumns(layout)`. */
export function tableRow(record: Row, columns: readonly TableColumn[], layout: TableLayout): TableCell[] {
  return columns.map((column) => column.write(record, layout));
}

/**
 * The record fields a table row holds, before validation. Throws an Error whose message names the column
 * when a cell cannot be read.
 */
export function readTableRow(row: Record<string, string>): Into {
  const into: Into = {};
  for (const column of TABLE_COLUMNS) {
    const cell = row[column.name];
    if (cell !== undefined && column.read) column.read(cell, into, row);
  }
  return into;
}
