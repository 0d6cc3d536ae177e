import type { Kysely, Transaction } from 'kysely';
import { ulid } from 'ulid';
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';
import { PUBLIC_STATUSES } from '../domain/record.ts';
import { PendingChanges } from './change-feed.ts';
import type { Database } from './schema.ts';

/** Decisions about companies: merging one into another, keeping two apart, splitting one by name. */
const Decision = z.enum(['merged', 'not_same', 'split']);

export interface CompanyDecision {
  id: string;
  companyA: string;
  companyB: string;
  nameA: string;
  nameB: string;
  decision: z.infer<typeof Decision>;
  author: string;
  at: string;
}

type Author = { userId: string | null; name: string };

/**
 * The published records that link a company (by any of their names, or by one name only): a merge or a split
 * changes the company id they show, a change for the change feed.
 */
async function publishedRecordsOf(trx: Transaction<Database>, companyId: string, name?: string) {
  let select = trx
    .selectFrom('record_companies')
    .innerJoin('records', 'records.id', 'record_companies.record_id')
    .select('records.id')
    .distinct()
    .where('record_companies.company_id', '=', companyId)
    .where('records.status', 'in', [...PUBLIC_STATUSES]);
  if (name !== undefined) select = select.where('record_companies.name', '=', name);
  return (await select.orderBy('records.id').execute()).map((row) => row.id);
}

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
    const feed = new PendingChanges();
    feed.changed(await publishedRecordsOf(trx, from.id));
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
    await feed.append(trx);
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
    const feed = new PendingChanges();
    feed.changed(await publishedRecordsOf(trx, id, name));
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
    await feed.append(trx);
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
    decision: Decision.parse(row.decision),
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
