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

export interface CompanyDecision {
  id: string;
  companyA: string;
  companyB: string;
  nameA: string;
  nameB: string;
  decision: 'merged' | 'not_same' | 'split';
  author: string;
  at: string;
}

type Author = { userId: string | null; name: string };

async function companyRow(trx: Transaction<Database>, id: string) {
  const row = await trx
    .selectFrom('companies')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row)
    throw new InputError('unknown_company', [
      { code: 'unknown_company', path: '/company', message: `no company has the id ${id}` },
    ]);
  return row;
}

async function recordDecision(
  trx: Transaction<Database>,
  a: { id: string; name: string },
  b: { id: string; name: string },
  decision: CompanyDecision['decision'],
  author: Author,
) {
  await trx
    .insertInto('company_decisions')
    .values({
      id: ulid(),
      company_a: a.id,
      company_b: b.id,
      name_a: a.name,
      name_b: b.name,
      decision,
      user_id: author.userId,
      author: author.name,
      at: new Date().toISOString(),
    })
    .execute();
}

/**
 * Merges one company into another: its records, other names and subsidiaries move over, its name becomes an
 * alias of the one kept (so that records naming it are linked there), and the decision is stored.
 */
export async function mergeCompanies(
  db: Kysely<Database>,
  fromId: string,
  intoId: string,
  author: Author,
): Promise<void> {
  if (fromId === intoId) {
    throw new InputError('invalid_merge', [
      { code: 'invalid_merge', path: '/into', message: 'a company cannot be merged into itself' },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    const from = await companyRow(trx, fromId);
    const into = await companyRow(trx, intoId);
    await trx
      .updateTable('record_companies')
      .set({ company_id: into.id })
      .where('company_id', '=', from.id)
      .execute();
    await trx.updateTable('companies').set({ parent_id: into.id }).where('parent_id', '=', from.id).execute();
    const names = await trx
      .selectFrom('company_names')
      .select(['name', 'kind'])
      .where('company_id', '=', from.id)
      .execute();
    const kept = new Set(
      (await trx.selectFrom('company_names').select('name').where('company_id', '=', into.id).execute()).map(
        (row) => row.name,
      ),
    );
    const moved = [...names, { name: from.name, kind: 'alias' }].filter(
      (row) => row.name !== into.name && !kept.has(row.name),
    );
    await trx.deleteFrom('company_names').where('company_id', '=', from.id).execute();
    if (moved.length > 0) {
      await trx
        .insertInto('company_names')
        .values(
          [...new Map(moved.map((row) => [row.name, row])).values()].map((row) => ({
            company_id: into.id,
            ...row,
          })),
        )
        .execute();
    }
    // An imported identity stays public through the company it was merged into.
    const imported = await trx
      .selectFrom('companies')
      .select('imported')
      .where('id', '=', from.id)
      .executeTakeFirstOrThrow();
    if (imported.imported === 1)
      await trx.updateTable('companies').set({ imported: 1 }).where('id', '=', into.id).execute();
    await trx.deleteFrom('companies').where('id', '=', from.id).execute();
    await recordDecision(trx, from, into, 'merged', author);
  });
}

/** Records that two companies are not the same, so that they are never proposed as one again. */
export async function markNotSame(
  db: Kysely<Database>,
  aId: string,
  bId: string,
  author: Author,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const [a, b] = [await companyRow(trx, aId), await companyRow(trx, bId)].sort((x, y) =>
      x.id.localeCompare(y.id),
    );
    await recordDecision(trx, a!, b!, 'not_same', author);
  });
}

/**
 * Splits off the records that give a company one of its names into a new company of that name (a merge that
 * was wrong, or two companies linked by one name), and stores that the two are not the same.
 */
export async function splitCompany(
  db: Kysely<Database>,
  id: string,
  name: string,
  author: Author,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const company = await companyRow(trx, id);
    if (name === company.name) {
      throw new InputError('invalid_split', [
        {
          code: 'invalid_split',
          path: '/name',
          message: 'the canonical name stays with the company: split off another name',
        },
      ]);
    }
    const links = await trx
      .selectFrom('record_companies')
      .select('record_id')
      .where('company_id', '=', id)
      .where('name', '=', name)
      .execute();
    if (links.length === 0) {
      throw new InputError('invalid_split', [
        { code: 'invalid_split', path: '/name', message: `no record names ${company.name} as "${name}"` },
      ]);
    }
    const newId = ulid();
    await trx.deleteFrom('company_names').where('company_id', '=', id).where('name', '=', name).execute();
    await trx
      .insertInto('companies')
      .values({
        id: newId,
        name,
        created_at: new Date().toISOString(),
        country: null,
        website: null,
        identifiers: null,
        parent_id: null,
      })
      .execute();
    await trx
      .updateTable('record_companies')
      .set({ company_id: newId })
      .where('company_id', '=', id)
      .where('name', '=', name)
      .execute();
    const [a, b] = [company, { id: newId, name }].sort((x, y) => x.id.localeCompare(y.id));
    await recordDecision(trx, a!, b!, 'split', author);
    await recordDecision(trx, a!, b!, 'not_same', author);
    return newId;
  });
}

export async function companyDecisions(db: Kysely<Database>, id: string): Promise<CompanyDecision[]> {
  const rows = await db
    .selectFrom('company_decisions')
    .selectAll()
    .where((eb) => eb.or([eb('company_a', '=', id), eb('company_b', '=', id)]))
    .orderBy('at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    companyA: row.company_a,
    companyB: row.company_b,
    nameA: row.name_a,
    nameB: row.name_b,
    decision: row.decision as CompanyDecision['decision'],
    author: row.author,
    at: row.at,
  }));
}

/** The pairs (as "a|b" in id order) decided not to be the same company. */
export async function notSamePairs(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom('company_decisions')
    .select(['company_a', 'company_b'])
    .where('decision', '=', 'not_same')
    .execute();
  return new Set(rows.map((row) => pairKey(row.company_a, row.company_b)));
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
