import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  NewResponseRequest,
  PublicRequestFacts,
  RequestChange,
  ResponseRequestRow,
} from './responses.ts';
import type { Database } from './schema.ts';
import { queueMail, scheduleJob, type Mail, type ScheduledJob } from './work-queues.ts';

/** Ids per query where a list of them is matched with IN. */
const IDS_PER_QUERY = 500;

/** Writing requests to companies and their events: a new request, and a step of its workflow. */

/** A new request with its first event, its mail and its jobs, in one transaction. */
export async function insertRequest(
  db: Kysely<Database>,
  request: NewResponseRequest,
  now: string,
  mail: (id: string) => Mail,
  jobs: (id: string) => ScheduledJob[],
): Promise<ResponseRequestRow> {
  const id = randomUUID();
  return db.transaction().execute(async (trx) => {
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
    await queueMail(trx, mail(id), id, now);
    for (const job of jobs(id)) await scheduleJob(trx, job);
    return row;
  });
}

/** See ResponseStore.transition. */
export async function transitionRequest(
  db: Kysely<Database>,
  id: string,
  change: RequestChange,
): Promise<ResponseRequestRow | undefined> {
  // Read before the transaction, and written only if still so: the transaction's first statement is then
  // a write, which waits for another process's write to finish (on SQLite a transaction that read first
  // could not write after another process did).
  const before = await db
    .selectFrom('response_requests')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!before || !change.from.includes(before.status)) return undefined;
  return db.transaction().execute(async (trx) => {
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
    await followUps(trx, id, change);
    return row;
  });
}

/** The mails and jobs a step queues, and those it cancels. */
async function followUps(trx: Kysely<Database>, id: string, change: RequestChange): Promise<void> {
  for (const mail of change.mails ?? []) await queueMail(trx, mail, id, change.event.at);
  for (const job of change.jobs ?? []) await scheduleJob(trx, job);
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
}

/** See ResponseStore.publicRequests. */
export async function publicRequests(
  db: Kysely<Database>,
  period: { from?: string; to?: string },
): Promise<PublicRequestFacts[]> {
  let query = db
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
  const sectors = await sectorsOf(db, [...new Set(rows.map((row) => row.record_id))]);
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

/** The sectors of the affected groups of each record. */
async function sectorsOf(
  db: Kysely<Database>,
  recordIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const sectors = new Map<string, Set<string>>();
  for (let start = 0; start < recordIds.length; start += IDS_PER_QUERY) {
    const groups = await db
      .selectFrom('affected_groups')
      .select(['record_id', 'sector'])
      .where('record_id', 'in', recordIds.slice(start, start + IDS_PER_QUERY))
      .where('sector', 'is not', null)
      .execute();
    for (const { record_id: recordId, sector } of groups) {
      if (sector === null) continue;
      const set = sectors.get(recordId) ?? new Set<string>();
      set.add(sector);
      sectors.set(recordId, set);
    }
  }
  return sectors;
}
