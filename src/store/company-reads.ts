import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { RecordStatus } from '../domain/record.ts';
import { recordsByIds } from './record-reads.ts';
import type { Database } from './schema.ts';
import type { CompanyDetail, CompanySummary } from './store.ts';

/** Reading companies: a company's page, the list of companies, names by id. */

/** Ids per query where a list of them is matched with IN. */
const IDS_PER_QUERY = 500;
/** Records shown on a company's page, newest first. */
const RECORDS_PER_COMPANY = 1000;

const Identifiers = z.record(z.string(), z.string());

export async function companyNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const rows = await db
      .selectFrom('companies')
      .select(['id', 'name'])
      .where('id', 'in', ids.slice(start, start + IDS_PER_QUERY))
      .execute();
    for (const row of rows) names.set(row.id, row.name);
  }
  return names;
}

export async function countCompanies(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A company with its names, identity, parent, subsidiaries and the records (with one of the statuses) naming it. */
export async function getCompany(
  db: Kysely<Database>,
  id: string,
  statuses: readonly RecordStatus[],
): Promise<CompanyDetail | undefined> {
  const company = await db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!company) return undefined;
  const links = await db
    .selectFrom('record_companies')
    .innerJoin('records', 'records.id', 'record_companies.record_id')
    .select(['record_companies.record_id', 'record_companies.role', 'record_companies.name'])
    .where('record_companies.company_id', '=', id)
    .where('records.status', 'in', [...statuses])
    .orderBy('records.date_reported', 'desc')
    .limit(RECORDS_PER_COMPANY)
    .execute();
  const records = await recordsByIds(db, [...new Set(links.map((link) => link.record_id))]);
  const rolesByRecord = new Map<string, string[]>();
  for (const link of links)
    rolesByRecord.set(link.record_id, [...(rolesByRecord.get(link.record_id) ?? []), link.role]);
  const [otherNames, parent, subsidiaries] = await Promise.all([
    db
      .selectFrom('company_names')
      .select(['name', 'kind'])
      .where('company_id', '=', id)
      .orderBy('name')
      .execute(),
    company.parent_id
      ? db
          .selectFrom('companies')
          .select(['id', 'name'])
          .where('id', '=', company.parent_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    db.selectFrom('companies').select(['id', 'name']).where('parent_id', '=', id).orderBy('name').execute(),
  ]);
  return {
    id: company.id,
    name: company.name,
    namesInRecords: [...new Set(links.map((link) => link.name))],
    otherNames,
    country: company.country,
    website: company.website,
    identifiers: company.identifiers ? Identifiers.parse(JSON.parse(company.identifiers)) : {},
    parent: parent ?? null,
    subsidiaries,
    records: records.map((record) => ({ record, roles: rolesByRecord.get(record.id) ?? [] })),
  };
}

/** Companies named in records with one of the statuses, by name, optionally whose name contains `q`. */
export async function listCompanies(
  db: Kysely<Database>,
  options: { statuses: readonly RecordStatus[]; q?: string; after?: string; limit: number },
): Promise<{ companies: CompanySummary[]; next?: string }> {
  let select = db
    .selectFrom('companies')
    .innerJoin('record_companies', 'record_companies.company_id', 'companies.id')
    .innerJoin('records', 'records.id', 'record_companies.record_id')
    .where('records.status', 'in', [...options.statuses])
    .select(['companies.id', 'companies.name', sql<number>`count(DISTINCT records.id)`.as('records')])
    .groupBy(['companies.id', 'companies.name'])
    .orderBy('companies.name')
    .orderBy('companies.id')
    .limit(options.limit + 1);
  if (options.q) {
    const pattern = `%${options.q.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    select = select.where(sql<boolean>`lower(companies.name) LIKE ${pattern} ESCAPE '\\'`);
  }
  if (options.after) select = select.where('companies.name', '>', options.after);
  const rows = await select.execute();
  const companies = rows.slice(0, options.limit).map((row) => ({ ...row, records: Number(row.records) }));
  const last = companies.at(-1);
  return rows.length > options.limit && last ? { companies, next: last.name } : { companies };
}
