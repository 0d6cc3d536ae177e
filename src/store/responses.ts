import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type {
  Database,
  JobsTable,
  OutboxTable,
  ResponseEventsTable,
  ResponseRequestsTable,
} from './schema.ts';

/**
 * The tables of company responses, the outbox and the scheduler's jobs. Claims (of a mail to send, of a job to
 * run) are single statements that only succeed for one process, on SQLite and on PostgreSQL alike.
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

export interface Mail {
  recipient: string;
  subject: string;
  body: string;
}

export interface ScheduledJob {
  kind: string;
  subject: string;
  runAt: string;
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
  transition(
    id: string,
    change: {
      from: string[];
      nonce?: string;
      set: Updateable<Omit<ResponseRequestsTable, 'id' | 'record_id'>>;
      event: { action: string; actor: string; note?: string | null; at: string };
      mails?: Mail[];
      jobs?: ScheduledJob[];
      cancelJobs?: string[];
      /** Whether the request's mails still waiting to be sent are cancelled (never those being sent). */
      cancelMails?: boolean;
    },
  ): Promise<ResponseRequestRow | undefined>;
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

/** The two work queues: mails to send and jobs to run, claimed and released the same way. */
interface Queue {
  table: 'outbox' | 'jobs';
  /** The column that says when a row is due. */
  dueAt: 'next_attempt_at' | 'run_at';
  /** The status of a claimed row. */
  busy: 'sending' | 'running';
}
const QUEUES = {
  outbox: { table: 'outbox', dueAt: 'next_attempt_at', busy: 'sending' },
  jobs: { table: 'jobs', dueAt: 'run_at', busy: 'running' },
} as const satisfies Record<string, Queue>;

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
    const id = randomUUID();
    const created = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('response_requests')
        .values({
          id,
          record_id: request.recordId,
          company_name: request.companyName,
          company_id: request.companyId,
          status: 'requested',
          contact_email: request.contactEmail,
          contact_name: request.contactName,
          questions: request.questions,
          deadline: request.deadline,
          requested_at: now,
          requested_by: request.requestedBy,
          link_nonce: request.linkNonce,
          link_expires_at: request.linkExpiresAt,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('response_events')
        .values({
          id: randomUUID(),
          request_id: id,
          seq: 1,
          record_id: request.recordId,
          at: now,
          action: 'request',
          from_status: 'not_sought',
          to_status: 'requested',
          actor: request.requestedBy,
          note: null,
        })
        .execute();
      await this.queueMail(trx, mail(id), id, now);
      for (const job of jobs(id)) await this.schedule(trx, job);
      return row;
    });
    await this.changed();
    return created;
  }

  private async queueMail(trx: Kysely<Database>, mail: Mail, requestId: string | null, now: string) {
    await trx
      .insertInto('outbox')
      .values({
        id: randomUUID(),
        recipient: mail.recipient,
        subject: mail.subject,
        body: mail.body,
        request_id: requestId,
        status: 'pending',
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
  }

  private async schedule(trx: Kysely<Database>, job: ScheduledJob) {
    await trx
      .insertInto('jobs')
      .values({
        id: randomUUID(),
        kind: job.kind,
        subject: job.subject,
        run_at: job.runAt,
        status: 'pending',
      })
      .execute();
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

  async transition(
    id: string,
    change: Parameters<ResponseStore['transition']>[1],
  ): Promise<ResponseRequestRow | undefined> {
    // Read before the transaction, and written only if still so: the transaction's first statement is then
    // a write, which waits for another process's write to finish (on SQLite a transaction that read first
    // could not write after another process did).
    const before = await this.db
      .selectFrom('response_requests')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!before || !change.from.includes(before.status)) return undefined;
    const row = await this.db.transaction().execute(async (trx) => {
      let update = trx
        .updateTable('response_requests')
        .set({ ...change.set, updated_at: change.event.at })
        .where('id', '=', id)
        .where('status', '=', before.status);
      if (change.nonce !== undefined) update = update.where('link_nonce', '=', change.nonce);
      const row = await update.returningAll().executeTakeFirst();
      if (!row) return undefined;
      // The request's row is locked by the update above: no other writer numbers an event meanwhile.
      const last = await trx
        .selectFrom('response_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('request_id', '=', id)
        .executeTakeFirst();
      await trx
        .insertInto('response_events')
        .values({
          id: randomUUID(),
          request_id: id,
          seq: Number(last?.seq ?? 0) + 1,
          record_id: row.record_id,
          at: change.event.at,
          action: change.event.action,
          from_status: before.status,
          to_status: row.status,
          actor: change.event.actor,
          note: change.event.note ?? null,
        })
        .execute();
      for (const mail of change.mails ?? []) await this.queueMail(trx, mail, id, change.event.at);
      for (const job of change.jobs ?? []) await this.schedule(trx, job);
      if (change.cancelJobs?.length) {
        await trx
          .updateTable('jobs')
          .set({ status: 'cancelled', done_at: change.event.at })
          .where('subject', '=', id)
          .where('kind', 'in', change.cancelJobs)
          .where('status', '=', 'pending')
          .execute();
      }
      if (change.cancelMails) {
        await trx
          .updateTable('outbox')
          .set({ status: 'cancelled', claimed_until: null })
          .where('request_id', '=', id)
          .where('status', '=', 'pending')
          .execute();
      }
      return row;
    });
    if (row) await this.changed();
    return row;
  }

  async publicRequests(period: { from?: string; to?: string }): Promise<PublicRequestFacts[]> {
    let query = this.db
      .selectFrom('response_requests')
      .innerJoin('records', 'records.id', 'response_requests.record_id')
      .select([
        'response_requests.record_id',
        'response_requests.company_name',
        'response_requests.company_id',
        'response_requests.status',
        'response_requests.review',
        'response_requests.requested_at',
        'records.location_country',
      ])
      .where('records.status', '=', 'published');
    if (period.from) query = query.where('response_requests.requested_at', '>=', period.from);
    // Timestamps are ISO strings: every moment of the last day sorts before "YYYY-MM-DDT99".
    if (period.to) query = query.where('response_requests.requested_at', '<', `${period.to}T99`);
    const rows = await query.execute();
    const recordIds = [...new Set(rows.map((row) => row.record_id))];
    const sectors = new Map<string, Set<string>>();
    for (let start = 0; start < recordIds.length; start += 500) {
      const groups = await this.db
        .selectFrom('affected_groups')
        .select(['record_id', 'sector'])
        .where('record_id', 'in', recordIds.slice(start, start + 500))
        .where('sector', 'is not', null)
        .execute();
      for (const group of groups) {
        const set = sectors.get(group.record_id) ?? new Set<string>();
        set.add(group.sector!);
        sectors.set(group.record_id, set);
      }
    }
    return rows.map((row) => ({
      recordId: row.record_id,
      companyName: row.company_name,
      companyId: row.company_id,
      status: row.status,
      review: row.review,
      requestedAt: row.requested_at,
      country: row.location_country,
      sectors: [...(sectors.get(row.record_id) ?? [])].sort(),
    }));
  }

  openRequests() {
    return this.db
      .selectFrom('response_requests')
      .selectAll()
      .where((eb) => eb.or([eb('status', 'in', ['requested', 'reminded']), eb('review', '=', 'pending')]))
      .orderBy('deadline')
      .execute();
  }

  /**
   * One statement claims the due rows: on PostgreSQL the inner select skips rows another process holds, and
   * the outer condition is checked again on the row as it is when locked; SQLite has one writer at a time.
   */
  claimMails(owner: string, now: string, until: string, limit: number): Promise<OutboxRow[]> {
    return this.claim<OutboxRow>(QUEUES.outbox, owner, now, until, limit);
  }

  private async claim<Row>(
    queue: Queue,
    owner: string,
    now: string,
    until: string,
    limit: number,
  ): Promise<Row[]> {
    const lock = this.backend === 'postgres' ? sql`for update skip locked` : sql``;
    const table = sql.table(queue.table);
    const dueAt = sql.ref(queue.dueAt);
    const busy = sql.lit(queue.busy);
    const due = sql`((status = 'pending' and ${dueAt} <= ${now}) or (status = ${busy} and claimed_until < ${now}))`;
    const result = await sql<Row>`
      update ${table} set status = ${busy}, claimed_by = ${owner}, claimed_until = ${until},
        attempts = attempts + 1
      where id in (select id from ${table} where ${due} order by ${dueAt} limit ${limit} ${lock})
        and ${due}
      returning *`.execute(this.db);
    return result.rows;
  }

  /** Gives a claimed mail or job back: due again at `retryAt`, or failed for good when that is null. */
  private async release(queue: Queue, id: string, owner: string, error: string, retryAt: string | null) {
    await sql`
      update ${sql.table(queue.table)}
      set status = ${retryAt ? 'pending' : 'failed'},
        ${sql.ref(queue.dueAt)} = coalesce(${retryAt}, ${sql.ref(queue.dueAt)}),
        claimed_until = null, last_error = ${error.slice(0, 500)}
      where id = ${id} and claimed_by = ${owner}`.execute(this.db);
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
    return this.release(QUEUES.outbox, id, owner, error, retryAt);
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
    return this.claim<JobRow>(QUEUES.jobs, owner, now, until, limit);
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
    return this.release(QUEUES.jobs, id, owner, error, retryAt);
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
