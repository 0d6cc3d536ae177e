import type { Insertable, Selectable } from 'kysely';
import { z } from 'zod';
import { RECORD_FIELDS, StoredRecord, type RecordInput } from '../domain/record.ts';
import type { SearchableText } from './text-search.ts';
import type {
  AffectedGroupsTable,
  RecordCompaniesTable,
  RecordIssuesTable,
  RecordsTable,
  SourcesTable,
} from './schema.ts';

/** Mapping between the canonical record and its rows: the one place that knows both shapes. */

export interface RecordRows {
  record: Insertable<RecordsTable>;
  companies: Omit<Insertable<RecordCompaniesTable>, 'company_id'>[];
  groups: Insertable<AffectedGroupsTable>[];
  issues: Insertable<RecordIssuesTable>[];
  sources: Insertable<SourcesTable>[];
}

/** What the store assigns a record when it writes it, in place of what the record carries. */
export interface RecordIdentity {
  id: string;
  slug: string;
  status: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const IDENTITY_KEYS = ['id', 'slug', 'status', 'version', 'createdAt', 'updatedAt'] as const;
type IdentityKey = (typeof IDENTITY_KEYS)[number];

/**
 * Each column of the records table: the field's path in the record, or the identity key the store assigns,
 * and whether it holds a flag (as 0 or 1). Plain data read by one loop, as records are written by the million.
 */
const RECORD_COLUMNS = RECORD_FIELDS.map((field) => ({
  column: field.storeColumn,
  get: field.get,
  identity: IDENTITY_KEYS.find((key): key is IdentityKey => key === field.name),
  flag: field.kind === 'flag',
}));

/** The records table's row of a record: a column for each single-valued field of the model, NULL if absent. */
function recordRow(record: RecordInput, identity: RecordIdentity): Insertable<RecordsTable> {
  const row: Record<string, unknown> = {};
  for (const { column, get, identity: assigned, flag } of RECORD_COLUMNS) {
    const value = assigned ? identity[assigned] : get(record);
    row[column] = flag ? (value ? 1 : 0) : (value ?? null);
  }
  // The columns are the model's fields by the naming rule of `RecordField.storeColumn`.
  return row as Insertable<RecordsTable>;
}

export function toRows(record: RecordInput, identity: RecordIdentity): RecordRows {
  const { id } = identity;
  return {
    record: recordRow(record, identity),
    companies: record.companies.map((company, position) => ({
      record_id: id,
      position,
      name: company.name,
      role: company.role,
    })),
    groups: record.affected.groups.map((group, position) => ({
      record_id: id,
      position,
      type: group.type,
      count: group.count,
      origin: group.origin,
      sector: group.sector,
      subsector: group.subsector,
      gender: group.gender,
      migration_status: group.migrationStatus,
    })),
    issues: record.issues.map((issue, position) => ({ record_id: id, position, issue })),
    sources: record.sources.map((source, position) => ({
      record_id: id,
      position,
      companies: JSON.stringify(source.companies),
      headline: source.headline,
      publisher: source.publisher ?? null,
      url: source.url ?? null,
      published: source.published ?? null,
      excerpt: source.excerpt,
      restricted: source.restricted ? 1 : 0,
    })),
  };
}

export interface StoredRows {
  record: Selectable<RecordsTable>;
  companies: Selectable<RecordCompaniesTable>[];
  groups: Selectable<AffectedGroupsTable>[];
  issues: Selectable<RecordIssuesTable>[];
  sources: Selectable<SourcesTable>[];
}

/** The lists of a record, read from its child rows, by their place in the record. */
function listsOf(rows: StoredRows): Record<string, unknown> {
  return {
    companies: rows.companies.map((company) => ({
      name: company.name,
      role: company.role,
      companyId: company.company_id,
    })),
    'affected.groups': rows.groups.map((group) => ({
      type: group.type,
      count: group.count,
      origin: group.origin,
      sector: group.sector,
      subsector: group.subsector,
      gender: group.gender,
      migrationStatus: group.migration_status,
    })),
    issues: rows.issues.map((row) => row.issue),
    sources: rows.sources.map((source) => ({
      companies: JSON.parse(source.companies),
      headline: source.headline,
      ...(source.publisher !== null ? { publisher: source.publisher } : {}),
      ...(source.url !== null ? { url: source.url } : {}),
      ...(source.published !== null ? { published: source.published } : {}),
      excerpt: source.excerpt,
      ...(source.restricted === 1 ? { restricted: true } : {}),
    })),
  };
}

type Row = Record<string, unknown>;

/**
 * How a record is read from its rows, key by key in the schema's order (so that it serialises as it was
 * written): a column's value, kept as it is, left out when NULL, or read as a flag; a list; or an object of
 * more keys, opened and closed. Plain data read by one loop, as records are read by the million.
 */
interface Step {
  kind: 'value' | 'optional' | 'flag' | 'list' | 'open' | 'close';
  key: string;
  /** The column, or the list's name. */
  from: string;
}

const fieldsByName = new Map(RECORD_FIELDS.map((field) => [field.name, field]));
function stepsOf(shape: Record<string, unknown>, parents: string[]): Step[] {
  return Object.entries(shape).flatMap(([key, schema]): Step[] => {
    const name = [...parents, key].join('.');
    const field = fieldsByName.get(name);
    if (field) {
      const kind = field.kind === 'flag' ? 'flag' : field.optional ? 'optional' : 'value';
      return [{ kind, key, from: field.storeColumn }];
    }
    if (schema instanceof z.ZodObject)
      return [
        { kind: 'open', key, from: '' },
        ...stepsOf(schema.shape, [...parents, key]),
        { kind: 'close', key, from: '' },
      ];
    return [{ kind: 'list', key, from: name }];
  });
}
const RECORD_STEPS = stepsOf(StoredRecord.shape, []);

function assemble(row: Row, lists: Row): Row {
  const outer: Row[] = [];
  let into: Row = {};
  for (const { kind, key, from } of RECORD_STEPS) {
    switch (kind) {
      case 'value':
        into[key] = row[from];
        break;
      case 'optional':
        if (row[from] !== null) into[key] = row[from];
        break;
      case 'flag':
        into[key] = row[from] === 1;
        break;
      case 'list':
        into[key] = lists[from];
        break;
      case 'open': {
        const inner: Row = {};
        into[key] = inner;
        outer.push(into);
        into = inner;
        break;
      }
      case 'close':
        into = outer.pop()!;
    }
  }
  return into;
}

export function fromRows(rows: StoredRows): StoredRecord {
  // The store wrote these rows from valid records; their enumerations and JSON are trusted as they are.
  return assemble(rows.record, listsOf(rows)) as StoredRecord;
}

/**
 * The text of a record's rows that full-text search indexes: public text only, so that a public search can
 * never find a record by its internal notes or a restricted source.
 */
export function searchableText(rows: RecordRows): SearchableText {
  return {
    id: rows.record.id,
    title: rows.record.title,
    summary: rows.record.summary ?? '',
    companies: rows.companies.map((company) => company.name).join(' \n '),
    excerpts: rows.sources
      .filter((source) => source.restricted !== 1)
      .map((source) => `${source.headline}\n${source.excerpt}`)
      .join('\n'),
    country: rows.record.location_country ?? null,
    issues: rows.issues.map((issue) => issue.issue),
  };
}
