import type { Kysely } from 'kysely';

/**
 * Company responses (DESIGN.md section 3), the outbox that sends their e-mails, and the job table of the
 * scheduler. Portable DDL: the same on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('response_requests')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('company_name', 'text', (column) => column.notNull())
    .addColumn('company_id', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    // Confidential: who at the company was asked. Never public.
    .addColumn('contact_email', 'text', (column) => column.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('questions', 'text', (column) => column.notNull())
    .addColumn('deadline', 'text', (column) => column.notNull())
    .addColumn('requested_at', 'text', (column) => column.notNull())
    .addColumn('requested_by', 'text', (column) => column.notNull())
    .addColumn('reminders', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('responded_at', 'text')
    // 'respond' or 'decline', as the company sent it
    .addColumn('response_kind', 'text')
    .addColumn('response_text', 'text')
    .addColumn('response_link', 'text')
    .addColumn('responder_name', 'text')
    // 'pending' (waits for an editor), 'published' or 'rejected'; null before a response
    .addColumn('review', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    // The private link's current nonce: a used or withdrawn link no longer verifies.
    .addColumn('link_nonce', 'text', (column) => column.notNull())
    .addColumn('link_expires_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('response_requests_record')
    .on('response_requests')
    .column('record_id')
    .execute();
  await db.schema.createIndex('response_requests_status').on('response_requests').column('status').execute();
  await db.schema
    .createIndex('response_requests_pair')
    .on('response_requests')
    .columns(['record_id', 'company_name'])
    .unique()
    .execute();

  await db.schema
    .createTable('response_events')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('request_id', 'text', (column) => column.notNull())
    // The event's place in its request's history: 1, 2, 3... (two events may share a millisecond).
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('record_id', 'text', (column) => column.notNull())
    .addColumn('at', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor', 'text', (column) => column.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('response_events_request').on('response_events').column('request_id').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('recipient', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('request_id', 'text')
    // 'pending', 'sending' (claimed by a process until claimed_until), 'sent', 'failed' (gave up) or
    // 'cancelled' (its request was answered or closed before it went out)
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (column) => column.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (column) => column.primaryKey())
    // What to do ('remind', 'expire') and on what: one pending job per kind and subject.
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('run_at', 'text', (column) => column.notNull())
    // 'pending', 'running' (claimed until claimed_until), 'done', 'cancelled', 'failed' (gave up)
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('done_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
}
