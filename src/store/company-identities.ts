import { type Kysely, type Transaction, sql } from 'kysely';
import { ulid } from 'ulid';
import type { CompanyInput } from '../domain/company.ts';
import { InputError } from '../domain/errors.ts';
import type { RecordStatus } from '../domain/record.ts';
import type { MatchableCompany } from '../matching/matchable.ts';
import type { Database } from './schema.ts';

/** Company identities: importing them, and reading them all for the matcher. */

export interface CompanyImportSummary {
  added: number;
  updated: number;
}

async function replaceNames(trx: Transaction<Database>, companyId: string, company: CompanyInput) {
  await trx.deleteFrom('company_names').where('company_id', '=', companyId).execute();
  const rows = new Map<string, string>();
  for (const name of company.previousNames) if (name !== company.name) rows.set(name, 'previous');
  for (const name of company.aliases) if (name !== company.name) rows.set(name, 'alias');
  if (rows.size > 0) {
    await trx
      .insertInto('company_names')
      .values([...rows].map(([name, kind]) => ({ company_id: companyId, name, kind })))
      .execute();
  }
}

/**
 * Adds companies, or updates those already known by their canonical name, with their other names; then links
 * parents by name. One transaction: a parent that is not known fails the import and nothing is written.
 */
export async function importCompanies(
  db: Kysely<Database>,
  companies: readonly CompanyInput[],
): Promise<CompanyImportSummary> {
  return db.transaction().execute(async (trx) => {
    const summary = { added: 0, updated: 0 };
    const ids = new Map<string, string>();
    const now = new Date().toISOString();
    for (const company of companies) {
      const values = {
        country: company.country ?? null,
        website: company.website ?? null,
        identifiers: Object.keys(company.identifiers).length > 0 ? JSON.stringify(company.identifiers) : null,
        imported: 1,
      };
      const existing = await trx
        .selectFrom('companies')
        .select('id')
        .where('name', '=', company.name)
        .executeTakeFirst();
      let id = existing?.id;
      if (id) {
        await trx.updateTable('companies').set(values).where('id', '=', id).execute();
        summary.updated++;
      } else {
        id = ulid();
        await trx
          .insertInto('companies')
          .values({ id, name: company.name, created_at: now, parent_id: null, ...values })
          .execute();
        summary.added++;
      }
      ids.set(company.name, id);
      await replaceNames(trx, id, company);
    }
    for (const [index, company] of companies.entries()) {
      if (!company.parent) continue;
      const parentId =
        ids.get(company.parent) ??
        (await trx.selectFrom('companies').select('id').where('name', '=', company.parent).executeTakeFirst())
          ?.id;
      if (!parentId) {
        throw new InputError('unknown_parent', [
          {
            code: 'unknown_parent',
            path: `/${index}/parent`,
            message: `the parent company "${company.parent}" of "${company.name}" is not known: import it first or in the same file`,
          },
        ]);
      }
      await trx
        .updateTable('companies')
        .set({ parent_id: parentId })
        .where('id', '=', ids.get(company.name)!)
        .execute();
    }
    return summary;
  });
}

/**
 * The companies a matcher may propose, with their other names and their number of records with one of the
 * statuses: those imported as identities, and those that records with one of the statuses name. A company
 * known only from a draft is not proposed to the public: its name would tell of the draft.
 */
export async function matchableCompanies(
  db: Kysely<Database>,
  statuses: readonly RecordStatus[],
): Promise<MatchableCompany[]> {
  const [all, names, counts] = await Promise.all([
    db
      .selectFrom('companies')
      .select(['id', 'name', 'country', 'parent_id', 'imported'])
      .orderBy('id')
      .execute(),
    db.selectFrom('company_names').select(['company_id', 'name']).execute(),
    db
      .selectFrom('record_companies')
      .innerJoin('records', 'records.id', 'record_companies.record_id')
      .where('records.status', 'in', [...statuses])
      .select([
        'record_companies.company_id',
        sql<number>`count(DISTINCT record_companies.record_id)`.as('count'),
      ])
      .groupBy('record_companies.company_id')
      .execute(),
  ]);
  const otherNames = new Map<string, string[]>();
  for (const row of names) {
    const list = otherNames.get(row.company_id);
    if (list) list.push(row.name);
    else otherNames.set(row.company_id, [row.name]);
  }
  const allegations = new Map(counts.map((row) => [row.company_id, Number(row.count)]));
  const companies = all.filter((company) => company.imported === 1 || allegations.has(company.id));
  return companies.map((company) => ({
    id: company.id,
    name: company.name,
    otherNames: otherNames.get(company.id) ?? [],
    country: company.country,
    parentId: company.parent_id,
    allegations: allegations.get(company.id) ?? 0,
  }));
}
