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
const identityKey = (name: string): IdentityKey | undefined => IDENTITY_KEYS.find((key) => key === name);

/** Each column of the records table, with how a record's row gets its value: a flag as 0 or 1, absence as NULL. */
const RECORD_COLUMNS = RECORD_FIELDS.map((field) => {
  const assigned = identityKey(field.name);
  const value: (record: RecordInput, identity: RecordIdentity) => unknown = assigned
    ? (_record, identity) => identity[assigned]
    : field.kind === 'flag'
      ? (record) => (field.get(record) ? 1 : 0)
      : (record) => field.get(record) ?? null;
  return { column: field.storeColumn, value };
});

/** The records table's row of a record: a column for each single-valued field of the model. */
function recordRow(record: RecordInput, identity: RecordIdentity): Insertable<RecordsTable> {
  const row: Record<string, unknown> = {};
  for (const { column, value } of RECORD_COLUMNS) row[column] = value(record, identity);
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
/** Sets one key of a record being read from its rows. */
type Step = (row: Row, lists: Row, into: Row) => void;

const fieldsByName = new Map(RECORD_FIELDS.map((field) => [field.name, field]));
/** The steps that read each key of an object schema, in its order: a field, a list, or an object of more. */
function stepsOf(shape: Record<string, unknown>, parents: string[]): Step[] {
  return Object.entries(shape).map(([key, schema]): Step => {
    const name = [...parents, key].join('.');
    const field = fieldsByName.get(name);
    if (field) {
      const column = field.storeColumn;
      if (field.kind === 'flag') return (row, _lists, into) => void (into[key] = row[column] === 1);
      if (field.optional)
        return (row, _lists, into) => {
          if (row[column] !== null) into[key] = row[column];
        };
      return (row, _lists, into) => void (into[key] = row[column]);
    }
    if (schema instanceof z.ZodObject) {
      const steps = stepsOf(schema.shape, [...parents, key]);
      return (row, lists, into) => void (into[key] = assemble(steps, row, lists));
    }
    return (_row, lists, into) => void (into[key] = lists[name]);
  });
}

function assemble(steps: readonly Step[], row: Row, lists: Row): Row {
  const into: Row = {};
  for (const step of steps) step(row, lists, into);
  return into;
}

/** Built in the schema's key order, so that a record read back serialises as it was written. */
const RECORD_STEPS = stepsOf(StoredRecord.shape, []);

export function fromRows(rows: StoredRows): StoredRecord {
  // The store wrote these rows from valid records; their enumerations and JSON are trusted as they are.
  return assemble(RECORD_STEPS, rows.record, listsOf(rows)) as StoredRecord;
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
