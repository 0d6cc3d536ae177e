import { sql, type Kysely } from 'kysely';
import type { RecordInput, RecordStatus, StoredRecord } from '../domain/record.ts';
import { PendingChanges } from './change-feed.ts';
import type { DataChanges } from './changes.ts';
import type { StoreConnection } from './connection.ts';
import { writeChanges } from './record-changes.ts';
import { hydrate, type ReadOptions } from './record-reads.ts';
import { BATCH, kyselyRowWriter, writeBatch, type WriteContext } from './record-writes.ts';
import type { Database } from './schema.ts';
import type {
  RecordChange,
  RecordListQuery,
  RecordPage,
  RecordsStore,
  UpsertOptions,
  UpsertSummary,
} from './store.ts';

/** Records over any Kysely dialect: reads, bulk writes and a person's changes with history. */
export class KyselyRecordsStore implements RecordsStore {
  private readonly db: Kysely<Database>;
  private readonly writing: WriteContext;

  constructor(
    connection: Pick<StoreConnection, 'db' | 'textSearch' | 'rowWriter'>,
    private readonly changes: DataChanges,
  ) {
    this.db = connection.db;
    this.writing = {
      insertRows: connection.rowWriter ?? kyselyRowWriter,
      textSearch: connection.textSearch,
    };
  }

  upsertRecords(records: readonly RecordInput[], options: UpsertOptions = {}): Promise<UpsertSummary> {
    async function* single() {
      yield records;
    }
    return this.upsertBatches(single(), options);
  }

  async upsertBatches(
    batches: AsyncIterable<readonly RecordInput[]>,
    options: UpsertOptions = {},
  ): Promise<UpsertSummary> {
    const summary: UpsertSummary = { added: 0, updated: 0, ids: [] };
    await this.db.transaction().execute(async (trx) => {
      const companyIds = new Map<string, string>();
      const feed = new PendingChanges();
      let written = 0;
      for await (const records of batches) {
        for (let start = 0; start < records.length; start += BATCH) {
          const batch = records.slice(start, start + BATCH);
          await writeBatch(this.writing, trx, batch, written, options, companyIds, summary, feed);
          written += batch.length;
          options.onProgress?.(written);
        }
      }
      await feed.append(trx);
    });
    this.changes.committed();
    return summary;
  }

  async saveRecord(change: RecordChange): Promise<StoredRecord> {
    const [saved] = await this.writeChanges([change], { indexed: false });
    if (!saved) throw new Error('saving a record wrote none');
    return saved;
  }

  saveRecords(changes: readonly RecordChange[]): Promise<StoredRecord[]> {
    return this.writeChanges(changes, { indexed: true });
  }

  private async writeChanges(
    changes: readonly RecordChange[],
    options: { indexed: boolean },
  ): Promise<StoredRecord[]> {
    if (changes.length === 0) return [];
    const saved = await this.db.transaction().execute(async (trx) => {
      const feed = new PendingChanges();
      const written = await writeChanges(this.writing, trx, changes, options, feed);
      await feed.append(trx);
      return written;
    });
    this.changes.committed();
    return saved;
  }

  changeToken(): Promise<string> {
    return this.changes.token();
  }

  async getRecord(idOrSlug: string, options: ReadOptions = {}): Promise<StoredRecord | undefined> {
    const row = await this.db
      .selectFrom('records')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
      .executeTakeFirst();
    if (!row) return undefined;
    return (await hydrate(this.db, [row], options))[0];
  }

  async listRecords(query: RecordListQuery): Promise<RecordPage> {
    let select = this.db
      .selectFrom('records')
      .selectAll()
      .orderBy('id')
      .limit(query.limit + 1);
    if (query.statuses) select = select.where('status', 'in', [...query.statuses]);
    if (query.after) select = select.where('id', '>', query.after);
    const rows = await select.execute();
    const page = rows.slice(0, query.limit);
    const records = await hydrate(this.db, page, query);
    const last = page.at(-1);
    return rows.length > query.limit && last ? { records, next: last.id } : { records };
  }

  async *streamRecords(
    options: { statuses?: readonly RecordStatus[]; pageSize?: number } & ReadOptions = {},
  ): AsyncIterable<StoredRecord> {
    let after: string | undefined;
    for (;;) {
      const page = await this.listRecords({
        ...(options.statuses ? { statuses: options.statuses } : {}),
        ...(options.confidential ? { confidential: true } : {}),
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

  async headlineCounts(options: { statuses: readonly RecordStatus[] }) {
    const statuses = [...options.statuses];
    const [records, companies, countries] = await Promise.all([
      this.db
        .selectFrom('records')
        .where('status', 'in', statuses)
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('record_companies')
        .innerJoin('records', 'records.id', 'record_companies.record_id')
        .where('records.status', 'in', statuses)
        .select(sql<number>`count(DISTINCT record_companies.company_id)`.as('count'))
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('records')
        .where('status', 'in', statuses)
        .select(sql<number>`count(DISTINCT location_country)`.as('count'))
        .executeTakeFirstOrThrow(),
    ]);
    return {
      records: Number(records.count),
      companies: Number(companies.count),
      countries: Number(countries.count),
    };
  }

  async recordsWithSourceLinks(options: { statuses: readonly RecordStatus[]; limit: number }) {
    const rows = await this.db
      .selectFrom('records')
      .selectAll('records')
      .where('status', 'in', [...options.statuses])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('sources')
            .select('sources.record_id')
            .whereRef('sources.record_id', '=', 'records.id')
            .where('sources.url', 'is not', null)
            .where('sources.restricted', '=', 0),
        ),
      )
      .orderBy('date_reported', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit)
      .execute();
    return hydrate(this.db, rows, {});
  }
}
