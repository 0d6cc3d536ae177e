import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The two work queues of company responses: mails to send (the outbox) and jobs to run (reminders,
 * deadlines), queued, claimed and released the same way. A claim is one statement that succeeds for one
 * process only, on SQLite and on PostgreSQL alike.
 */

/** An e-mail to queue. */
export interface Mail {
  recipient: string;
  subject: string;
  body: string;
}

/** A job to run at a time. */
export interface ScheduledJob {
  kind: string;
  subject: string;
  runAt: string;
}

interface Queue {
  table: 'outbox' | 'jobs';
  /** The column that says when a row is due. */
  dueAt: 'next_attempt_at' | 'run_at';
  /** The status of a claimed row. */
  busy: 'sending' | 'running';
}
export const QUEUES = {
  outbox: { table: 'outbox', dueAt: 'next_attempt_at', busy: 'sending' },
  jobs: { table: 'jobs', dueAt: 'run_at', busy: 'running' },
} as const satisfies Record<string, Queue>;

export async function queueMail(db: Kysely<Database>, mail: Mail, requestId: string | null, now: string) {
  await db
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

export async function scheduleJob(db: Kysely<Database>, job: ScheduledJob) {
  await db
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

/**
 * One statement claims the due rows: on PostgreSQL the inner select skips rows another process holds, and
 * the outer condition is checked again on the row as it is when locked; SQLite has one writer at a time.
 */
export async function claim<Row>(
  db: Kysely<Database>,
  backend: 'sqlite' | 'postgres',
  queue: Queue,
  claimant: { owner: string; now: string; until: string; limit: number },
): Promise<Row[]> {
  const { owner, now, until, limit } = claimant;
  const lock = backend === 'postgres' ? sql`for update skip locked` : sql``;
  const table = sql.table(queue.table);
  const dueAt = sql.ref(queue.dueAt);
  const busy = sql.lit(queue.busy);
  const due = sql`((status = 'pending' and ${dueAt} <= ${now}) or (status = ${busy} and claimed_until < ${now}))`;
  const result = await sql<Row>`
    update ${table} set status = ${busy}, claimed_by = ${owner}, claimed_until = ${until},
      attempts = attempts + 1
    where id in (select id from ${table} where ${due} order by ${dueAt} limit ${limit} ${lock})
      and ${due}
    returning *`.execute(db);
  return result.rows;
}

/** Gives a claimed mail or job back: due again at `retryAt`, or failed for good when that is null. */
export async function release(
  db: Kysely<Database>,
  queue: Queue,
  claimed: { id: string; owner: string },
  error: string,
  retryAt: string | null,
): Promise<void> {
  await sql`
    update ${sql.table(queue.table)}
    set status = ${retryAt ? 'pending' : 'failed'},
      ${sql.ref(queue.dueAt)} = coalesce(${retryAt}, ${sql.ref(queue.dueAt)}),
      claimed_until = null, last_error = ${error.slice(0, 500)}
    where id = ${claimed.id} and claimed_by = ${claimed.owner}`.execute(db);
}
