import type { Kysely, Selectable, Updateable } from 'kysely';
import { insertRequest, publicRequests, transitionRequest } from './response-requests.ts';
import type {
  Database,
  JobsTable,
  OutboxTable,
  ResponseEventsTable,
  ResponseRequestsTable,
} from './schema.ts';
import { claim, QUEUES, release, type Mail, type ScheduledJob } from './work-queues.ts';

/**
 * The tables of company responses, the outbox and the scheduler's jobs: their rows, and the store of them.
 * Claims (of a mail to send, of a job to run) are single statements that only succeed for one process, on
 * SQLite and on PostgreSQL alike (work-queues.ts).
 */

export type ResponseRequestRow = Selectable<ResponseRequestsTable>;
export type ResponseEventRow = Selectable<ResponseEventsTable> & { company: string };
export type OutboxRow = Selectable<OutboxTable>;
export type JobRow = Selectable<JobsTable>;

export interface NewResponseRequest {
  recordId: string;
  companyName: string;
  companyId: string | null;
  contactEmail: string;
  contactName: string | null;
  questions: string;
  deadline: string;
  requestedBy: string;
  linkNonce: string;
  linkExpiresAt: string;
}

export interface PublicRequestFacts {
  recordId: string;
  companyName: string;
  companyId: string | null;
  status: string;
  review: string | null;
  requestedAt: string;
  country: string;
  sectors: string[];
}

export type { Mail, ScheduledJob } from './work-queues.ts';

/** A step of a request's workflow: see ResponseStore.transition. */
export interface RequestChange {
  from: string[];
  nonce?: string;
  set: Updateable<Omit<ResponseRequestsTable, 'id' | 'record_id'>>;
  event: { action: string; actor: string; note?: string | null; at: string };
  mails?: Mail[];
  jobs?: ScheduledJob[];
  cancelJobs?: string[];
  /** Whether the request's mails still waiting to be sent are cancelled (never those being sent). */
  cancelMails?: boolean;
}

export interface ResponseStore {
  /** The request, its first event, its e-mail and its jobs, in one transaction. */
  createRequest(
    request: NewResponseRequest,
    now: string,
    mail: (id: string) => Mail,
    jobs: (id: string) => ScheduledJob[],
  ): Promise<ResponseRequestRow>;
  getRequest(id: string): Promise<ResponseRequestRow | undefined>;
  requestsOfRecord(recordId: string): Promise<ResponseRequestRow[]>;
  eventsOfRequest(id: string): Promise<ResponseEventRow[]>;
  /** Every response transition of a record's requests, oldest first: part of the record's history. */
  eventsOfRecord(recordId: string): Promise<ResponseEventRow[]>;
  /**
   * Changes a request if it is still in one of the given states (and, when given, its link nonce is this one):
   * the update, an event and any mails and jobs are one transaction. Undefined when the request had moved on.
   */
  transition(id: string, change: RequestChange): Promise<ResponseRequestRow | undefined>;
  /**
   * Every request about a published record, asked within the period (dates inclusive), with the record's
   * country and sectors: the ground of the public response rates.
   */
  publicRequests(period: { from?: string; to?: string }): Promise<PublicRequestFacts[]>;
  /** Requests an editor has to look at: responses awaiting review, overdue, and all still open. */
  openRequests(): Promise<ResponseRequestRow[]>;
  /** Claims up to `limit` mails due now for this process, until `until`. */
  claimMails(owner: string, now: string, until: string, limit: number): Promise<OutboxRow[]>;
  mailSent(id: string, owner: string, at: string): Promise<void>;
  mailFailed(id: string, owner: string, error: string, retryAt: string | null): Promise<void>;
  outbox(): Promise<OutboxRow[]>;
  /** The mails of these requests, oldest first, in one read. */
  mailsOfRequests(requestIds: readonly string[]): Promise<OutboxRow[]>;
  claimJobs(owner: string, now: string, until: string, limit: number): Promise<JobRow[]>;
  jobDone(id: string, owner: string, at: string): Promise<void>;
  /** A job that failed runs again at `retryAt`, or is marked failed when that is null. */
  jobFailed(id: string, owner: string, error: string, retryAt: string | null): Promise<void>;
  /** A setting, created with `create()` the first time it is asked for (by whichever process asks first). */
  setting(key: string, create: () => string): Promise<string>;
}

/**
 * Company responses over any Kysely dialect: requests and their events (response-requests.ts), and the work
 * queues of mails and jobs (work-queues.ts).
 */
export class KyselyResponseStore implements ResponseStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly backend: 'sqlite' | 'postgres',
    /** Tells caches that the data changed (record pages show responses). */
    private readonly changed: () => Promise<void> = async () => {},
  ) {}

  async createRequest(
    request: NewResponseRequest,
    now: string,
    mail: (id: string) => Mail,
    jobs: (id: string) => ScheduledJob[],
  ): Promise<ResponseRequestRow> {
    const created = await insertRequest(this.db, request, now, mail, jobs);
    await this.changed();
    return created;
  }

  async transition(id: string, change: RequestChange): Promise<ResponseRequestRow | undefined> {
    const row = await transitionRequest(this.db, id, change);
    if (row) await this.changed();
    return row;
  }

  publicRequests(period: { from?: string; to?: string }): Promise<PublicRequestFacts[]> {
    return publicRequests(this.db, period);
  }

  getRequest(id: string) {
    return this.db.selectFrom('response_requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  requestsOfRecord(recordId: string) {
    return this.db
      .selectFrom('response_requests')
      .selectAll()
      .where('record_id', '=', recordId)
      .orderBy('company_name')
      .execute();
  }

  eventsOfRequest(id: string) {
    return this.events().where('response_events.request_id', '=', id).execute();
  }

  eventsOfRecord(recordId: string) {
    return this.events().where('response_events.record_id', '=', recordId).execute();
  }

  private events() {
    return this.db
      .selectFrom('response_events')
      .innerJoin('response_requests', 'response_requests.id', 'response_events.request_id')
      .selectAll('response_events')
      .select('response_requests.company_name as company')
      .orderBy('response_events.at')
      .orderBy('response_events.seq');
  }

  openRequests() {
    return this.db
      .selectFrom('response_requests')
      .selectAll()
      .where((eb) => eb.or([eb('status', 'in', ['requested', 'reminded']), eb('review', '=', 'pending')]))
      .orderBy('deadline')
      .execute();
  }

  claimMails(owner: string, now: string, until: string, limit: number): Promise<OutboxRow[]> {
    return claim<OutboxRow>(this.db, this.backend, QUEUES.outbox, { owner, now, until, limit });
  }

  async mailSent(id: string, owner: string, at: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: at, claimed_until: null, last_error: null })
      .where('id', '=', id)
      .where('claimed_by', '=', owner)
      .execute();
  }

  mailFailed(id: string, owner: string, error: string, retryAt: string | null): Promise<void> {
    return release(this.db, QUEUES.outbox, { id, owner }, error, retryAt);
  }

  outbox() {
    return this.db.selectFrom('outbox').selectAll().orderBy('created_at').execute();
  }

  async mailsOfRequests(requestIds: readonly string[]) {
    if (requestIds.length === 0) return [];
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('request_id', 'in', [...requestIds])
      .orderBy('created_at')
      .execute();
  }

  claimJobs(owner: string, now: string, until: string, limit: number): Promise<JobRow[]> {
    return claim<JobRow>(this.db, this.backend, QUEUES.jobs, { owner, now, until, limit });
  }

  async jobDone(id: string, owner: string, at: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'done', done_at: at, claimed_until: null, last_error: null })
      .where('id', '=', id)
      .where('claimed_by', '=', owner)
      .execute();
  }

  jobFailed(id: string, owner: string, error: string, retryAt: string | null): Promise<void> {
    return release(this.db, QUEUES.jobs, { id, owner }, error, retryAt);
  }

  async setting(key: string, create: () => string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value: create() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return row.value;
  }
}
