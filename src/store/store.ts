import type { ChangePage } from '../domain/change-feed.ts';
import type { RecordInput, RecordStatus, StoredRecord } from '../domain/record.ts';
import type { SearchStore } from '../search/search-store.ts';
import type { AccountStore } from './accounts.ts';
import type { ResponseStore } from './responses.ts';
import type { MatchableCompany } from '../matching/matchable.ts';
import type { CompanyDecision, CompanyImportSummary } from './companies.ts';
import type { CompanyInput } from '../domain/company.ts';
import type { TriageStore } from './triage.ts';
import type { ReadOptions } from './record-reads.ts';
import type { SideRow } from './side-tables.ts';
import type {
  ActivityEntry,
  Author,
  Revision,
  RevisionAction,
  RevisionWithSnapshot,
} from './record-history.ts';

// The search part is defined beside its answer, the search service, in src/search (see search-port.ts there).
export type {
  FacetCounts,
  FacetValue,
  SearchResult,
  SearchStore,
  SpellingSuggestion,
} from '../search/search-store.ts';

export interface UpsertOptions {
  status?: RecordStatus;
  onProgress?: (written: number) => void;
  /** Keep the records' own createdAt and updatedAt (a copy or a restore) instead of stamping the write. */
  keepTimestamps?: boolean;
}

/** What one write of many records did. */
export interface UpsertSummary {
  added: number;
  updated: number;
  ids: string[];
}

export interface RecordListQuery extends ReadOptions {
  statuses?: readonly RecordStatus[];
  /** Opaque cursor from the previous page. */
  after?: string;
  limit: number;
}

export interface CompanySummary {
  id: string;
  name: string;
  records: number;
}

export interface CompanyDetail {
  id: string;
  name: string;
  /** The names records give the company (the same name for now: companies are linked by exact name). */
  namesInRecords: string[];
  /** Aliases and previous names, where the company was imported as an identity. */
  otherNames: { name: string; kind: string }[];
  country: string | null;
  website: string | null;
  identifiers: Record<string, string>;
  parent: { id: string; name: string } | null;
  subsidiaries: { id: string; name: string }[];
  records: { record: StoredRecord; roles: string[] }[];
}

export interface RecordPage {
  records: StoredRecord[];
  next?: string;
}

/** One change to one record by a person, kept in the record's history. */
export interface RecordChange {
  /** The whole record as it should be after the change; an edit carries the record's id. */
  record: RecordInput;
  /** For an edit: the version it started from. A newer stored version refuses the write (VersionConflict). */
  expectedVersion?: number;
  author: Author;
  action: RevisionAction;
  reason?: string;
}

/** Records: reading them, and writing them in bulk (imports) or as a person's change (with history). */
export interface RecordsStore {
  /**
   * Adds or updates records in one transaction: all are written or none. A record is known by its `id`,
   * or where it has none by its slug (title + date reported).
   */
  upsertRecords(records: readonly RecordInput[], options?: UpsertOptions): Promise<UpsertSummary>;
  /**
   * The same for records that arrive in batches (a large file read while it is written): one transaction for
   * all of them, so that if the source throws part-way nothing is written.
   */
  upsertBatches(
    batches: AsyncIterable<readonly RecordInput[]>,
    options?: UpsertOptions,
  ): Promise<UpsertSummary>;
  /** A record by id or slug; its confidential fields only when asked for (editorial pages, history). */
  getRecord(idOrSlug: string, options?: ReadOptions): Promise<StoredRecord | undefined>;
  listRecords(query: RecordListQuery): Promise<RecordPage>;
  /** Every record with one of the statuses, in id order, read page by page. */
  streamRecords(
    options?: {
      statuses?: readonly RecordStatus[];
      pageSize?: number;
    } & ReadOptions,
  ): AsyncIterable<StoredRecord>;
  countRecords(options?: { statuses?: readonly RecordStatus[] }): Promise<number>;
  /** Headline figures over the records with one of the statuses. */
  headlineCounts(options: {
    statuses: readonly RecordStatus[];
  }): Promise<{ records: number; companies: number; countries: number }>;
  /**
   * The newest records with one of the statuses that have a source with a public link (an unrestricted
   * source with a URL): cases a reader can check for themselves.
   */
  recordsWithSourceLinks(options: {
    statuses: readonly RecordStatus[];
    limit: number;
  }): Promise<StoredRecord[]>;
  /**
   * Writes one record as a person's change, in one transaction: refuses a stale version, keeps the slug of
   * an existing record, and stores the field-level diff with who, when and why. Returns the stored record
   * with its confidential fields.
   */
  saveRecord(change: RecordChange): Promise<StoredRecord>;
  /**
   * Writes several changes as `saveRecord` does, in order and in ONE transaction: any refusal (a stale
   * version, a slug held by a stored record or by an earlier change of the list) writes none of them. The
   * issues of an error for the i-th change point into the list (`/2/title`). Returns the stored records.
   */
  saveRecords(changes: readonly RecordChange[]): Promise<StoredRecord[]>;
  /** A token that changes whenever any committed write changes the data, by this process or another. */
  changeToken(): Promise<string>;
}

/** The history of records: every version, who wrote it and why. */
export interface RevisionStore {
  /** A record's history, newest first. */
  listRevisions(recordId: string): Promise<Revision[]>;
  /** Of these records, the ids of those the user has written a version of (created or edited). */
  recordsWrittenBy(userId: string, recordIds: readonly string[]): Promise<Set<string>>;
  getRevision(recordId: string, version: number): Promise<RevisionWithSnapshot | undefined>;
  /** Changes across all records, newest first. */
  recentRevisions(options: { limit: number; before?: string }): Promise<ActivityEntry[]>;
}

/** Companies: their pages and lists, identities imported with other names, and merge or split decisions. */
export interface CompanyStore {
  /** Names of companies by id; unknown ids are left out. */
  companyNames(ids: readonly string[]): Promise<Map<string, string>>;
  getCompany(id: string, options: { statuses: readonly RecordStatus[] }): Promise<CompanyDetail | undefined>;
  /** Companies named in records with one of the statuses, by name, optionally whose name contains `q`. */
  listCompanies(options: {
    statuses: readonly RecordStatus[];
    q?: string;
    after?: string;
    limit: number;
  }): Promise<{ companies: CompanySummary[]; next?: string }>;
  countCompanies(): Promise<number>;
  /** Adds or updates company identities (by canonical name) with their other names and parents; all or none. */
  importCompanies(companies: readonly CompanyInput[]): Promise<CompanyImportSummary>;
  /** Every company with its other names and its number of records with one of the statuses. */
  matchableCompanies(options: { statuses: readonly RecordStatus[] }): Promise<MatchableCompany[]>;
  /** Merges one company into another (records, names, subsidiaries move; the decision is kept). */
  mergeCompanies(fromId: string, intoId: string, author: Author): Promise<void>;
  /** Records that two companies are different, so that they are not proposed as one again. */
  markCompaniesNotSame(aId: string, bId: string, author: Author): Promise<void>;
  /** Moves the records that give a company one of its names to a new company of that name; its id. */
  splitCompany(id: string, name: string, author: Author): Promise<string>;
  companyDecisions(id: string): Promise<CompanyDecision[]>;
  /** Pairs of companies decided not to be the same, as `pairKey(a, b)`. */
  notSameCompanies(): Promise<Set<string>>;
}

/**
 * The change feed of published content (store/change-feed.ts, docs/changes.md): records added to, changed in
 * and withdrawn from the published set, in the order their writes committed.
 */
export interface ChangeFeedStore {
  /**
   * Up to `limit` changes after the cursor `since` (from the first without it), each added or changed record
   * as the public API gives it; a cursor that is not of this database is refused (InputError at `/since`).
   */
  readChanges(query: { since?: string; limit: number }): Promise<ChangePage>;
}

/** Rows of the accounts, API tokens and history tables, for copies and backups. */
export interface SideRowStore {
  streamSideRows(): AsyncIterable<SideRow>;
  insertSideRows(rows: readonly SideRow[]): Promise<void>;
}

/**
 * The stores of one database, assembled by `store/open.ts`. Each consumer states the parts it uses and is
 * given only those (a route plugin gets `{ records, search }`, not the whole); none knows which database is
 * behind them.
 */
export interface Stores {
  readonly backend: 'sqlite' | 'postgres';
  readonly records: RecordsStore;
  readonly revisions: RevisionStore;
  readonly companies: CompanyStore;
  readonly search: SearchStore;
  readonly accounts: AccountStore;
  /** Company responses, the outbox of e-mails and the scheduler's jobs. */
  readonly responses: ResponseStore;
  /** The triage queue: articles uploaded for triage and what was done with each. */
  readonly triage: TriageStore;
  readonly sideRows: SideRowStore;
  /** What mirrors read to keep a copy of the published records in step. */
  readonly changeFeed: ChangeFeedStore;
  /** Resolves when the database answers a query; rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
