import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.ts';

/**
 * Writes a response request in any state straight into the table, as the figures' tests need many of them
 * (the workflow would send e-mails and take one step at a time). Caches learn of it only from a later write
 * or a store opened afterwards.
 */
export async function insertResponseRequest(
  db: Kysely<Database>,
  request: {
    recordId: string;
    companyName: string;
    status: string;
    review: string | null;
    requestedAt?: string;
  },
): Promise<void> {
  const at = request.requestedAt ?? '2026-01-05T10:00:00.000Z';
  await db
    .insertInto('response_requests')
    .values({
      id: randomUUID(),
      record_id: request.recordId,
      company_name: request.companyName,
      company_id: null,
      status: request.status,
      contact_email: 'press@example.test',
      contact_name: null,
      questions: 'Would you comment on these reports?',
      deadline: '2026-12-31',
      requested_at: at,
      requested_by: 'test',
      review: request.review,
      link_nonce: 'nonce',
      link_expires_at: '2027-01-30T00:00:00.000Z',
      updated_at: at,
    })
    .execute();
}
