import type { Kysely } from 'kysely';
import { type StoredRecord, withoutConfidential } from '../domain/record.ts';
import { fromRows } from './record-rows.ts';
import type { Database } from './schema.ts';

/** Reading whole records: the record rows, then their child rows in one query per table. */

type StoredRowsRecord = Parameters<typeof fromRows>[0]['record'];

/** Records by id, in the order of the ids given. */
export async function recordsByIds(db: Kysely<Database>, ids: readonly string[]): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('records')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map((await hydrate(db, rows)).map((record) => [record.id, record]));
  return ids.map((id) => byId.get(id)).filter((record): record is StoredRecord => record !== undefined);
}

/** Rows of child tables by the record they belong to, in the order read. */
export function groupByRecord<T extends { record_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.record_id);
    if (list) list.push(row);
    else map.set(row.record_id, [row]);
  }
  return map;
}

/** Whether a read includes the confidential fields; reads leave them out unless asked. */
export interface ReadOptions {
  confidential?: boolean;
}

/**
 * Reads the child rows of a page of records in one query per table and assembles the records, without their
 * confidential fields unless `confidential` is set.
 */
export async function hydrate(
  db: Kysely<Database>,
  records: StoredRowsRecord[],
  options: ReadOptions = {},
): Promise<StoredRecord[]> {
  if (records.length === 0) return [];
  const ids = records.map((record) => record.id);
  const [companies, groups, issues, sources] = await Promise.all([
    db
      .selectFrom('record_companies')
      .selectAll()
      .where('record_id', 'in', ids)
      .orderBy('record_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('affected_groups')
      .selectAll()
      .where('record_id', 'in', ids)
      .orderBy('record_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('record_issues')
      .selectAll()
      .where('record_id', 'in', ids)
      .orderBy('record_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('sources')
      .selectAll()
      .where('record_id', 'in', ids)
      .orderBy('record_id')
      .orderBy('position')
      .execute(),
  ]);
  const byCompanies = groupByRecord(companies);
  const byGroups = groupByRecord(groups);
  const byIssues = groupByRecord(issues);
  const bySources = groupByRecord(sources);
  return records.map((record) => {
    const stored = fromRows({
      record,
      companies: byCompanies.get(record.id) ?? [],
      groups: byGroups.get(record.id) ?? [],
      issues: byIssues.get(record.id) ?? [],
      sources: bySources.get(record.id) ?? [],
    });
    return options.confidential ? stored : withoutConfidential(stored);
  });
}
