import { type Insertable, type Kysely, type Transaction } from 'kysely';
import { monotonicFactory } from 'ulid';
import { InputError } from '../domain/errors.ts';
import { recordSlug } from '../domain/identity.ts';
import type { RecordInput } from '../domain/record.ts';
import type { PendingChanges } from './change-feed.ts';
import { searchableText, toRows, type RecordRows } from './record-rows.ts';
import type { Database } from './schema.ts';
import type { UpsertOptions, UpsertSummary } from './store.ts';
import type { TextSearch } from './text-search.ts';

/** The write path of the store: one batch of records, with its companies, child rows and search text. */

/** Ids sort in the order records were written, even within one millisecond. */
const ulid = monotonicFactory();

/** Rows per INSERT statement are bounded by the number of bound parameters a statement may carry. */
const MAX_PARAMETERS = 30_000;
/** Records per write batch inside one transaction. */
export const BATCH = 500;

type Executor = Kysely<Database> | Transaction<Database>;

/** Writes rows into a table inside the current transaction; an adapter may bring a faster one than Kysely's. */
export type RowWriter = <T extends keyof Database & string>(
  db: Executor,
  table: T,
  rows: readonly Insertable<Database[T]>[],
) => Promise<void>;

/** The portable writer: multi-row INSERTs built by Kysely, bounded by the parameters one statement may carry. */
export const kyselyRowWriter: RowWriter = async (db, table, rows) => {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  for (let start = 0; start < rows.length; start += perStatement) {
    // Kysely cannot relate a generic table name to its row type; the parameter type above checks the rows.
    await db
      .insertInto(table)
      .values(rows.slice(start, start + perStatement) as never)
      .execute();
  }
};

/** Migrates to the latest version: the shared migrations plus the adapter's own (e.g. its search index). */
/** What a batch write needs from its store. */
export interface WriteContext {
  insertRows: RowWriter;
  textSearch: TextSearch;
}

/**
 * Writes one batch of records inside `trx`, noting in `feed` each record's status before and after, for the
 * change feed that the caller appends at the end of the transaction.
 */
export async function writeBatch(
  context: WriteContext,
  trx: Transaction<Database>,
  batch: readonly RecordInput[],
  offset: number,
  options: UpsertOptions,
  companyIds: Map<string, string>,
  summary: UpsertSummary,
  feed: PendingChanges,
): Promise<void> {
  const now = new Date().toISOString();
  const slugs = batch.map((record) => record.slug ?? recordSlug(record));
  const ids = batch.map((record) => record.id).filter((id): id is string => id !== undefined);
  const existing = await trx
    .selectFrom('records')
    .select(['id', 'slug', 'status', 'version', 'created_at'])
    .where((eb) => eb.or([eb('slug', 'in', slugs), ...(ids.length > 0 ? [eb('id', 'in', ids)] : [])]))
    .execute();
  const byId = new Map(existing.map((row) => [row.id, row]));
  const bySlug = new Map(existing.map((row) => [row.slug, row]));

  const rows: RecordRows[] = [];
  const replaced: string[] = [];
  const seenInBatch = new Map<string, number>();
  batch.forEach((record, index) => {
    const slug = slugs[index]!;
    // Known by its id; only a record without an id is known by its slug.
    const known = record.id !== undefined ? byId.get(record.id) : bySlug.get(slug);
    const holder = bySlug.get(slug);
    if (holder && holder.id !== (known?.id ?? record.id)) {
      throw new InputError('slug_conflict', [
        {
          code: 'slug_conflict',
          path: `/${offset + index}`,
          message: `record ${record.id ?? ''} "${record.title}" has the title and date reported of record ${holder.id} (slug ${slug}): give it that id, or change its title or date`,
        },
      ]);
    }
    const id = known?.id ?? record.id ?? ulid();
    const status = record.status ?? options.status ?? known?.status ?? 'published';
    const createdAt = options.keepTimestamps
      ? (record.createdAt ?? now)
      : (known?.created_at ?? record.createdAt ?? now);
    const updatedAt = options.keepTimestamps ? (record.updatedAt ?? now) : now;
    // A copy keeps the version it had; any other write makes a new version.
    const version = options.keepTimestamps
      ? (record.version ?? known?.version ?? 1)
      : known
        ? known.version + 1
        : 1;
    const row = toRows(record, { id, slug, status, version, createdAt, updatedAt });
    feed.written(id, known?.status, status, record.mergedInto ?? null);
    // The same record twice in one batch: the later one wins, as it would across batches.
    const earlier = seenInBatch.get(id) ?? seenInBatch.get(`slug:${slug}`);
    if (earlier !== undefined) {
      rows[earlier] = row;
      summary.updated++;
      return;
    }
    seenInBatch.set(id, rows.length);
    seenInBatch.set(`slug:${slug}`, rows.length);
    rows.push(row);
    if (known) {
      replaced.push(known.id);
      summary.updated++;
    } else {
      bySlug.set(slug, { id, slug, status, version, created_at: createdAt });
      summary.added++;
    }
    summary.ids.push(id);
  });

  if (replaced.length > 0) {
    await context.textSearch.remove(trx, replaced);
    await trx.deleteFrom('records').where('id', 'in', replaced).execute();
  }
  await linkCompanies(context, trx, rows, batch, companyIds, now);
  await context.insertRows(
    trx,
    'records',
    rows.map((row) => row.record),
  );
  await context.insertRows(
    trx,
    'record_companies',
    rows.flatMap((row) => row.companies.map((link) => ({ ...link, company_id: companyIds.get(link.name)! }))),
  );
  await context.insertRows(
    trx,
    'affected_groups',
    rows.flatMap((row) => row.groups),
  );
  await context.insertRows(
    trx,
    'record_issues',
    rows.flatMap((row) => row.issues),
  );
  await context.insertRows(
    trx,
    'sources',
    rows.flatMap((row) => row.sources),
  );
  await context.textSearch.index(trx, rows.map(searchableText));
}

/** For now a company named in a record is linked by its exact name, and created when new. */
async function linkCompanies(
  context: WriteContext,
  trx: Transaction<Database>,
  rows: RecordRows[],
  batch: readonly RecordInput[],
  companyIds: Map<string, string>,
  now: string,
): Promise<void> {
  // A new company keeps the id its record carries (a copy or restore), unless another company has it.
  const suggested = new Map<string, string>();
  for (const record of batch) {
    for (const company of record.companies)
      if (company.companyId) suggested.set(company.name, company.companyId);
  }
  const names = [...new Set(rows.flatMap((row) => row.companies.map((company) => company.name)))].filter(
    (name) => !companyIds.has(name),
  );
  for (let start = 0; start < names.length; start += 1000) {
    const chunk = names.slice(start, start + 1000);
    const found = await trx
      .selectFrom('companies')
      .select(['id', 'name'])
      .where('name', 'in', chunk)
      .execute();
    for (const company of found) companyIds.set(company.name, company.id);
    // A name that is another name of a known company (an alias, or a company merged into it) links there.
    const unresolved = chunk.filter((name) => !companyIds.has(name));
    if (unresolved.length > 0) {
      const aliases = await trx
        .selectFrom('company_names')
        .select(['company_id', 'name'])
        .where('name', 'in', unresolved)
        .orderBy('company_id')
        .execute();
      for (const alias of aliases)
        if (!companyIds.has(alias.name)) companyIds.set(alias.name, alias.company_id);
    }
  }
  const wanted = [
    ...new Set(names.filter((name) => !companyIds.has(name)).map((name) => suggested.get(name))),
  ].filter((id): id is string => id !== undefined);
  const taken = new Set(
    wanted.length > 0
      ? (await trx.selectFrom('companies').select('id').where('id', 'in', wanted).execute()).map(
          (row) => row.id,
        )
      : [],
  );
  const created = names
    .filter((name) => !companyIds.has(name))
    .map((name) => {
      const id = suggested.get(name);
      const usable = id !== undefined && !taken.has(id);
      if (usable) taken.add(id);
      return { id: usable ? id : ulid(), name, created_at: now };
    });
  // Another process may create the same company at the same moment: the name decides, and the ids are read
  // back from what was stored.
  for (let start = 0; start < created.length; start += 1000) {
    const chunk = created.slice(start, start + 1000);
    await trx
      .insertInto('companies')
      .values(chunk)
      .onConflict((conflict) => conflict.column('name').doNothing())
      .execute();
    const stored = await trx
      .selectFrom('companies')
      .select(['id', 'name'])
      .where(
        'name',
        'in',
        chunk.map((company) => company.name),
      )
      .execute();
    for (const company of stored) companyIds.set(company.name, company.id);
  }
}
