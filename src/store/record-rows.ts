import type { Insertable, Selectable } from 'kysely';
import type { RecordInput, StoredRecord } from '../domain/record.ts';
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

export function toRows(
  record: RecordInput,
  identity: {
    id: string;
    slug: string;
    status: string;
    version: number;
    createdAt: string;
    updatedAt: string;
  },
): RecordRows {
  const { id } = identity;
  return {
    record: {
      id,
      slug: identity.slug,
      title: record.title,
      summary: record.summary ?? null,
      date_reported: record.dateReported,
      location_country: record.location.country,
      location_city: record.location.city ?? null,
      affected_total: record.affected.total,
      response_sought: record.response.sought ? 1 : 0,
      source_type: record.sourceType ?? null,
      status: identity.status,
      version: identity.version,
      internal_notes: record.internalNotes ?? null,
      retraction_reason: record.retractionReason ?? null,
      merged_into: record.mergedInto ?? null,
      created_at: identity.createdAt,
      updated_at: identity.updatedAt,
    },
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

export function fromRows(rows: StoredRows): StoredRecord {
  const { record } = rows;
  return {
    id: record.id,
    slug: record.slug,
    title: record.title,
    ...(record.summary !== null ? { summary: record.summary } : {}),
    dateReported: record.date_reported,
    location: {
      country: record.location_country,
      ...(record.location_city !== null ? { city: record.location_city } : {}),
    },
    companies: rows.companies.map((company) => ({
      name: company.name,
      role: company.role as StoredRecord['companies'][number]['role'],
      companyId: company.company_id,
    })),
    affected: {
      total: record.affected_total,
      groups: rows.groups.map((group) => ({
        type: group.type,
        count: group.count,
        origin: group.origin,
        sector: group.sector,
        subsector: group.subsector,
        gender: group.gender as StoredRecord['affected']['groups'][number]['gender'],
        migrationStatus:
          group.migration_status as StoredRecord['affected']['groups'][number]['migrationStatus'],
      })),
    },
    issues: rows.issues.map((row) => row.issue),
    response: { sought: record.response_sought === 1 },
    ...(record.source_type !== null ? { sourceType: record.source_type as StoredRecord['sourceType'] } : {}),
    sources: rows.sources.map((source) => ({
      companies: JSON.parse(source.companies) as string[],
      headline: source.headline,
      ...(source.publisher !== null ? { publisher: source.publisher } : {}),
      ...(source.url !== null ? { url: source.url } : {}),
      ...(source.published !== null ? { published: source.published } : {}),
      excerpt: source.excerpt,
      ...(source.restricted === 1 ? { restricted: true } : {}),
    })),
    status: record.status as StoredRecord['status'],
    ...(record.internal_notes !== null ? { internalNotes: record.internal_notes } : {}),
    ...(record.retraction_reason !== null ? { retractionReason: record.retraction_reason } : {}),
    ...(record.merged_into !== null ? { mergedInto: record.merged_into } : {}),
    version: record.version,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
  };
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
