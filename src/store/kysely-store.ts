import { type Insertable, type Kysely, type Migration, type Transaction, Migrator, sql } from 'kysely';
import { monotonicFactory } from 'ulid';
import { InputError } from '../domain/errors.ts';
import type { RecordInput, RecordStatus, StoredRecord } from '../domain/record.ts';
import { recordSlug } from '../domain/identity.ts';
import { migrationProvider } from './migrations/index.ts';
import { fromRows, searchableText, toRows, type RecordRows } from './record-rows.ts';
import type { TextSearch } from './text-search.ts';
import { facetCounts, searchPage, applyFilters } from './search-records.ts';
import { effectiveSort, type SearchQuery } from '../search/query.ts';
import { searchTerms } from '../search/terms.ts';
import { FacetIndexCache, idsForKeys } from './facet-cache.ts';
import type { FacetIndexBuilder } from '../search/facet-index-builder.ts';
import type { Database } from './schema.ts';
import type {
  CompanyDetail,
  RecordListQuery,
  RecordPage,
  RecordStore,
  SearchResult,
  UpsertOptions,
  UpsertSummary,
} from './store.ts';

/** Above this many text matches, relevance order falls back to newest first (see docs/architecture.md). */
const RANKED_MATCHES = 50_000;

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

/** Migrates to the latest version: the shared migrations plus the adapter's own (e.g. its search index). */
export async function migrate(
  db: Kysely<Database>,
  adapterMigrations: Record<string, Migration> = {},
): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(adapterMigrations) });
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
    private readonly textSearch: TextSearch,
    private readonly options: {
      insertRows?: RowWriter;
      onClose?: () => Promise<void>;
      /** A number that changes when another connection commits (SQLite: PRAGMA data_version). */
      dataVersion?: () => Promise<number>;
      /** Feeds the facet index faster than Kysely streams can. */
      loadFacets?: (builder: FacetIndexBuilder) => Promise<void>;
    } = {},
  ) {
    this.facets = new FacetIndexCache(db, textSearch.key, () => this.changeToken(), options.loadFacets);
  }

  /** Facet index of the records, kept current with the data. */
  private readonly facets: FacetIndexCache;
  /** Commits by this store: its own writes do not change the connection's data version. */
  private writes = 0;

  private insertRows: RowWriter = (db, table, rows) =>
    (this.options.insertRows ?? kyselyRowWriter)(db, table, rows);

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
    this.writes++;
    return summary;
  }

  private async writeBatch(
    trx: Transaction<Database>,
    batch: readonly RecordInput[],
    offset: number,
    options: UpsertOptions,
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
      const createdAt = options.keepTimestamps
        ? (record.createdAt ?? now)
        : (known?.created_at ?? record.createdAt ?? now);
      const updatedAt = options.keepTimestamps ? (record.updatedAt ?? now) : now;
      const row = toRows(record, { id, slug, status, createdAt, updatedAt });
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
      await this.textSearch.remove(trx, replaced);
      await trx.deleteFrom('records').where('id', 'in', replaced).execute();
    }
    await this.linkCompanies(trx, rows, batch, companyIds, now);
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
    await this.textSearch.index(trx, rows.map(searchableText));
  }

  /** For now a company named in a record is linked by its exact name, and created when new. */
  private async linkCompanies(
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

  async changeToken(): Promise<string> {
    return `${(await this.options.dataVersion?.()) ?? 0}:${this.writes}`;
  }

  async prepareSearch(): Promise<void> {
    await this.facets.current();
  }

  async searchRecords(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; facets?: boolean },
  ): Promise<SearchResult> {
    const index = await this.facets.current();
    // Equal word sets share cached matches, whatever their order or repetition.
    const words = searchTerms(query.q).sort().join(' ');
    const candidates = words
      ? await this.facets.textMatches(words, (text) => this.textSearch.matchKeys(text))
      : undefined;
    // Relevance puts records with the words in their title first; past RANKED_MATCHES it is newest first.
    const preferred =
      words && effectiveSort(query) === 'relevance' && (candidates?.length ?? 0) <= RANKED_MATCHES
        ? await this.facets.textMatches(`title ${words}`, () =>
            this.textSearch.matchKeys(words, { titleOnly: true }),
          )
        : undefined;
    const found = index.search(query, options.statuses, candidates, preferred);
    const records = await this.recordsByIds(await idsForKeys(this.db, this.textSearch.key, found.pageKeys));
    if (!options.facets) return { total: found.total, records };
    const companies = found.counts.company.map((item) => item.value);
    const names =
      companies.length > 0
        ? await this.db.selectFrom('companies').select(['id', 'name']).where('id', 'in', companies).execute()
        : [];
    const nameOf = new Map(names.map((row) => [row.id, row.name]));
    const facets = {
      ...found.counts,
      company: found.counts.company.map((item) => ({ ...item, label: nameOf.get(item.value) ?? item.value })),
    };
    return { total: found.total, records, facets };
  }

  /** The same search answered by SQL aggregates alone: the reference the facet index is tested against. */
  async searchRecordsWithSql(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; facets?: boolean },
  ): Promise<SearchResult> {
    const [page, facets] = await Promise.all([
      searchPage(this.db, this.textSearch, query, options.statuses),
      options.facets ? facetCounts(this.db, this.textSearch, query, options.statuses) : undefined,
    ]);
    const records = await this.recordsByIds(page.ids);
    return { total: page.total, records, ...(facets ? { facets } : {}) };
  }

  async *streamSearch(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; pageSize?: number },
  ): AsyncIterable<StoredRecord> {
    let after = '';
    for (;;) {
      const rows = await applyFilters(this.db.selectFrom('records'), query, options.statuses, this.textSearch)
        .selectAll('records')
        .where('records.id', '>', after)
        .orderBy('records.id')
        .limit(options.pageSize ?? 1000)
        .execute();
      if (rows.length === 0) return;
      yield* await this.hydrate(rows);
      after = rows[rows.length - 1]!.id;
    }
  }

  async getCompany(
    id: string,
    options: { statuses: readonly RecordStatus[] },
  ): Promise<CompanyDetail | undefined> {
    const company = await this.db.selectFrom('companies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!company) return undefined;
    const links = await this.db
      .selectFrom('record_companies')
      .innerJoin('records', 'records.id', 'record_companies.record_id')
      .select(['record_companies.record_id', 'record_companies.role', 'record_companies.name'])
      .where('record_companies.company_id', '=', id)
      .where('records.status', 'in', [...options.statuses])
      .orderBy('records.date_reported', 'desc')
      .limit(1000)
      .execute();
    const records = await this.recordsByIds([...new Set(links.map((link) => link.record_id))]);
    const rolesByRecord = new Map<string, string[]>();
    for (const link of links)
      rolesByRecord.set(link.record_id, [...(rolesByRecord.get(link.record_id) ?? []), link.role]);
    return {
      id: company.id,
      name: company.name,
      namesInRecords: [...new Set(links.map((link) => link.name))],
      records: records.map((record) => ({ record, roles: rolesByRecord.get(record.id) ?? [] })),
    };
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

  async listCompanies(options: {
    statuses: readonly RecordStatus[];
    q?: string;
    after?: string;
    limit: number;
  }) {
    let select = this.db
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
    return rows.length > options.limit
      ? { companies, next: companies[companies.length - 1]!.name }
      : { companies };
  }

  /** Records by id, in the order of the ids given. */
  private async recordsByIds(ids: readonly string[]): Promise<StoredRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('records')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    const byId = new Map((await this.hydrate(rows)).map((record) => [record.id, record]));
    return ids.map((id) => byId.get(id)).filter((record): record is StoredRecord => record !== undefined);
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
