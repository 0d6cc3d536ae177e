import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { RecordInput, RecordStatus, StoredRecord } from '../domain/record.ts';
import type { FacetIndexBuilder } from '../search/facet-index-builder.ts';
import { effectiveSort, type SearchQuery } from '../search/query.ts';
import { SpellingVocabulary } from '../search/spelling.ts';
import { textQueryKey } from '../search/text-query.ts';
import { FacetIndexCache, idsForKeys } from './facet-cache.ts';
import { RebuiltOnChange } from './rebuilt-on-change.ts';
import { migrationProvider } from './migrations/index.ts';
import { hydrate, recordsByIds, type ReadOptions } from './record-reads.ts';
import { writeChanges } from './record-changes.ts';
import { BATCH, kyselyRowWriter, writeBatch, type RowWriter } from './record-writes.ts';
import type { Database } from './schema.ts';
import { facetCounts, searchPage } from './search-records.ts';
import type { TextSearch } from './text-search.ts';
import { KyselyAccountStore, type AccountStore } from './accounts.ts';
import { KyselyResponseStore, type ResponseStore } from './responses.ts';
import { KyselyTriageStore, type TriageStore } from './triage.ts';
import {
  companyDecisions,
  importCompanies,
  markNotSame,
  matchableCompanies,
  mergeCompanies,
  notSamePairs,
  splitCompany,
  type CompanyDecision,
  type CompanyImportSummary,
} from './companies.ts';
import type { MatchableCompany } from '../matching/matchable.ts';
import type { CompanyInput } from '../domain/company.ts';
import type { DuplicateCandidate } from '../domain/duplicate.ts';
import { findDuplicates } from './duplicates.ts';
import { insertSideRows, streamSideRows, type SideRow } from './side-tables.ts';
import {
  getRevision,
  listRevisions,
  recentRevisions,
  type ActivityEntry,
  type Author,
  type Revision,
  type RevisionWithSnapshot,
} from './record-history.ts';
import type {
  CompanyDetail,
  RecordChange,
  RecordListQuery,
  RecordPage,
  CompanyStore,
  RecordsStore,
  RecordStore,
  RevisionStore,
  SearchResult,
  SearchStore,
  SideRowStore,
  SpellingSuggestion,
  UpsertOptions,
  UpsertSummary,
} from './store.ts';

/** Above this many text matches, relevance order falls back to newest first (see docs/architecture.md). */
const RANKED_MATCHES = 50_000;
/**
 * The spelling vocabulary is read again at most once a minute: reading it takes seconds on a large database,
 * and a word written since is simply not offered yet (what is offered is checked against the data).
 */
const VOCABULARY_REBUILD_MS = 60_000;

export async function migrate(
  db: Kysely<Database>,
  adapterMigrations: Record<string, Migration> = {},
): Promise<void> {
  // Adapters bring migrations of their own (0002_...), which an older database may run after the shared ones.
  const migrator = new Migrator({
    db,
    provider: migrationProvider(adapterMigrations),
    allowUnorderedMigrations: true,
  });
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
      /** Tells other processes that data changed, where committing alone does not (PostgreSQL). */
      announceChange?: () => Promise<void>;
      /** A number that changes when another connection commits (SQLite: PRAGMA data_version). */
      dataVersion?: () => Promise<number>;
      /** Feeds the facet index faster than Kysely streams can. */
      loadFacets?: (builder: FacetIndexBuilder) => Promise<void>;
    } = {},
  ) {
    this.accounts = new KyselyAccountStore(db, backend);
    this.triage = new KyselyTriageStore(db);
    // Published responses show on record pages: a change to a request is a change to the data.
    this.responses = new KyselyResponseStore(db, backend, () => this.changed());
    this.facets = new FacetIndexCache(db, textSearch.keyColumn, () => this.changeToken(), options.loadFacets);
    this.vocabulary = new RebuiltOnChange(
      async () => new SpellingVocabulary(await textSearch.vocabulary()),
      () => this.changeToken(),
      VOCABULARY_REBUILD_MS,
    );
  }

  /** Words of the full-text index, for "did you mean". */
  private readonly vocabulary: RebuiltOnChange<SpellingVocabulary>;

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
          await writeBatch(
            { insertRows: this.insertRows, textSearch: this.textSearch },
            trx,
            batch,
            written,
            options,
            companyIds,
            summary,
          );
          written += batch.length;
          options.onProgress?.(written);
        }
      }
    });
    this.writes++;
    return summary;
  }

  readonly accounts: AccountStore;
  readonly responses: ResponseStore;
  readonly triage: TriageStore;
  // TRANSITIONAL (issue 19): the parts are this same object, typed narrowly, until each has a class of its own.
  get records(): RecordsStore {
    return this;
  }
  get revisions(): RevisionStore {
    return this;
  }
  get companies(): CompanyStore {
    return this;
  }
  get search(): SearchStore {
    return this;
  }
  get sideRows(): SideRowStore {
    return this;
  }

  async saveRecord(change: RecordChange): Promise<StoredRecord> {
    return (await this.writeChanges([change], { indexed: false }))[0]!;
  }

  saveRecords(changes: readonly RecordChange[]): Promise<StoredRecord[]> {
    return this.writeChanges(changes, { indexed: true });
  }

  private async writeChanges(
    changes: readonly RecordChange[],
    options: { indexed: boolean },
  ): Promise<StoredRecord[]> {
    if (changes.length === 0) return [];
    const context = { insertRows: this.insertRows, textSearch: this.textSearch };
    const saved = await this.db.transaction().execute((trx) => writeChanges(context, trx, changes, options));
    this.writes++;
    return saved;
  }

  async importCompanies(companies: readonly CompanyInput[]): Promise<CompanyImportSummary> {
    const summary = await importCompanies(this.db, companies);
    await this.changed();
    return summary;
  }

  matchableCompanies(options: { statuses: readonly RecordStatus[] }): Promise<MatchableCompany[]> {
    return matchableCompanies(this.db, options.statuses);
  }

  async mergeCompanies(fromId: string, intoId: string, author: Author): Promise<void> {
    await mergeCompanies(this.db, fromId, intoId, author);
    await this.changed();
  }

  async markCompaniesNotSame(aId: string, bId: string, author: Author): Promise<void> {
    await markNotSame(this.db, aId, bId, author);
    await this.changed();
  }

  async splitCompany(id: string, name: string, author: Author): Promise<string> {
    const created = await splitCompany(this.db, id, name, author);
    await this.changed();
    return created;
  }

  companyDecisions(id: string): Promise<CompanyDecision[]> {
    return companyDecisions(this.db, id);
  }

  notSameCompanies(): Promise<Set<string>> {
    return notSamePairs(this.db);
  }

  streamSideRows(): AsyncIterable<SideRow> {
    return streamSideRows(this.db);
  }

  async insertSideRows(rows: readonly SideRow[]): Promise<void> {
    await insertSideRows(this.db, rows);
    await this.changed();
  }

  listRevisions(recordId: string): Promise<Revision[]> {
    return listRevisions(this.db, recordId);
  }

  async recordsWrittenBy(userId: string, recordIds: readonly string[]): Promise<Set<string>> {
    const written = new Set<string>();
    for (let start = 0; start < recordIds.length; start += 500) {
      const rows = await this.db
        .selectFrom('record_revisions')
        .select('record_id')
        .distinct()
        .where('user_id', '=', userId)
        .where('record_id', 'in', recordIds.slice(start, start + 500))
        .execute();
      for (const row of rows) written.add(row.record_id);
    }
    return written;
  }

  getRevision(recordId: string, version: number): Promise<RevisionWithSnapshot | undefined> {
    return getRevision(this.db, recordId, version);
  }

  recentRevisions(options: { limit: number; before?: string }): Promise<ActivityEntry[]> {
    return recentRevisions(this.db, options);
  }

  findDuplicates(
    record: RecordInput,
    options: { excludeId?: string; limit?: number; minSimilarity?: number } = {},
  ): Promise<DuplicateCandidate[]> {
    return findDuplicates(this.db, record, options);
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
    return rows.length > query.limit ? { records, next: page[page.length - 1]!.id } : { records };
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

  async countCompanies(): Promise<number> {
    const row = await this.db
      .selectFrom('companies')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** After a write outside the record path: this process's caches and other processes' follow. */
  private async changed(): Promise<void> {
    this.writes++;
    await this.options.announceChange?.();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async changeToken(): Promise<string> {
    return `${(await this.options.dataVersion?.()) ?? 0}:${this.writes}`;
  }

  async prepareSearch(): Promise<void> {
    // The vocabulary is needed only by a misspelt search: it is read in the background.
    this.vocabulary.current().catch(() => undefined);
    await this.facets.current();
  }

  async suggestSpelling(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; found: number },
  ): Promise<SpellingSuggestion | undefined> {
    if (!query.q.trim()) return undefined;
    const correction = (await this.vocabulary.current()).correct(query.q);
    if (!correction) return undefined;
    // Offered only when it finds more, among the records the asker may see: words of records they may not
    // see (drafts) are never suggested.
    const { positions } = await this.selectRecords({ ...query, q: correction.text }, options);
    return positions.length > options.found ? { ...correction, total: positions.length } : undefined;
  }

  /** Keys of the records holding the query's words, undefined without words. */
  private textCandidates(query: SearchQuery): Promise<Uint32Array | undefined> {
    // Queries that mean the same share cached matches ("Labour" and "labour"); quotes and order count.
    const key = textQueryKey(query.q);
    if (!key) return Promise.resolve(undefined);
    return this.facets.textMatches(key, () => this.textSearch.matchKeys(query.q));
  }

  /**
   * Keys of the records whose title holds the words, which relevance puts first; past RANKED_MATCHES
   * matches (and under other sorts) undefined: newest first.
   */
  private async titleMatches(query: SearchQuery, candidates: Uint32Array | undefined) {
    const key = textQueryKey(query.q);
    if (!key || effectiveSort(query) !== 'relevance' || (candidates?.length ?? 0) > RANKED_MATCHES)
      return undefined;
    return this.facets.textMatches(`title ${key}`, () =>
      this.textSearch.matchKeys(query.q, { titleOnly: true }),
    );
  }

  async selectRecords(query: SearchQuery, options: { statuses: readonly RecordStatus[] }) {
    const index = await this.facets.current();
    const candidates = await this.textCandidates(query);
    return { columns: index.columns, positions: index.select(query, options.statuses, candidates) };
  }

  async companyNames(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (let start = 0; start < ids.length; start += 500) {
      const rows = await this.db
        .selectFrom('companies')
        .select(['id', 'name'])
        .where('id', 'in', ids.slice(start, start + 500))
        .execute();
      for (const row of rows) names.set(row.id, row.name);
    }
    return names;
  }

  async searchRecords(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; facets?: boolean },
  ): Promise<SearchResult> {
    const index = await this.facets.current();
    const candidates = await this.textCandidates(query);
    const found = index.search(
      query,
      options.statuses,
      candidates,
      await this.titleMatches(query, candidates),
    );
    const records = await recordsByIds(
      this.db,
      await idsForKeys(this.db, this.textSearch.key, found.pageKeys),
    );
    if (!options.facets) return { total: found.total, records };
    const nameOf = await this.companyNames(found.counts.company.map((item) => item.value));
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
    const records = await recordsByIds(this.db, page.ids);
    return { total: page.total, records, ...(facets ? { facets } : {}) };
  }

  async *streamSearch(
    query: SearchQuery,
    options: { statuses: readonly RecordStatus[]; pageSize?: number },
  ): AsyncIterable<StoredRecord> {
    const index = await this.facets.current();
    const candidates = await this.textCandidates(query);
    const keys = index.sortedKeys(
      query,
      options.statuses,
      candidates,
      await this.titleMatches(query, candidates),
    );
    const pageSize = options.pageSize ?? 1000;
    for (let start = 0; start < keys.length; start += pageSize) {
      const ids = await idsForKeys(
        this.db,
        this.textSearch.key,
        Array.from(keys.subarray(start, start + pageSize)),
      );
      // A record whose status changed since the index was built is left out, never shown in a status not asked for.
      for (const record of await recordsByIds(this.db, ids))
        if (options.statuses.includes(record.status)) yield record;
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
    const records = await recordsByIds(this.db, [...new Set(links.map((link) => link.record_id))]);
    const rolesByRecord = new Map<string, string[]>();
    for (const link of links)
      rolesByRecord.set(link.record_id, [...(rolesByRecord.get(link.record_id) ?? []), link.role]);
    const [otherNames, parent, subsidiaries] = await Promise.all([
      this.db
        .selectFrom('company_names')
        .select(['name', 'kind'])
        .where('company_id', '=', id)
        .orderBy('name')
        .execute(),
      company.parent_id
        ? this.db
            .selectFrom('companies')
            .select(['id', 'name'])
            .where('id', '=', company.parent_id)
            .executeTakeFirst()
        : Promise.resolve(undefined),
      this.db
        .selectFrom('companies')
        .select(['id', 'name'])
        .where('parent_id', '=', id)
        .orderBy('name')
        .execute(),
    ]);
    return {
      id: company.id,
      name: company.name,
      namesInRecords: [...new Set(links.map((link) => link.name))],
      otherNames,
      country: company.country,
      website: company.website,
      identifiers: company.identifiers ? (JSON.parse(company.identifiers) as Record<string, string>) : {},
      parent: parent ?? null,
      subsidiaries,
      records: records.map((record) => ({ record, roles: rolesByRecord.get(record.id) ?? [] })),
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

  close(): Promise<void> {
    return this.options.onClose ? this.options.onClose() : this.db.destroy();
  }
}
