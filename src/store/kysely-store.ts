import { type Insertable, type Kysely, type Transaction, Migrator } from 'kysely';
import { monotonicFactory } from 'ulid';
import { InputError } from '../domain/errors.ts';
import type { RecordInput, RecordStatus, StoredRecord } from '../domain/record.ts';
import { recordSlug } from '../domain/identity.ts';
import { migrationProvider } from './migrations/index.ts';
import { fromRows, toRows, type RecordRows } from './record-rows.ts';
import type { Database } from './schema.ts';
import type { RecordListQuery, RecordPage, RecordStore, UpsertSummary } from './store.ts';

/** Ids sort in the order records were written, even within one millisecond. */
const ulid = monotonicFactory();

/** Rows per INSERT statement are bounded by the number of bound parameters a statement may carry. */
const MAX_PARAMETERS = 30_000;
/** Records per write batch inside one transaction. */
const BATCH = 500;

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

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}

/** The RecordStore over any Kysely dialect; SQL here must run on SQLite and PostgreSQL alike. */
export class KyselyRecordStore implements RecordStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly backend: 'sqlite' | 'postgres',
    private readonly options: { insertRows?: RowWriter; onClose?: () => Promise<void> } = {},
  ) {}

  private insertRows: RowWriter = (db, table, rows) =>
    (this.options.insertRows ?? kyselyRowWriter)(db, table, rows);

  upsertRecords(
    records: readonly RecordInput[],
    options: { status?: RecordStatus; onProgress?: (written: number) => void } = {},
  ): Promise<UpsertSummary> {
    async function* single() {
      yield records;
    }
    return this.upsertBatches(single(), options);
  }

  async upsertBatches(
    batches: AsyncIterable<readonly RecordInput[]>,
    options: { status?: RecordStatus; onProgress?: (written: number) => void } = {},
  ): Promise<UpsertSummary> {
    const summary: UpsertSummary = { added: 0, updated: 0, ids: [] };
    await this.db.transaction().execute(async (trx) => {
      const companyIds = new Map<string, string>();
      let written = 0;
      for await (const records of batches) {
        for (let start = 0; start < records.length; start += BATCH) {
          const batch = records.slice(start, start + BATCH);
          await this.writeBatch(trx, batch, written, options, companyIds, summary);
          written += batch.length;
          options.onProgress?.(written);
        }
      }
    });
    return summary;
  }

  private async writeBatch(
    trx: Transaction<Database>,
    batch: readonly RecordInput[],
    offset: number,
    options: { status?: RecordStatus },
    companyIds: Map<string, string>,
    summary: UpsertSummary,
  ): Promise<void> {
    const now = new Date().toISOString();
    const slugs = batch.map((record) => record.slug ?? recordSlug(record));
    const ids = batch.map((record) => record.id).filter((id): id is string => id !== undefined);
    const existing = await trx
      .selectFrom('records')
      .select(['id', 'slug', 'status', 'created_at'])
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
      const createdAt = known?.created_at ?? record.createdAt ?? now;
      const row = toRows(record, { id, slug, status, createdAt, updatedAt: now });
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
        bySlug.set(slug, { id, slug, status, created_at: createdAt });
        summary.added++;
      }
      summary.ids.push(id);
    });

    if (replaced.length > 0) {
      await trx.deleteFrom('records').where('id', 'in', replaced).execute();
    }
    await this.linkCompanies(trx, rows, companyIds, now);
    await this.insertRows(
      trx,
      'records',
      rows.map((row) => row.record),
    );
    await this.insertRows(
      trx,
      'record_companies',
      rows.flatMap((row) =>
        row.companies.map((link) => ({ ...link, company_id: companyIds.get(link.name)! })),
      ),
    );
    await this.insertRows(
      trx,
      'affected_groups',
      rows.flatMap((row) => row.groups),
    );
    await this.insertRows(
      trx,
      'record_issues',
      rows.flatMap((row) => row.issues),
    );
    await this.insertRows(
      trx,
      'sources',
      rows.flatMap((row) => row.sources),
    );
  }

  /** For now a company named in a record is linked by its exact name, and created when new. */
  private async linkCompanies(
    trx: Transaction<Database>,
    rows: RecordRows[],
    companyIds: Map<string, string>,
    now: string,
  ): Promise<void> {
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
    }
    const created = names
      .filter((name) => !companyIds.has(name))
      .map((name) => ({ id: ulid(), name, created_at: now }));
    for (const company of created) companyIds.set(company.name, company.id);
    await this.insertRows(trx, 'companies', created);
  }

  async getRecord(idOrSlug: string): Promise<StoredRecord | undefined> {
    const row = await this.db
      .selectFrom('records')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
      .executeTakeFirst();
    if (!row) return undefined;
    return (await this.hydrate([row]))[0];
  }

  async listRecords(query: RecordListQuery): Promise<RecordPage> {
    let select = this.db
      .selectFrom('records')
      .selectAll()
      .orderBy('id')
      .limit(query.limit + 1);
    if (query.statuses) select = select.where('status', 'in', [...query.statuses]);
    if (query.country) select = select.where('location_country', '=', query.country);
    if (query.issue) {
      const issue = query.issue;
      select = select.where((eb) =>
        eb.exists(
          eb
            .selectFrom('record_issues')
            .select('record_issues.record_id')
            .whereRef('record_issues.record_id', '=', 'records.id')
            .where('record_issues.issue', '=', issue),
        ),
      );
    }
    if (query.after) select = select.where('id', '>', query.after);
    const rows = await select.execute();
    const page = rows.slice(0, query.limit);
    const records = await this.hydrate(page);
    return rows.length > query.limit ? { records, next: page[page.length - 1]!.id } : { records };
  }

  async *streamRecords(
    options: { statuses?: readonly RecordStatus[]; pageSize?: number } = {},
  ): AsyncIterable<StoredRecord> {
    let after: string | undefined;
    for (;;) {
      const page = await this.listRecords({
        ...(options.statuses ? { statuses: options.statuses } : {}),
        ...(after ? { after } : {}),
        limit: options.pageSize ?? 1000,
      });
      yield* page.records;
      if (!page.next) return;
      after = page.next;
    }
  }

  async countRecords(options: { statuses?: readonly RecordStatus[] } = {}): Promise<number> {
    let select = this.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('count'));
    if (options.statuses) select = select.where('status', 'in', [...options.statuses]);
    const row = await select.executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async countCompanies(): Promise<number> {
    const row = await this.db
      .selectFrom('companies')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Reads the child rows of a page of records in one query per table and assembles the records. */
  private async hydrate(records: StoredRowsRecord[]): Promise<StoredRecord[]> {
    if (records.length === 0) return [];
    const ids = records.map((record) => record.id);
    const [companies, groups, issues, sources] = await Promise.all([
      this.db
        .selectFrom('record_companies')
        .selectAll()
        .where('record_id', 'in', ids)
        .orderBy('record_id')
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('affected_groups')
        .selectAll()
        .where('record_id', 'in', ids)
        .orderBy('record_id')
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('record_issues')
        .selectAll()
        .where('record_id', 'in', ids)
        .orderBy('record_id')
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('sources')
        .selectAll()
        .where('record_id', 'in', ids)
        .orderBy('record_id')
        .orderBy('position')
        .execute(),
    ]);
    const group = <T extends { record_id: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) {
        const list = map.get(row.record_id);
        if (list) list.push(row);
        else map.set(row.record_id, [row]);
      }
      return map;
    };
    const byCompanies = group(companies);
    const byGroups = group(groups);
    const byIssues = group(issues);
    const bySources = group(sources);
    return records.map((record) =>
      fromRows({
        record,
        companies: byCompanies.get(record.id) ?? [],
        groups: byGroups.get(record.id) ?? [],
        issues: byIssues.get(record.id) ?? [],
        sources: bySources.get(record.id) ?? [],
      }),
    );
  }

  close(): Promise<void> {
    return this.options.onClose ? this.options.onClose() : this.db.destroy();
  }
}

type StoredRowsRecord = Parameters<typeof fromRows>[0]['record'];
