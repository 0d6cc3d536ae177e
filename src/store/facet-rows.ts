import { publicOutcome } from '../domain/response.ts';
import type { FacetIndexBuilder } from '../search/facet-index-builder.ts';

/**
 * The rows the facet index is built from, written once for every way of reading them (SQLite's own reader,
 * a PostgreSQL cursor, Kysely for in-memory databases). Each row is an array in the order of its SELECT.
 */
export interface FacetRowQuery {
  sql: string;
  add(builder: FacetIndexBuilder, row: unknown[]): void;
}

const text = (value: unknown) => String(value);
const optionalText = (value: unknown) => (value === null || value === undefined ? null : String(value));
const optionalNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** The queries, given the column that holds a record's numeric key (`rowid` on SQLite, `seq` on PostgreSQL). */
export function facetRowQueries(keyColumn: string): FacetRowQuery[] {
  const key = `records.${keyColumn}`;
  const child = (table: string, columns: string) =>
    `SELECT ${key}, ${columns} FROM ${table} t JOIN records ON records.id = t.record_id`;
  return [
    {
      sql: `SELECT ${key}, status, date_reported, location_country, source_type, response_sought, affected_total FROM records`,
      add: (builder, row) =>
        builder.addRecord(
          Number(row[0]),
          text(row[1]),
          text(row[2]),
          text(row[3]),
          optionalText(row[4]),
          Number(row[5]) === 1,
          optionalNumber(row[6]),
        ),
    },
    {
      sql: child('affected_groups', 't.origin, t.sector, t.gender, t.migration_status, t.count'),
      add: (builder, row) =>
        builder.addGroup(
          Number(row[0]),
          optionalText(row[1]),
          optionalText(row[2]),
          optionalText(row[3]),
          text(row[4]),
          optionalNumber(row[5]),
        ),
    },
    {
      sql: child('record_companies', 't.company_id, t.role'),
      add: (builder, row) => builder.addCompany(Number(row[0]), text(row[1]), text(row[2])),
    },
    {
      sql: child('record_issues', 't.issue'),
      add: (builder, row) => builder.addIssue(Number(row[0]), text(row[1])),
    },
    {
      sql: child('response_requests', 't.status, t.review'),
      add: (builder, row) =>
        builder.addResponse(Number(row[0]), publicOutcome(text(row[1]), optionalText(row[2]))),
    },
  ];
}
